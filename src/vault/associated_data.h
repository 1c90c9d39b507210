// The associated data of every AEAD the vault uses (draft answers, wrapped keys): length-prefixed
// fields, so ("ab", "c") and ("a", "bc") can never give the same bytes. One place, so the drafts
// and the key wraps cannot drift apart in how they bind their context.
#pragma once

#include "vault/bytes.h"

#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace selfdirect::vault::detail {

// Each field as a 4-byte little-endian length, then its bytes. Sized up front: one allocation,
// and GCC 12 at -O2 no longer misreads push_back-then-insert as a buffer overflow.
inline Bytes length_prefixed(std::initializer_list<std::string_view> fields) {
    std::size_t total = 0;
    for (std::string_view f : fields) total += 4 + f.size();
    Bytes ad(total);
    std::size_t at = 0;
    for (std::string_view f : fields) {
        const auto n = static_cast<std::uint32_t>(f.size());
        for (int i = 0; i < 4; ++i) ad[at++] = static_cast<std::uint8_t>(n >> (8 * i));
        for (char c : f) ad[at++] = static_cast<std::uint8_t>(c);
    }
    return ad;
}

} // namespace selfdirect::vault::detail
