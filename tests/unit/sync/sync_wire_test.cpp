// The v2 wire contract (sync/protocol/sync_wire.h): the exact bytes receipts and enrolment answers
// sign, that every signed field matters, that JSON survives a round trip, and that hostile input
// (wrong types, oversized base64, unknown protocol) is refused rather than guessed at.
#include "sync/protocol/sync_wire.h"
#include "vault/signature.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <vector>
#include <string>

using namespace selfdirect;
using namespace selfdirect::sync::protocol;

namespace {

Receipt sample_receipt() {
    Receipt r;
    r.record_id = "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10";
    r.revision = 1;
    r.envelope_hash = std::string(64, 'a');
    r.server_seq = 17;
    r.server_time = 1795000000;
    r.restore_epoch = "3f1c0e2a9b7d4c55";
    return r;
}

vault::SignKeyPair signed_receipt(Receipt& r) {
    auto keys = vault::generate_sign_keypair();
    auto sig = sign_receipt(r, keys.secret_key);
    REQUIRE(sig.ok());
    r.signature = sig.value();
    return keys;
}

} // namespace

TEST_CASE("a receipt signs exactly the seven documented lines") {
    const Receipt r = sample_receipt();
    CHECK(receipt_signed_text(r) == "selfdirect-receipt-v2\n"
                                    "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10\n"
                                    "1\n" +
                                        std::string(64, 'a') +
                                        "\n"
                                        "17\n"
                                        "1795000000\n"
                                        "3f1c0e2a9b7d4c55\n");
}

TEST_CASE("a signed receipt verifies with its public key and not with another") {
    Receipt r = sample_receipt();
    auto keys = signed_receipt(r);
    CHECK(r.signature.size() == 64);
    CHECK(receipt_signature_valid(r, keys.public_key));
    CHECK(receipt_matches(r, keys.public_key, r.record_id, 1, r.envelope_hash));
    auto other = vault::generate_sign_keypair();
    CHECK_FALSE(receipt_signature_valid(r, other.public_key));
    CHECK_FALSE(receipt_signature_valid(r, vault::Bytes(31, 1)));
}

TEST_CASE("signing a receipt is deterministic so a duplicate's receipt is byte-identical") {
    Receipt a = sample_receipt();
    auto keys = signed_receipt(a);
    auto again = sign_receipt(sample_receipt(), keys.secret_key);
    REQUIRE(again.ok());
    CHECK(again.value() == a.signature);
}

TEST_CASE("a receipt secret key of the wrong size is refused") {
    auto result = sign_receipt(sample_receipt(), vault::SecureBytes(32));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "sync.bad_key");
}

TEST_CASE("changing any signed field of a receipt breaks its signature") {
    Receipt base = sample_receipt();
    auto keys = signed_receipt(base);
    std::vector<Receipt> tampered(7, base);
    tampered[0].record_id = "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a11";
    tampered[1].revision = 2;
    tampered[2].envelope_hash = std::string(63, 'a') + "b";
    tampered[3].server_seq = 18;
    tampered[4].server_time = 1795000001;
    tampered[5].restore_epoch = "3f1c0e2a9b7d4c56";
    tampered[6].signature[10] ^= 1;
    for (const auto& t : tampered) CHECK_FALSE(receipt_signature_valid(t, keys.public_key));
}

TEST_CASE("a device refuses a valid receipt that names a different record, revision or hash") {
    Receipt r = sample_receipt();
    auto keys = signed_receipt(r);
    CHECK_FALSE(receipt_matches(r, keys.public_key, "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a11", 1, r.envelope_hash));
    CHECK_FALSE(receipt_matches(r, keys.public_key, r.record_id, 2, r.envelope_hash));
    CHECK_FALSE(receipt_matches(r, keys.public_key, r.record_id, 1, std::string(64, 'b')));
}

