// The device's retry delay after failures (docs/sync-protocol.md, "Order and retries"): jittered
// exponential backoff, min(3600, 5 × 2^(n−1)) seconds after the n-th consecutive failure, times a
// uniform factor in [0.5, 1.0]. Its own file so the formula is tested exactly, with a fixed "random".
#pragma once

#include <cstdint>

namespace selfdirect::sync {

inline constexpr std::int64_t kBackoffBaseSeconds = 5;
inline constexpr std::int64_t kBackoffCapSeconds = 3600;

// `failures` >= 1 (smaller is treated as 1); `unit` is a uniform random number in [0, 1).
// Never less than 1 second.
std::int64_t backoff_seconds(int failures, double unit);

} // namespace selfdirect::sync
