// Envelope v1 round trips and the sealing API: what the device seals only the listed council keys
// can open, the header comes back as sealed, and sealing refuses input nobody could verify.
// Tamper cases (docs/security.md, security-reliability.md §6.3) are in envelope_tamper_test.cpp.
#include "envelope_test_support.h"

#include <cstring>
#include <string>

using namespace envelope_test;

TEST_CASE("a sealed record verifies, keeps its header, and opens to the same plaintext") {
    const auto device = make_signing_keys();
    const auto council = make_council("council-2026");
    const std::string answers = R"({"q1":"I need help with stairs","q2":["meals","washing"]})";
    const Bytes env = seal(answers, device, council);

    CHECK(std::memcmp(env.data(), "SDEV\x01\x01", 6) == 0);
    auto header = verify_envelope(env);
    REQUIRE(header.ok());
    const auto expected = make_header(device, {council.key_id});
    CHECK(header->record_id == expected.record_id);
    CHECK(header->revision == expected.revision);
    CHECK(header->form_id == expected.form_id);
    CHECK(header->form_version == expected.form_version);
    CHECK(header->device_id == expected.device_id);
    CHECK(header->device_sign_public_key == device.public_key);
    CHECK(header->council_key_ids == std::vector<std::string>{"council-2026"});
    CHECK(header->padded_length == 256);
    CHECK(header->created_unix == expected.created_unix);

    auto opened = open_record(env, council);
    REQUIRE(opened.ok());
    CHECK(opened->view() == answers);
}

TEST_CASE("the plaintext does not appear in the envelope bytes") {
    const auto device = make_signing_keys();
    const auto council = make_council("c1");
    const std::string secret = "CANARY-envelope-4f1d2a";
    const Bytes env = seal(secret, device, council);
    const std::string bytes(env.begin(), env.end());
    CHECK(bytes.find(secret) == std::string::npos);
}

TEST_CASE("an empty record round-trips") {
    const auto device = make_signing_keys();
    const auto council = make_council("c1");
    const Bytes env = seal("", device, council);
    auto opened = open_record(env, council);
    REQUIRE(opened.ok());
    CHECK(opened->empty());
}

TEST_CASE("the device cannot open what it sealed: a different key pair with the same id fails to decrypt") {
    const auto device = make_signing_keys();
    const auto council = make_council("c1");
    const Bytes env = seal("{}", device, council);
    const auto impostor = make_council("c1");
    auto opened = open_record(env, impostor);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "envelope.decrypt_failed");
}

TEST_CASE("a council key with another id is reported as an unknown council key") {
    const auto device = make_signing_keys();
    const auto council = make_council("council-2026");
    const Bytes env = seal("{}", device, council);
    const auto other = make_council("council-2027");
    auto opened = open_record(env, other);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "envelope.unknown_council_key");
}

TEST_CASE("a record sealed to two council keys opens with either, and the header lists both in order") {
    const auto device = make_signing_keys();
    const auto current = make_council("council-2026");
    const auto next = make_council("council-2027");
    auto env = seal_record(SecureBytes::from_string("{\"q\":1}"), make_header(device, {"council-2026", "council-2027"}),
                           std::vector<CouncilPublicKey>{public_of(current), public_of(next)}, device.secret_key);
    REQUIRE(env.ok());
    auto header = verify_envelope(*env);
    REQUIRE(header.ok());
    CHECK(header->council_key_ids == std::vector<std::string>{"council-2026", "council-2027"});
    for (const auto* key : {&current, &next}) {
        auto opened = open_record(*env, *key);
        REQUIRE(opened.ok());
        CHECK(opened->view() == "{\"q\":1}");
    }
}