TEST_CASE("a receipt survives a round trip through JSON and its field names are the documented ones") {
    Receipt r = sample_receipt();
    auto keys = signed_receipt(r);
    const std::string text = to_json(r);
    const auto j = nlohmann::json::parse(text);
    for (const char* name : {"record_id", "revision", "envelope_hash", "server_seq", "server_time", "restore_epoch",
                             "signature"}) {
        CHECK_MESSAGE(j.contains(name), name);
    }
    auto parsed = parse_receipt(text);
    REQUIRE(parsed.ok());
    CHECK(parsed->record_id == r.record_id);
    CHECK(parsed->server_seq == 17);
    CHECK(parsed->signature == r.signature);
    CHECK(receipt_signature_valid(parsed.value(), keys.public_key));
    CHECK_FALSE(parse_receipt(R"({"record_id":"x"})").ok());
    Receipt split = r;
    split.record_id = "0b8f4a52\n1";
    CHECK_FALSE(parse_receipt(to_json(split)).ok()); // a newline would let the signed lines shift
}

TEST_CASE("an upload request survives a round trip through JSON") {
    UploadRequest request;
    request.device_id = "kiosk-central-library-1";
    request.envelopes = {vault::Bytes{1, 2, 3}, vault::Bytes(1000, 7)};
    auto parsed = parse_upload_request(to_json(request));
    REQUIRE(parsed.ok());
    CHECK(parsed->device_id == request.device_id);
    CHECK(parsed->envelopes == request.envelopes);
    CHECK(parsed->oversized.empty());
}

TEST_CASE("a malformed upload request is refused as a whole") {
    const std::string b64 = "AQID";
    for (const std::string& body : std::vector<std::string>{
             "not json",
             "[]",
             R"({"protocol":1,"device_id":"d","envelopes":["AQID"]})",
             R"({"protocol":"2","device_id":"d","envelopes":["AQID"]})",
             R"({"protocol":2.5,"device_id":"d","envelopes":["AQID"]})",
             R"({"device_id":"d","envelopes":["AQID"]})",
             R"({"protocol":2,"envelopes":["AQID"]})",
             R"({"protocol":2,"device_id":"bad device","envelopes":["AQID"]})",
             R"({"protocol":2,"device_id":"","envelopes":["AQID"]})",
             R"({"protocol":2,"device_id":"d","envelopes":[]})",
             R"({"protocol":2,"device_id":"d","envelopes":"AQID"})",
             R"({"protocol":2,"device_id":"d","envelopes":[3]})",
             R"({"protocol":2,"device_id":"d","envelopes":["not base64!"]})",
             R"({"protocol":2,"device_id":"d","envelopes":["AQI"]})",
         }) {
        auto parsed = parse_upload_request(body);
        CHECK_MESSAGE(!parsed.ok(), body);
        if (!parsed.ok()) CHECK(parsed.error().code == "sync.bad_request");
    }
}

TEST_CASE("an upload request holds at most 100 envelopes") {
    nlohmann::json j{{"protocol", 2}, {"device_id", "d"}, {"envelopes", nlohmann::json::array()}};
    for (int i = 0; i < 100; ++i) j["envelopes"].push_back("AQID");
    CHECK(parse_upload_request(j.dump()).ok());
    j["envelopes"].push_back("AQID");
    CHECK_FALSE(parse_upload_request(j.dump()).ok());
}

TEST_CASE("an envelope whose base64 is over the cap is listed as oversized without being decoded") {
    // Not valid base64 at all: were it decoded, the whole request would be refused.
    const std::string huge(((kMaxEnvelopeBytes + 2) / 3) * 4 + 4, '!');
    nlohmann::json j{{"protocol", 2}, {"device_id", "d"}, {"envelopes", {"AQID", huge, "BAUG"}}};
    auto parsed = parse_upload_request(j.dump());
    REQUIRE(parsed.ok());
    REQUIRE(parsed->envelopes.size() == 3);
    CHECK(parsed->oversized == std::vector<std::size_t>{1});
    CHECK(parsed->envelopes[1].empty());
    CHECK(parsed->envelopes[2] == vault::Bytes{4, 5, 6});
}

