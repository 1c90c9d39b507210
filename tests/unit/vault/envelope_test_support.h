// Shared by the envelope v1 tests: fresh keys, a standard header, sealing helpers, re-signing (to
// model a stolen device key, so a test reaches the checks behind the signature), and the offsets of
// each part, computed from the byte layout in docs/security.md rather than from the implementation.
#pragma once

#include "vault/envelope.h"

#include <doctest/doctest.h>
#include <sodium.h> // vault-layer tests: raw Ed25519 keys and hand-edited envelopes

#include <string>
#include <vector>

namespace envelope_test {

using namespace selfdirect::vault;

struct SigningKeys {
    Bytes public_key;
    SecureBytes secret_key;
};

inline SigningKeys make_signing_keys() {
    REQUIRE(sodium_init() >= 0);
    SigningKeys k;
    k.public_key.resize(crypto_sign_PUBLICKEYBYTES);
    k.secret_key = SecureBytes(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(k.public_key.data(), k.secret_key.data());
    return k;
}

inline CouncilKeyPair make_council(const std::string& id) {
    auto pair = generate_council_keypair(id);
    REQUIRE(pair.ok());
    return std::move(pair).value();
}

inline CouncilPublicKey public_of(const CouncilKeyPair& pair) { return CouncilPublicKey{pair.key_id, pair.public_key}; }

inline EnvelopeHeader make_header(const SigningKeys& device, std::vector<std::string> council_key_ids) {
    EnvelopeHeader h;
    h.record_id = "0b7f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4";
    h.revision = 3;
    h.form_id = "SKEL-1";
    h.form_version = "1";
    h.device_id = "kiosk-07";
    h.device_sign_public_key = device.public_key;
    h.council_key_ids = std::move(council_key_ids);
    h.created_unix = 1767225600;
    return h;
}

inline Bytes seal(const std::string& plaintext, const SigningKeys& device, const CouncilKeyPair& council) {
    auto env = seal_record(SecureBytes::from_string(plaintext), make_header(device, {council.key_id}), public_of(council),
                           device.secret_key);
    REQUIRE_MESSAGE(env.ok(), (env.ok() ? "" : env.error().message));
    return std::move(env).value();
}

// The error code, or "ok": lets a CHECK name the expected failure without asserting on success.
template <typename T>
std::string code_of(const selfdirect::Result<T>& r) {
    return r.ok() ? std::string("ok") : r.error().code;
}

// Replaces the last 64 bytes with a fresh signature over everything before them.
inline Bytes resign(Bytes env, const SigningKeys& device) {
    REQUIRE(env.size() >= crypto_sign_BYTES);
    const std::size_t signed_size = env.size() - crypto_sign_BYTES;
    crypto_sign_detached(env.data() + signed_size, nullptr, env.data(), signed_size, device.secret_key.data());
    return env;
}

// Offsets of an envelope's parts, read from the layout in docs/security.md.
struct Layout {
    std::size_t record_id = 0, revision = 0, form_id = 0, form_version = 0, device_id = 0, device_key = 0,
                created = 0, padded_length = 0, recipient_count = 0, first_key_id = 0;
    std::size_t header_end = 0, wrapped = 0, stream = 0, first_chunk = 0, signature = 0;
    std::size_t padded = 0, recipients = 0;
    std::vector<std::size_t> chunks; // offset of each secretstream chunk
    std::size_t chunk_bytes(std::size_t i) const {
        return std::min<std::size_t>(65536, padded - i * 65536) + crypto_secretstream_xchacha20poly1305_ABYTES;
    }
};

inline Layout layout_of(const Bytes& env) {
    Layout l;
    std::size_t p = 8;
    auto skip_str = [&](std::size_t& at) { at = p; p += 1 + env.at(p); };
    skip_str(l.record_id);
    l.revision = p; p += 4;
    skip_str(l.form_id);
    skip_str(l.form_version);
    skip_str(l.device_id);
    l.device_key = p; p += 32;
    l.created = p; p += 8;
    l.padded_length = p;
    l.padded = env.at(p) | env.at(p + 1) << 8 | env.at(p + 2) << 16 | static_cast<std::size_t>(env.at(p + 3)) << 24;
    p += 4;
    l.recipient_count = p;
    l.recipients = env.at(p);
    p += 1;
    l.first_key_id = p;
    for (std::size_t i = 0; i < l.recipients; ++i) p += 1 + env.at(p);
    l.header_end = p;
    REQUIRE(l.header_end == 8 + (env[6] | env[7] << 8));
    l.wrapped = p;
    l.stream = l.wrapped + 80 * l.recipients;
    l.first_chunk = l.stream + 24;
    std::size_t at = l.first_chunk;
    for (std::size_t off = 0; off < l.padded; off += 65536) {
        l.chunks.push_back(at);
        at += l.chunk_bytes(l.chunks.size() - 1);
    }
    l.signature = at;
    REQUIRE(l.signature + 64 == env.size());
    return l;
}

} // namespace envelope_test
