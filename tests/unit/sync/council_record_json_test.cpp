// A sealed record is hostile input even after it decrypts: the council tool parses it under a nesting
// cap, keeps each decimal as the device wrote it, prints bytes that are not UTF-8 without throwing,
// and opens a stored envelope only under the identity its signature covers (open_stored_record).
#include "sync/council/council_records.h"
#include "sync/council/export_json.h"
#include "sync/council/export_record.h"
#include "sync/council/record_json.h"
#include "sync/protocol/untrusted_json.h"
#include "vault/envelope.h"
#include "vault/signature.h"

#include <doctest/doctest.h>

#include <string>

using namespace selfdirect;
using namespace selfdirect::council;

namespace {

std::string nested(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

struct Sealed {
    vault::CouncilKeyPair council;
    vault::SignKeyPair device = vault::generate_sign_keypair();

    Sealed() : council(vault::generate_council_keypair("council-test").value()) {}

    sync::StoredEnvelope store(const std::string& record_id, const std::string& plaintext, std::int64_t seq,
                               const std::string& form_id = "SAQ-D1") {
        vault::EnvelopeHeader header;
        header.record_id = record_id;
        header.form_id = form_id;
        header.form_version = "1";
        header.device_id = "kiosk-1";
        header.device_sign_public_key = device.public_key;
        header.council_key_ids = {council.key_id};
        header.created_unix = 1795000000;
        auto sealed = vault::seal_record(vault::SecureBytes::from_string(plaintext), header,
                                         vault::CouncilPublicKey{council.key_id, council.public_key}, device.secret_key);
        REQUIRE(sealed.ok());
        sync::StoredEnvelope s;
        s.seq = seq;
        s.record_id = record_id;
        s.revision = 1;
        s.envelope = sealed.value();
        s.envelope_hash = vault::envelope_hash(s.envelope);
        s.device_id = "kiosk-1";
        s.server_time = 1795000100;
        return s;
    }
};

} // namespace

TEST_CASE("the nesting pre-scan refuses depth over the cap and does not count brackets inside strings") {
    CHECK(sync::json_depth_within(nested(sync::kMaxJsonDepth)));
    CHECK_FALSE(sync::json_depth_within(nested(sync::kMaxJsonDepth + 1)));
    CHECK(sync::json_depth_within("[\"" + std::string(1000, '[') + "\\\"\"]"));
    CHECK(sync::parse_untrusted_json(nested(100000)).is_discarded());
    CHECK(sync::parse_untrusted_json("{\"a\":[1,2]}").is_object());
}

TEST_CASE("a record nested 100000 deep is refused as council.record_too_deep without a crash") {
    auto parsed = parse_record_json("{\"item\":" + nested(100000) + "}");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == "council.record_too_deep");
    auto broken = parse_record_json("{\"item\": [}");
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().code == "council.record_not_json");
}

TEST_CASE("a decimal keeps the text the device wrote through parse, answer text and print") {
    auto parsed = parse_record_json(R"({"a":1.10,"b":2.50E+3,"c":7,"d":-0.0,"e":[1.0]})");
    REQUIRE(parsed.ok());
    const auto& doc = parsed.value();
    CHECK(number_lexeme(doc["a"]) == "1.10");
    CHECK(number_value(doc["a"]).value() == doctest::Approx(1.1));
    CHECK(number_lexeme(doc["b"]) == "2.50E+3");
    CHECK(number_lexeme(doc["c"]) == "7");
    CHECK(answer_text(nlohmann::json{{"valueDecimal", doc["a"]}}) == "1.10");
    CHECK(dump_record_json(doc, -1) == R"({"a":1.10,"b":2.50E+3,"c":7,"d":-0.0,"e":[1.0]})");
    CHECK(dump_record_json(doc, 2).find("\"a\": 1.10,") != std::string::npos);
}

TEST_CASE("the record printer lays out JSON as nlohmann does for ordinary values") {
    const auto doc = nlohmann::json::parse(R"({"x":[1,{"y":"z"},[],{}],"n":null,"t":true,"s":"é"})");
    CHECK(dump_record_json(doc, 2) == doc.dump(2));
    CHECK(dump_record_json(doc, -1) == doc.dump());
}

TEST_CASE("printing a string that is not UTF-8 replaces the bytes instead of throwing") {
    const nlohmann::json doc{{"form_id", std::string("SAQ-\xff")}};
    CHECK_THROWS(doc.dump()); // what aborted the council tool
    CHECK(dump_record_json(doc, -1) == "{\"form_id\":\"SAQ-\xEF\xBF\xBD\"}");
    CHECK(is_valid_utf8("caf\xC3\xA9"));
    CHECK_FALSE(is_valid_utf8("SAQ-\xff"));
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));     // surrogate
    CHECK_FALSE(is_valid_utf8("\xE2\x82"));         // truncated
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
}

TEST_CASE("open_stored_record takes identity from the signed header and refuses a row that names another") {
    Sealed sealed;
    auto a = sealed.store("record-a", R"({"resourceType":"QuestionnaireResponse","id":"a"})", 1);
    auto b = sealed.store("record-b", R"({"resourceType":"QuestionnaireResponse","id":"b"})", 2);

    auto opened = open_stored_record(a, sealed.council);
    REQUIRE(opened.ok());
    CHECK(opened->meta.record_id == "record-a");
    CHECK(opened->meta.server_seq == 1);
    CHECK(opened->response["id"] == "a");

    std::swap(a.envelope, b.envelope); // two rows' envelopes swapped in the store
    std::swap(a.envelope_hash, b.envelope_hash);
    auto swapped = open_stored_record(a, sealed.council);
    REQUIRE_FALSE(swapped.ok());
    CHECK(swapped.error().code == "council.row_mismatch");

    auto c = sealed.store("record-c", R"({"id":"c"})", 3);
    c.envelope_hash = std::string(64, '0');
    auto rehashed = open_stored_record(c, sealed.council);
    REQUIRE_FALSE(rehashed.ok());
    CHECK(rehashed.error().code == "council.hash_mismatch");
}

TEST_CASE("open_stored_record quarantines a non-UTF-8 header, a too-deep body and a non-object") {
    Sealed sealed;
    auto bad_header = open_stored_record(sealed.store("r1", R"({"id":"x"})", 1, "SAQ-\xff"), sealed.council);
    REQUIRE_FALSE(bad_header.ok());
    CHECK(bad_header.error().code == "council.header_not_utf8");
    auto deep = open_stored_record(sealed.store("r2", "{\"item\":" + nested(100000) + "}", 2), sealed.council);
    REQUIRE_FALSE(deep.ok());
    CHECK(deep.error().code == "council.record_too_deep");
    auto array = open_stored_record(sealed.store("r3", "[1]", 3), sealed.council);
    REQUIRE_FALSE(array.ok());
    CHECK(array.error().code == "council.record_not_object");
}

TEST_CASE("a record label writes bytes outside printable ASCII as hex") {
    CHECK(record_label("id\x1b[2J\xff", 2, 9) == "record id\\x1b[2J\\xff rev 2 (seq 9)");
}
