// SDE0 envelopes: what the device seals only the council can open, and any change to the bytes,
// however small, is caught before anything is decrypted.
#include "vault/envelope.h"

#include <doctest/doctest.h>
#include <sodium.h> // vault-layer test: builds raw Ed25519 keys and hand-made envelopes

#include <cstring>
#include <string>

using namespace selfdirect::vault;

namespace {

struct SigningKeys {
    Bytes public_key;
    SecureBytes secret_key;
};

SigningKeys make_signing_keys() {
    REQUIRE(sodium_init() >= 0);
    SigningKeys k;
    k.public_key.resize(crypto_sign_PUBLICKEYBYTES);
    k.secret_key = SecureBytes(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(k.public_key.data(), k.secret_key.data());
    return k;
}

CouncilKeyPair make_council(const std::string& id) {
    auto pair = generate_council_keypair(id);
    REQUIRE(pair.ok());
    return std::move(pair).value();
}

CouncilPublicKey public_of(const CouncilKeyPair& pair) { return CouncilPublicKey{pair.key_id, pair.public_key}; }

EnvelopeHeader make_header(const SigningKeys& device, const std::string& council_key_id) {
    EnvelopeHeader h;
    h.record_id = "0b7f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4";
    h.revision = 3;
    h.form_id = "SKEL-1";
    h.form_version = "1";
    h.device_id = "kiosk-07";
    h.device_sign_public_key = device.public_key;
    h.council_key_id = council_key_id;
    h.created_unix = 1767225600;
    return h;
}

Bytes seal(const std::string& plaintext, const SigningKeys& device, const CouncilKeyPair& council) {
    auto env = seal_record(SecureBytes::from_string(plaintext), make_header(device, council.key_id), public_of(council),
                           device.secret_key);
    REQUIRE_MESSAGE(env.ok(), (env.ok() ? "" : env.error().message));
    return std::move(env).value();
}

void put_u32(Bytes& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// Builds an SDE0 envelope around an arbitrary header text and signs it correctly, so the test can
// show that header checks do not rely on the signature failing.
Bytes hand_made(const std::string& header_json, const SigningKeys& device, const CouncilKeyPair& council) {
    Bytes env{'S', 'D', 'E', '0'};
    put_u32(env, static_cast<std::uint32_t>(header_json.size()));
    env.insert(env.end(), header_json.begin(), header_json.end());
    const std::string plaintext = "{}";
    put_u32(env, static_cast<std::uint32_t>(plaintext.size() + crypto_box_SEALBYTES));
    const std::size_t at = env.size();
    env.resize(at + plaintext.size() + crypto_box_SEALBYTES);
    REQUIRE(crypto_box_seal(env.data() + at, reinterpret_cast<const std::uint8_t*>(plaintext.data()), plaintext.size(),
                            council.public_key.data()) == 0);
    const std::size_t signed_size = env.size();
    env.resize(signed_size + crypto_sign_BYTES);
    crypto_sign_detached(env.data() + signed_size, nullptr, env.data(), signed_size, device.secret_key.data());
    return env;
}

std::string canonical_header(const SigningKeys& device, const std::string& council_key_id) {
    return R"({"council_key_id":")" + council_key_id + R"(","created":1767225600,"device_id":"kiosk-07","device_sign_pk":")" +
           to_base64(device.public_key) +
           R"(","form_id":"SKEL-1","form_version":"1","record_id":"0b7f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4","revision":3})";
}

} // namespace

TEST_CASE("a sealed record verifies, keeps its header, and opens to the same plaintext") {
    const auto device = make_signing_keys();
    const auto council = make_council("council-2026");
    const std::string answers = R"({"q1":"I need help with stairs","q2":["meals","washing"]})";
    const Bytes env = seal(answers, device, council);

    CHECK(std::memcmp(env.data(), "SDE0", 4) == 0);
    auto header = verify_envelope(env);
    REQUIRE(header.ok());
    const auto expected = make_header(device, council.key_id);
    CHECK(header->record_id == expected.record_id);
    CHECK(header->revision == expected.revision);
    CHECK(header->form_id == expected.form_id);
    CHECK(header->form_version == expected.form_version);
    CHECK(header->device_id == expected.device_id);
    CHECK(header->device_sign_public_key == device.public_key);
    CHECK(header->council_key_id == "council-2026");
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

TEST_CASE("a council key with another id is reported as the wrong key") {
    const auto device = make_signing_keys();
    const auto council = make_council("council-2026");
    const Bytes env = seal("{}", device, council);
    const auto other = make_council("council-2027");
    auto opened = open_record(env, other);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "envelope.wrong_key");
}

