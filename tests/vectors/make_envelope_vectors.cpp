// Writes the envelope v1 test vector (tests/vectors/envelope-v1.json, shown in docs/security.md)
// from fixed keys, a fixed file key and a fixed record, using the real sealing code. The sealed
// key boxes and the secretstream header are random by design, so each run gives different bytes;
// the committed vector is one such run, and tests check that it verifies and opens (in C++ and in
// the independent Python reader) rather than comparing bytes with a fresh run.
//
//   make_envelope_vectors > tests/vectors/envelope-v1.json
#include "vault/envelope.h"

#include <nlohmann/json.hpp>
#include <sodium.h> // vault-level tool: derives the fixed key pairs from their seeds

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace {

using namespace selfdirect;

vault::Bytes pattern(std::uint8_t first) {
    vault::Bytes b(32);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(first + i);
    return b;
}

} // namespace

int main() {
    if (sodium_init() < 0) return 1;
    // Test-vector keys only: byte patterns, protecting nothing.
    const vault::Bytes sign_seed = pattern(0x40);
    vault::Bytes sign_pk(crypto_sign_PUBLICKEYBYTES);
    vault::SecureBytes sign_sk(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(sign_pk.data(), sign_sk.data(), sign_seed.data());

    struct Council {
        std::string id;
        vault::Bytes secret, pub;
    };
    std::vector<Council> councils = {{"council-2026", pattern(0x01), {}}, {"council-2027", pattern(0x81), {}}};
    std::vector<vault::CouncilPublicKey> publics;
    for (auto& c : councils) {
        c.pub.resize(crypto_box_PUBLICKEYBYTES);
        crypto_scalarmult_base(c.pub.data(), c.secret.data());
        publics.push_back({c.id, c.pub});
    }
    const vault::Bytes file_key_bytes = pattern(0xa0);
    const vault::SecureBytes file_key(file_key_bytes.data(), file_key_bytes.size());

    vault::EnvelopeHeader h;
    h.record_id = "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10";
    h.revision = 1;
    h.form_id = "SKEL-1";
    h.form_version = "1";
    h.device_id = "kiosk-07";
    h.device_sign_public_key = sign_pk;
    h.council_key_ids = {"council-2026", "council-2027"};
    h.created_unix = 1767225600; // 2026-01-01T00:00:00Z
    // Made-up answers only.
    const std::string plaintext =
        R"({"resourceType":"QuestionnaireResponse","status":"completed","item":[{"linkId":"9.1","answer":[{"valueBoolean":true}]}]})";

    auto env = vault::detail::seal_record_with(vault::SecureBytes::from_string(plaintext), h, publics, sign_sk, file_key,
                                               h.device_id);
    if (!env) {
        std::fprintf(stderr, "make_envelope_vectors: %s\n", env.error().message.c_str());
        return 1;
    }
    auto verified = vault::verify_envelope(*env);
    if (!verified) return 1;

    nlohmann::ordered_json council_json = nlohmann::ordered_json::array();
    for (const auto& c : councils) {
        council_json.push_back({{"key_id", c.id}, {"secret_key", vault::to_hex(c.secret)}, {"public_key", vault::to_hex(c.pub)}});
    }
    nlohmann::ordered_json v = {
        {"name", "two recipients, one chunk"},
        {"device_sign_seed", vault::to_hex(sign_seed)},
        {"device_sign_public_key", vault::to_hex(sign_pk)},
        {"councils", council_json},
        {"file_key", vault::to_hex(file_key_bytes)},
        {"header",
         {{"record_id", h.record_id},
          {"revision", h.revision},
          {"form_id", h.form_id},
          {"form_version", h.form_version},
          {"device_id", h.device_id},
          {"created_unix", h.created_unix},
          {"padded_length", verified->padded_length},
          {"council_key_ids", h.council_key_ids}}},
        {"plaintext", plaintext},
        {"envelope", vault::to_hex(*env)},
        {"envelope_hash", vault::envelope_hash(*env)},
    };
    nlohmann::ordered_json out = {{"format", "selfdirect envelope v1 (docs/security.md)"},
                                  {"vectors", nlohmann::ordered_json::array({v})}};
    std::cout << out.dump(2) << "\n";
    return 0;
}
