// Ed25519 signatures over arbitrary messages, BLAKE2b-256 and OS randomness for the sync layer
// (receipts, enrolment proofs, enrolment codes, restore epochs). Exists because only src/vault may
// include libsodium (tests/layering_test.py); sync/protocol signs and verifies through these.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"

#include <cstddef>
#include <string_view>

namespace selfdirect::vault {

inline constexpr std::size_t kSignPublicKeyBytes = 32;
inline constexpr std::size_t kSignSecretKeyBytes = 64; // libsodium layout: seed || public key
inline constexpr std::size_t kSignatureBytes = 64;

struct SignKeyPair {
    Bytes public_key;       // 32
    SecureBytes secret_key; // 64
};

// Deterministic Ed25519 (crypto_sign_detached). "vault.bad_key" when the key is not 64 bytes.
Result<Bytes> sign_detached(std::string_view message, const SecureBytes& secret_key);
// False on any size mismatch or a signature that does not verify.
bool verify_detached(std::string_view message, const Bytes& signature, const Bytes& public_key);
SignKeyPair generate_sign_keypair();
// The public half embedded in a 64-byte secret key; empty when the size is wrong.
Bytes sign_public_key_of(const SecureBytes& secret_key);
// BLAKE2b with a 32-byte output (crypto_generichash, no key).
Bytes blake2b_256(std::string_view data);
// Constant-time equality of two byte strings of the same length (false when lengths differ).
bool equal_constant_time(const Bytes& a, const Bytes& b);
// Bytes from the operating system's CSPRNG (randombytes_buf).
Bytes random_bytes(std::size_t size);

} // namespace selfdirect::vault
