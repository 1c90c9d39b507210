// Regression tests for bugs fuzz_sync_request found (tests/fuzz, docs/testing.md "Fuzzing"), carried
// over to the v2 wire format: numbers that do not fit are refused, never wrapped into a value the
// server did not state.
#include "sync/protocol/sync_wire.h"

#include <doctest/doctest.h>

using namespace selfdirect::sync::protocol;

namespace {
std::string answer_with(const std::string& result_fields) {
    return R"({"protocol":2,"restore_epoch":"3f1c0e2a9b7d4c55","server_time":1,"results":[{"index":0,)" +
           result_fields + "}]}";
}
} // namespace

TEST_CASE("a server answer whose revision does not fit in 32 bits is refused, not wrapped") {
    // 4294967297 used to be read as revision 1.
    auto ok = parse_upload_response(answer_with(R"("result":"rejected","revision":4294967295)"));
    REQUIRE(ok.ok());
    CHECK(ok->results[0].revision == 4294967295u);
    auto wrapped = parse_upload_response(answer_with(R"("result":"rejected","revision":4294967297)"));
    REQUIRE_FALSE(wrapped.ok());
    CHECK(wrapped.error().code == "sync.bad_response");
}

TEST_CASE("a receipt whose seq does not fit in 64 signed bits is refused, not wrapped") {
    // 18446744073709551615 used to be read as seq -1.
    const std::string good_sig = std::string(86, 'A') + "==";
    auto receipt = [&](const std::string& seq) {
        return R"("result":"stored","receipt":{"record_id":"r","revision":1,"envelope_hash":"h","server_seq":)" + seq +
               R"(,"server_time":1,"restore_epoch":"e","signature":")" + good_sig + R"("})";
    };
    CHECK(parse_upload_response(answer_with(receipt("9223372036854775807"))).ok());
    auto wrapped = parse_upload_response(answer_with(receipt("18446744073709551615")));
    REQUIRE_FALSE(wrapped.ok());
    CHECK(wrapped.error().code == "sync.bad_response");
    CHECK_FALSE(parse_upload_response(answer_with(receipt("-1"))).ok());
    CHECK_FALSE(parse_upload_response(answer_with(receipt("1.5"))).ok());
}
