// libsodium behind vault/signature.h: the sync layer's Ed25519, BLAKE2b-256 and randomness.
#include "vault/signature.h"

#include <sodium.h>

namespace selfdirect::vault {

namespace {
void ensure_sodium() {
    // sodium_init() is idempotent and thread-safe; it only fails when no entropy source exists,
    // and then randombytes aborts rather than returning weak bytes.
    if (sodium_init() < 0) return;
}
} // namespace

Result<Bytes> sign_detached(std::string_view message, const SecureBytes& secret_key) {
    if (secret_key.size() != crypto_sign_SECRETKEYBYTES) return make_error("vault.bad_key", "Ed25519 secret key must be 64 bytes");
    ensure_sodium();
    Bytes signature(crypto_sign_BYTES);
    crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), secret_key.data());
    return signature;
}

bool verify_detached(std::string_view message, const Bytes& signature, const Bytes& public_key) {
    if (signature.size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
    ensure_sodium();
    return crypto_sign_verify_detached(signature.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), public_key.data()) == 0;
}

SignKeyPair generate_sign_keypair() {
    ensure_sodium();
    SignKeyPair pair{Bytes(crypto_sign_PUBLICKEYBYTES), SecureBytes(crypto_sign_SECRETKEYBYTES)};
    crypto_sign_keypair(pair.public_key.data(), pair.secret_key.data());
    return pair;
}

Bytes sign_public_key_of(const SecureBytes& secret_key) {
    if (secret_key.size() != crypto_sign_SECRETKEYBYTES) return {};
    Bytes pk(crypto_sign_PUBLICKEYBYTES);
    crypto_sign_ed25519_sk_to_pk(pk.data(), secret_key.data());
    return pk;
}

Bytes blake2b_256(std::string_view data) {
    ensure_sodium();
    Bytes digest(32);
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                       nullptr, 0);
    return digest;
}

bool equal_constant_time(const Bytes& a, const Bytes& b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Bytes random_bytes(std::size_t size) {
    ensure_sodium();
    Bytes out(size);
    randombytes_buf(out.data(), out.size());
    return out;
}

} // namespace selfdirect::vault
