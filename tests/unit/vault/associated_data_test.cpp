// The one length-prefixed associated-data encoder that draft encryption and key wrapping share: its
// bytes are part of every stored draft and wrapped key, so they are pinned here.
#include "vault/associated_data.h"

#include <doctest/doctest.h>

using selfdirect::vault::Bytes;
using selfdirect::vault::detail::length_prefixed;

TEST_CASE("associated data is each field's 4-byte little-endian length followed by its bytes") {
    const Bytes ad = length_prefixed({"ab", "", "c"});
    const Bytes expected{2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0, 1, 0, 0, 0, 'c'};
    CHECK(ad == expected);
}

TEST_CASE("moving a byte from one field to the next changes the associated data") {
    CHECK(length_prefixed({"selfdirect.drafts.v1", "ab", "c"}) != length_prefixed({"selfdirect.drafts.v1", "a", "bc"}));
}