TEST_CASE("flipping any single byte of an envelope makes verification fail") {
    const auto device = make_signing_keys();
    const auto council = make_council("c1");
    const Bytes env = seal("{}", device, council);
    REQUIRE(verify_envelope(env).ok());
    for (std::size_t i = 0; i < env.size(); ++i) {
        for (std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
            Bytes bad = env;
            bad[i] ^= mask;
            auto verified = verify_envelope(bad);
            INFO("byte ", i, " of ", env.size(), " mask ", int(mask));
            REQUIRE_FALSE(verified.ok());
            CHECK((verified.error().code == "envelope.malformed" || verified.error().code == "envelope.bad_signature"));
            CHECK_FALSE(open_record(bad, council).ok());
        }
    }
}

TEST_CASE("trailing bytes after the signature are rejected") {
    const auto device = make_signing_keys();
    const auto council = make_council("c1");
    Bytes env = seal("{}", device, council);
    env.push_back(0);
    auto verified = verify_envelope(env);
    REQUIRE_FALSE(verified.ok());
    CHECK(verified.error().code == "envelope.malformed");
}

TEST_CASE("every truncation of an envelope is rejected") {
    const auto device = make_signing_keys();
    const auto council = make_council("c1");
    const Bytes env = seal("{}", device, council);
    for (std::size_t n = 0; n < env.size(); ++n) {
        INFO("length ", n);
        CHECK_FALSE(verify_envelope(Bytes(env.begin(), env.begin() + static_cast<std::ptrdiff_t>(n))).ok());
    }
}

TEST_CASE("length fields beyond the caps are rejected before anything is read") {
    Bytes huge_header{'S', 'D', 'E', '0', 0xff, 0xff, 0xff, 0xff};
    auto verified = verify_envelope(huge_header);
    REQUIRE_FALSE(verified.ok());
    CHECK(verified.error().code == "envelope.malformed");

    Bytes over_cap{'S', 'D', 'E', '0'};
    put_u32(over_cap, 4097);
    over_cap.resize(over_cap.size() + 4097 + 4 + 48 + 64);
    CHECK_FALSE(verify_envelope(over_cap).ok());
}

TEST_CASE("a correctly signed envelope with a malformed header is still rejected") {
    const auto device = make_signing_keys();
    const auto council = make_council("c1");
    const std::string good = canonical_header(device, "c1");
    // Control: the hand-made envelope with the canonical header is accepted, so the failures below
    // come from the header checks and not from the hand-made construction.
    REQUIRE(verify_envelope(hand_made(good, device, council)).ok());
    REQUIRE(open_record(hand_made(good, device, council), council).ok());

    auto replace = [&](const std::string& from, const std::string& to) {
        std::string h = good;
        const auto at = h.find(from);
        REQUIRE(at != std::string::npos);
        h.replace(at, from.size(), to);
        return h;
    };
    const std::string bad_headers[] = {
        "not json",
        "[]",
        replace("\"revision\":3", "\"revision\":\"3\""),
        replace("\"revision\":3", "\"revision\":0"),
        replace("\"revision\":3", "\"revision\":4294967296"),
        replace("\"created\":1767225600", "\"created\":1.5"),
        replace("\"form_id\":\"SKEL-1\"", "\"form_id\":7"),
        replace("{", "{\"extra\":1,"),
        replace("{", "{ "),                                       // not canonical
        replace("\"device_id\":\"kiosk-07\",", ""),               // missing field
        replace(to_base64(device.public_key), to_base64(Bytes(31, 1))), // short key
    };
    for (const auto& header : bad_headers) {
        INFO(header);
        auto verified = verify_envelope(hand_made(header, device, council));
        REQUIRE_FALSE(verified.ok());
        CHECK(verified.error().code == "envelope.malformed");
    }
}

TEST_CASE("an envelope signed by a key other than the one in its header fails the signature check") {
    const auto device = make_signing_keys();
    const auto forger = make_signing_keys();
    const auto council = make_council("c1");
    auto verified = verify_envelope(hand_made(canonical_header(device, "c1"), forger, council));
    REQUIRE_FALSE(verified.ok());
    CHECK(verified.error().code == "envelope.bad_signature");
}

TEST_CASE("sealing refuses a header whose public key does not match the signing key") {
    const auto device = make_signing_keys();
    const auto other = make_signing_keys();
    const auto council = make_council("c1");
    auto env = seal_record(SecureBytes::from_string("{}"), make_header(other, "c1"), public_of(council), device.secret_key);
    REQUIRE_FALSE(env.ok());
    CHECK(env.error().code == "envelope.invalid_input");
    auto wrong_id = seal_record(SecureBytes::from_string("{}"), make_header(device, "c2"), public_of(council), device.secret_key);
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