TEST_CASE("an envelope of exactly the cap is accepted") {
    UploadRequest request;
    request.device_id = "d";
    request.envelopes = {vault::Bytes(kMaxEnvelopeBytes, 0x5a)};
    auto parsed = parse_upload_request(to_json(request));
    REQUIRE(parsed.ok());
    CHECK(parsed->oversized.empty());
    CHECK(parsed->envelopes[0].size() == kMaxEnvelopeBytes);
}

TEST_CASE("an upload answer survives a round trip through JSON, in request order") {
    Receipt r = sample_receipt();
    signed_receipt(r);
    UploadResponse response;
    response.restore_epoch = "3f1c0e2a9b7d4c55";
    response.server_time = 1795000000;
    EnvelopeOutcome stored;
    stored.index = 0;
    stored.result = UploadResult::stored;
    stored.record_id = r.record_id;
    stored.revision = 1;
    stored.envelope_hash = r.envelope_hash;
    stored.receipt = r;
    EnvelopeOutcome conflict;
    conflict.index = 1;
    conflict.result = UploadResult::conflict;
    conflict.record_id = "77aa0000-0000-4000-8000-000000000000";
    conflict.revision = 1;
    conflict.envelope_hash = std::string(64, 'c');
    conflict.reason = reason::kRevisionExists;
    EnvelopeOutcome rejected;
    rejected.index = 2;
    rejected.result = UploadResult::rejected;
    rejected.reason = reason::kEnvelopeMalformed;
    response.results = {stored, conflict, rejected};

    auto parsed = parse_upload_response(to_json(response));
    REQUIRE(parsed.ok());
    CHECK(parsed->restore_epoch == response.restore_epoch);
    CHECK(parsed->server_time == response.server_time);
    REQUIRE(parsed->results.size() == 3);
    CHECK(parsed->results[0].result == UploadResult::stored);
    REQUIRE(parsed->results[0].receipt.has_value());
    CHECK(parsed->results[0].receipt->signature == r.signature);
    CHECK(parsed->results[1].result == UploadResult::conflict);
    CHECK(parsed->results[1].reason == "record.revision_exists");
    CHECK_FALSE(parsed->results[1].receipt.has_value());
    CHECK(parsed->results[2].index == 2);
    CHECK(parsed->results[2].reason == "envelope.malformed");
    CHECK(parsed->results[2].record_id.empty());
}

TEST_CASE("an upload answer that is not well formed is refused") {
    for (const std::string& body : std::vector<std::string>{
             "<html>502</html>",
             R"({"protocol":2,"server_time":1,"results":[]})",
             R"({"protocol":3,"restore_epoch":"e","server_time":1,"results":[]})",
             R"({"protocol":2,"restore_epoch":"e","server_time":1,"results":[{"index":0,"result":"ok"}]})",
             R"({"protocol":2,"restore_epoch":"e","server_time":1,"results":[{"index":-1,"result":"stored"}]})",
             R"({"protocol":2,"restore_epoch":"e","server_time":1,"results":[{"index":0,"result":"stored","revision":4294967296}]})",
             R"({"protocol":2,"restore_epoch":"e","server_time":1,"results":[{"index":0,"result":"stored","receipt":{"record_id":"x"}}]})",
             R"({"protocol":2,"restore_epoch":"e","server_time":1,"results":[{"index":0,"result":"stored","record_id":5}]})",
         }) {
        auto parsed = parse_upload_response(body);
        CHECK_MESSAGE(!parsed.ok(), body);
        if (!parsed.ok()) CHECK(parsed.error().code == "sync.bad_response");
    }
}

TEST_CASE("each upload result has its documented name and unknown names are refused") {
    CHECK(to_string(UploadResult::stored) == "stored");
    CHECK(to_string(UploadResult::duplicate) == "duplicate");
    CHECK(to_string(UploadResult::conflict) == "conflict");
    CHECK(to_string(UploadResult::rejected) == "rejected");
    CHECK(to_string(UploadResult::error) == "error");
    CHECK(upload_result_from("duplicate") == UploadResult::duplicate);
    CHECK_FALSE(upload_result_from("Stored").has_value());
}

