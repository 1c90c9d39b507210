// Regression tests for bugs fuzz_sync_request found (tests/fuzz, docs/testing.md "Fuzzing").
#include "sync/protocol/envelope_protocol.h"

#include <doctest/doctest.h>

using namespace selfdirect::sync::protocol;

TEST_CASE("a server answer whose revision does not fit in 32 bits is refused, not wrapped") {
    // 4294967297 used to be read as revision 1.
    auto ok = parse_submit_response(R"({"result":"stored","record_id":"r","revision":4294967295,"seq":1})");
    REQUIRE(ok.ok());
    CHECK(ok->revision == 4294967295u);
    auto wrapped = parse_submit_response(R"({"result":"stored","record_id":"r","revision":4294967297,"seq":1})");
    REQUIRE_FALSE(wrapped.ok());
    CHECK(wrapped.error().code == "sync.bad_response");
}

TEST_CASE("a server answer whose seq does not fit in 64 signed bits is refused, not wrapped") {
    // 18446744073709551615 used to be read as seq -1.
    auto wrapped = parse_submit_response(R"({"result":"stored","revision":1,"seq":18446744073709551615})");
    REQUIRE_FALSE(wrapped.ok());
    CHECK(wrapped.error().code == "sync.bad_response");
    CHECK(parse_submit_response(R"({"result":"stored","revision":1,"seq":9223372036854775807})").ok());
}
