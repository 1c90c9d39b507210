// Jittered exponential backoff (see backoff.h).
#include "sync/client/backoff.h"

#include <algorithm>
#include <cmath>

namespace selfdirect::sync {

std::int64_t backoff_seconds(int failures, double unit) {
    const int n = std::max(1, failures);
    // 5 × 2^11 already exceeds the cap; stop doubling there so large n cannot overflow.
    std::int64_t base = kBackoffBaseSeconds << std::min(n - 1, 12);
    base = std::min(base, kBackoffCapSeconds);
    if (!(unit >= 0.0)) unit = 0.0; // nan, negative
    unit = std::min(unit, 1.0);
    const double factor = 0.5 + 0.5 * unit;
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::llround(static_cast<double>(base) * factor)));
}

} // namespace selfdirect::sync