TEST_CASE("an enrolment request survives a round trip and its proof text is the documented one") {
    auto keys = vault::generate_sign_keypair();
    EnrolRequest request;
    request.device_id = "kiosk-central-library-1";
    request.code = "7G2K-QM4T-X9PA-HW3D";
    request.sign_public_key = keys.public_key;
    request.box_public_key = vault::Bytes(32, 9);
    const std::string text = enrol_proof_text(request);
    CHECK(text == "selfdirect-enrol-v2\nkiosk-central-library-1\n7G2K-QM4T-X9PA-HW3D\n" +
                      vault::to_base64(keys.public_key) + "\n" + vault::to_base64(request.box_public_key) + "\n");
    request.proof = vault::sign_detached(text, keys.secret_key).value();

    auto parsed = parse_enrol_request(to_json(request));
    REQUIRE(parsed.ok());
    CHECK(parsed->device_id == request.device_id);
    CHECK(parsed->code == request.code);
    CHECK(parsed->sign_public_key == request.sign_public_key);
    CHECK(parsed->box_public_key == request.box_public_key);
    CHECK(vault::verify_detached(enrol_proof_text(parsed.value()), parsed->proof, parsed->sign_public_key));
}

TEST_CASE("an enrolment request with a wrong key size, proof size or protocol is refused") {
    const std::string k32 = vault::to_base64(vault::Bytes(32, 1));
    const std::string k31 = vault::to_base64(vault::Bytes(31, 1));
    const std::string s64 = vault::to_base64(vault::Bytes(64, 1));
    auto body = [&](int protocol, const std::string& sign, const std::string& box, const std::string& proof) {
        return nlohmann::json{{"protocol", protocol}, {"device_id", "d"},    {"code", "7G2K-QM4T-X9PA-HW3D"},
                              {"sign_public_key", sign}, {"box_public_key", box}, {"proof", proof}}
            .dump();
    };
    CHECK(parse_enrol_request(body(2, k32, k32, s64)).ok());
    CHECK_FALSE(parse_enrol_request(body(1, k32, k32, s64)).ok());
    CHECK_FALSE(parse_enrol_request(body(2, k31, k32, s64)).ok());
    CHECK_FALSE(parse_enrol_request(body(2, k32, k31, s64)).ok());
    CHECK_FALSE(parse_enrol_request(body(2, k32, k32, k32)).ok());
    CHECK_FALSE(parse_enrol_request(R"({"protocol":2})").ok());
    CHECK(parse_enrol_request("{").error().code == "sync.bad_request");
}

TEST_CASE("an enrolment answer survives a round trip and signs the documented text") {
    EnrolResponse response;
    response.device_id = "tablet-7";
    response.restore_epoch = "3f1c0e2a9b7d4c55";
    auto server = vault::generate_sign_keypair();
    response.receipt_key = server.public_key;
    const vault::Bytes device_key(32, 4);
    const std::string text = enrolled_signed_text("tablet-7", device_key, response.restore_epoch);
    CHECK(text == "selfdirect-enrolled-v2\ntablet-7\n" + vault::to_base64(device_key) + "\n3f1c0e2a9b7d4c55\n");
    response.signature = vault::sign_detached(text, server.secret_key).value();
    const std::string json = to_json(response);
    CHECK(nlohmann::json::parse(json)["result"] == "enrolled");
    auto parsed = parse_enrol_response(json);
    REQUIRE(parsed.ok());
    CHECK(parsed->receipt_key == server.public_key);
    CHECK(vault::verify_detached(text, parsed->signature, parsed->receipt_key));
    CHECK_FALSE(parse_enrol_response(rejection_json("rejected", reason::kEnrolBadCode)).ok());
}