TEST_CASE("sealing refuses no recipients, more than eight, duplicates, and over-long header strings") {
    const auto device = make_signing_keys();
    const auto council = make_council("c1");
    const SecureBytes body = SecureBytes::from_string("{}");
    CHECK(code_of(seal_record(body, make_header(device, {}), std::vector<CouncilPublicKey>{}, device.secret_key)) ==
          "envelope.invalid_input");
    std::vector<CouncilPublicKey> nine;
    std::vector<std::string> nine_ids;
    for (int i = 0; i < 9; ++i) {
        nine.push_back({"k" + std::to_string(i), council.public_key});
        nine_ids.push_back("k" + std::to_string(i));
    }
    CHECK(code_of(seal_record(body, make_header(device, nine_ids), nine, device.secret_key)) == "envelope.invalid_input");
    CHECK(code_of(seal_record(body, make_header(device, {"c1", "c1"}),
                              std::vector<CouncilPublicKey>{public_of(council), public_of(council)}, device.secret_key)) ==
          "envelope.invalid_input");
    auto long_id = make_header(device, {"c1"});
    long_id.device_id = std::string(65, 'd');
    CHECK(code_of(seal_record(body, long_id, public_of(council), device.secret_key)) == "envelope.invalid_input");
    auto zero_rev = make_header(device, {"c1"});
    zero_rev.revision = 0;
    CHECK(code_of(seal_record(body, zero_rev, public_of(council), device.secret_key)) == "envelope.invalid_input");
    // Control: the same inputs with one valid recipient seal.
    CHECK(code_of(seal_record(body, make_header(device, {"c1"}), public_of(council), device.secret_key)) == "ok");
}

TEST_CASE("the padded length is a size bucket, so nearby plaintext lengths give the same envelope size") {
    const auto device = make_signing_keys();
    const auto council = make_council("c1");
    // 1 length byte + 8-byte device id + body + at least 1 pad byte: up to 246 body bytes fit 256.
    CHECK(seal("", device, council).size() == seal(std::string(246, 'x'), device, council).size());
    const Bytes small = seal(std::string(246, 'x'), device, council);
    const Bytes next = seal(std::string(247, 'x'), device, council);
    CHECK(next.size() == small.size() + 256);
    CHECK(verify_envelope(next)->padded_length == 512);
    const Bytes big = seal(std::string(150000, 'x'), device, council);
    CHECK(verify_envelope(big)->padded_length == 3 * 65536);
    auto opened = open_record(big, council);
    REQUIRE(opened.ok());
    CHECK(opened->view() == std::string(150000, 'x'));
}

TEST_CASE("sealing refuses a header whose public key does not match the signing key") {
    const auto device = make_signing_keys();
    const auto other = make_signing_keys();
    const auto council = make_council("c1");
    auto env = seal_record(SecureBytes::from_string("{}"), make_header(other, {"c1"}), public_of(council), device.secret_key);
    REQUIRE_FALSE(env.ok());
    CHECK(env.error().code == "envelope.invalid_input");
    auto wrong_id = seal_record(SecureBytes::from_string("{}"), make_header(device, {"c2"}), public_of(council), device.secret_key);
    REQUIRE_FALSE(wrong_id.ok());
    CHECK(wrong_id.error().code == "envelope.invalid_input");
}

TEST_CASE("the envelope hash is 64 hex characters of BLAKE2b-256 and changes with the bytes") {
    const auto device = make_signing_keys();
    const auto council = make_council("c1");
    const Bytes env = seal("{}", device, council);
    const std::string hash = envelope_hash(env);
    CHECK(hash.size() == 64);
    CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(envelope_hash(env) == hash);
    Bytes other = env;
    other.back() ^= 1;
    CHECK(envelope_hash(other) != hash);
    // Known answer: BLAKE2b-256 of the empty input.
    CHECK(envelope_hash(Bytes{}) == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST_CASE("council key pairs are fresh, correctly sized, and need a valid key id") {
    const auto a = make_council("c1");
    const auto b = make_council("c1");
    CHECK(a.public_key.size() == 32);
    CHECK(a.secret_key.size() == 32);
    CHECK(a.public_key != b.public_key);
    CHECK_FALSE(generate_council_keypair("").ok());
    CHECK_FALSE(generate_council_keypair("has space").ok());
    CHECK_FALSE(generate_council_keypair(std::string(65, 'a')).ok());
}
