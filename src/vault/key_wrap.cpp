// Key wrapping with XChaCha20-Poly1305 (see key_wrap.h).
#include "vault/key_wrap.h"

#include "vault/associated_data.h"

#include <sodium.h>

namespace selfdirect::vault::detail {

WrappedKey wrap_key(const SecureBytes& kek, const SecureBytes& data_key, std::string_view purpose,
                    std::string_view owner) {
    const Bytes ad = length_prefixed({"selfdirect.keywrap.v1", purpose, owner});
    WrappedKey out;
    out.nonce.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    randombytes_buf(out.nonce.data(), out.nonce.size());
    out.ciphertext.resize(data_key.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.ciphertext.data(), &length, data_key.data(), data_key.size(),
                                               ad.data(), ad.size(), nullptr, out.nonce.data(), kek.data());
    out.ciphertext.resize(static_cast<std::size_t>(length));
    return out;
}

std::optional<SecureBytes> unwrap_key(const SecureBytes& kek, const WrappedKey& wrapped, std::string_view purpose,
                                      std::string_view owner) {
    if (kek.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES ||
        wrapped.nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
        wrapped.ciphertext.size() <= crypto_aead_xchacha20poly1305_ietf_ABYTES) {
        return std::nullopt;
    }
    const Bytes ad = length_prefixed({"selfdirect.keywrap.v1", purpose, owner});
    SecureBytes key(wrapped.ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(key.data(), &length, nullptr, wrapped.ciphertext.data(),
                                                   wrapped.ciphertext.size(), ad.data(), ad.size(),
                                                   wrapped.nonce.data(), kek.data()) != 0) {
        return std::nullopt;
    }
    return key;
}

} // namespace selfdirect::vault::detail