TEST_CASE("a rejection body names its result and reason") {
    const auto j = nlohmann::json::parse(rejection_json("rejected", reason::kMalformedRequest));
    CHECK(j["result"] == "rejected");
    CHECK(j["reason"] == "request.malformed");
}

TEST_CASE("an enrolment code is 16 Crockford characters in dashed groups and codes differ") {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        const auto code = generate_enrolment_code();
        const std::string text(code.view());
        REQUIRE(text.size() == 19);
        CHECK(text[4] == '-');
        CHECK(text[9] == '-');
        CHECK(text[14] == '-');
        CHECK(normalise_enrolment_code(text) == text);
        for (const char c : text) {
            if (c != '-') CHECK(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c) != std::string::npos);
        }
        seen.insert(text);
    }
    CHECK(seen.size() == 50);
}

TEST_CASE("a typed enrolment code is normalised the Crockford way") {
    CHECK(normalise_enrolment_code("7g2k-qm4t-x9pa-hw3d") == "7G2K-QM4T-X9PA-HW3D");
    CHECK(normalise_enrolment_code("7G2KQM4TX9PAHW3D") == "7G2K-QM4T-X9PA-HW3D");
    CHECK(normalise_enrolment_code(" 7G2K QM4T X9PA HW3D ") == "7G2K-QM4T-X9PA-HW3D");
    CHECK(normalise_enrolment_code("IL0O-0000-0000-0000") == "1100-0000-0000-0000");
    CHECK_FALSE(normalise_enrolment_code("7G2K-QM4T-X9PA-HW3").has_value());  // 15 characters
    CHECK_FALSE(normalise_enrolment_code("7G2K-QM4T-X9PA-HW3DD").has_value()); // 17
    CHECK_FALSE(normalise_enrolment_code("7G2K-QM4T-X9PA-HW3U").has_value());  // U is not Crockford
    CHECK_FALSE(normalise_enrolment_code("7G2K-QM4T-X9PA-HW3!").has_value());
    CHECK_FALSE(normalise_enrolment_code("").has_value());
}

TEST_CASE("the enrolment code hash is BLAKE2b-256 of the normalised text") {
    const auto hash = enrolment_code_hash("7G2K-QM4T-X9PA-HW3D");
    CHECK(hash.size() == 32);
    CHECK(hash == vault::blake2b_256("7G2K-QM4T-X9PA-HW3D"));
    CHECK(hash != enrolment_code_hash("7G2K-QM4T-X9PA-HW3E"));
    // RFC 7693-style known answer for the empty input (unkeyed BLAKE2b, 32-byte output).
    CHECK(vault::to_hex(enrolment_code_hash("")) == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST_CASE("a restore epoch is 16 lower-case hex characters and epochs differ") {
    const std::string a = generate_restore_epoch();
    CHECK(a.size() == 16);
    CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(a != generate_restore_epoch());
}

TEST_CASE("device ids follow the documented alphabet and length") {
    CHECK(is_valid_device_id("kiosk-central-library-1"));
    CHECK(is_valid_device_id("a.b_c:d"));
    CHECK(is_valid_device_id(std::string(64, 'x')));
    CHECK_FALSE(is_valid_device_id(std::string(65, 'x')));
    CHECK_FALSE(is_valid_device_id(""));
    CHECK_FALSE(is_valid_device_id("a b"));
    CHECK_FALSE(is_valid_device_id("a/b"));
}

TEST_CASE("record ids are lower-case UUID texts") {
    CHECK(is_valid_record_id("0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10"));
    CHECK_FALSE(is_valid_record_id("0B8F4A52-3C1E-4D7A-9E62-5F0C2D9B7A10"));
    CHECK_FALSE(is_valid_record_id("0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a1"));
    CHECK_FALSE(is_valid_record_id("0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a100"));
    CHECK_FALSE(is_valid_record_id("0b8f4a52_3c1e-4d7a-9e62-5f0c2d9b7a10"));
    CHECK_FALSE(is_valid_record_id("0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a1g"));
    CHECK_FALSE(is_valid_record_id(""));
}
