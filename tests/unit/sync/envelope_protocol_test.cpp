// The submit answer's JSON: what the server writes, the uploader reads back unchanged; anything
// else is refused rather than guessed at.
#include "sync/protocol/envelope_protocol.h"

#include <doctest/doctest.h>

using namespace selfdirect::sync::protocol;

TEST_CASE("a submit answer survives a round trip through JSON") {
    SubmitResponse original;
    original.result = SubmitResult::duplicate;
    original.record_id = "3f2a9c1e-0000-4000-8000-000000000001";
    original.revision = 2;
    original.envelope_hash = std::string(64, 'a');
    original.seq = 42;

    auto parsed = parse_submit_response(to_json(original));
    REQUIRE(parsed.ok());
    CHECK(parsed->result == SubmitResult::duplicate);
    CHECK(parsed->record_id == original.record_id);
    CHECK(parsed->revision == 2);
    CHECK(parsed->envelope_hash == original.envelope_hash);
    CHECK(parsed->seq == 42);
    CHECK(parsed->reason.empty());
}

TEST_CASE("an answer that is not JSON or has an unknown result is refused") {
    CHECK_FALSE(parse_submit_response("<html>502 Bad Gateway</html>").ok());
    CHECK_FALSE(parse_submit_response(R"({"result":"ok"})").ok());
    CHECK_FALSE(parse_submit_response(R"({"status":"stored"})").ok());
    CHECK_FALSE(parse_submit_response(R"(["stored"])").ok());
    CHECK(parse_submit_response("nonsense").error().code == "sync.bad_response");
}

TEST_CASE("each result has its documented HTTP status") {
    CHECK(http_status(SubmitResult::stored) == 201);
    CHECK(http_status(SubmitResult::duplicate) == 200);
    CHECK(http_status(SubmitResult::conflict) == 409);
    CHECK(http_status(SubmitResult::rejected) == 400);
    CHECK(http_status(SubmitResult::error) == 503);
}
