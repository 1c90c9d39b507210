// The envelope v1 test vector (tests/vectors/envelope-v1.json, written by make_envelope_vectors)
// still verifies and opens with today's code, matches its keys and header field by field, and is
// the one printed in docs/security.md, so the document cannot drift from the code. The same file
// is read by the independent Python reader (tests/vectors/verify_envelope_v1.py).
#include "envelope_test_support.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

using namespace envelope_test;

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Bytes from_hex(const std::string& hex) {
    REQUIRE(hex.size() % 2 == 0);
    Bytes out(hex.size() / 2);
    std::size_t len = 0;
    REQUIRE(sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) == 0);
    REQUIRE(len == out.size());
    return out;
}

std::string without_space(const std::string& text) {
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') out += c;
    return out;
}

} // namespace

TEST_CASE("the envelope v1 test vectors verify, open with every listed council key, and appear in docs/security.md") {
    const auto data = nlohmann::json::parse(read_text(SELFDIRECT_SOURCE_DIR "/tests/vectors/envelope-v1.json"));
    const std::string doc = without_space(read_text(SELFDIRECT_SOURCE_DIR "/docs/security.md"));
    REQUIRE(data.at("vectors").size() >= 1);
    for (const auto& v : data.at("vectors")) {
        INFO(v.at("name").get<std::string>());
        const Bytes env = from_hex(v.at("envelope").get<std::string>());
        CHECK(envelope_hash(env) == v.at("envelope_hash").get<std::string>());
        CHECK_MESSAGE(doc.find(v.at("envelope").get<std::string>()) != std::string::npos,
                      "docs/security.md does not show this vector's envelope hex");

        // The device key in the header is the one derived from the vector's seed.
        const Bytes seed = from_hex(v.at("device_sign_seed").get<std::string>());
        Bytes pk(crypto_sign_PUBLICKEYBYTES);
        SecureBytes sk(crypto_sign_SECRETKEYBYTES);
        crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
        CHECK(to_hex(pk) == v.at("device_sign_public_key").get<std::string>());

        auto header = verify_envelope(env);
        REQUIRE(header.ok());
        const auto& h = v.at("header");
        CHECK(header->record_id == h.at("record_id").get<std::string>());
        CHECK(header->revision == h.at("revision").get<std::uint32_t>());
        CHECK(header->form_id == h.at("form_id").get<std::string>());
        CHECK(header->form_version == h.at("form_version").get<std::string>());
        CHECK(header->device_id == h.at("device_id").get<std::string>());
        CHECK(header->created_unix == h.at("created_unix").get<std::int64_t>());
        CHECK(header->padded_length == h.at("padded_length").get<std::uint32_t>());
        CHECK(header->council_key_ids == h.at("council_key_ids").get<std::vector<std::string>>());
        CHECK(header->device_sign_public_key == pk);

        std::vector<CouncilPublicKey> publics;
        for (const auto& c : v.at("councils")) {
            CouncilKeyPair pair;
            pair.key_id = c.at("key_id").get<std::string>();
            pair.public_key = from_hex(c.at("public_key").get<std::string>());
            const Bytes secret = from_hex(c.at("secret_key").get<std::string>());
            pair.secret_key = SecureBytes(secret.data(), secret.size());
            auto opened = open_record(env, pair);
            REQUIRE_MESSAGE(opened.ok(), pair.key_id);
            CHECK(opened->view() == v.at("plaintext").get<std::string>());
            publics.push_back({pair.key_id, pair.public_key});
        }

        // Sealing the same inputs again gives the same authenticated header and the same total
        // length (only the key boxes, stream header and ciphertext are random).
        const Bytes fk = from_hex(v.at("file_key").get<std::string>());
        EnvelopeHeader again = header.value();
        auto resealed = detail::seal_record_with(SecureBytes::from_string(v.at("plaintext").get<std::string>()), again,
                                                 publics, sk, SecureBytes(fk.data(), fk.size()), again.device_id);
        REQUIRE(resealed.ok());
        REQUIRE(resealed->size() == env.size());
        const Layout l = layout_of(env);
        CHECK(Bytes(resealed->begin(), resealed->begin() + static_cast<std::ptrdiff_t>(l.header_end)) ==
              Bytes(env.begin(), env.begin() + static_cast<std::ptrdiff_t>(l.header_end)));
    }
}
