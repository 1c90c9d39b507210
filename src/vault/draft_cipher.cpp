// Draft answer encryption (see draft_cipher.h for what is bound and why).
#include "vault/draft_cipher.h"

#include "vault/associated_data.h"

#include <sodium.h>

namespace selfdirect::vault::detail {

SealedDraft encrypt_draft(const SecureBytes& key, std::string_view session_id, std::string_view link_id,
                          const SecureBytes& value) {
    const Bytes ad = length_prefixed({"selfdirect.drafts.v1", session_id, link_id});
    SealedDraft out;
    out.nonce.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    randombytes_buf(out.nonce.data(), out.nonce.size());
    out.ciphertext.resize(value.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    const std::uint8_t empty = 0;
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.ciphertext.data(), &length, value.empty() ? &empty : value.data(),
                                               value.size(), ad.data(), ad.size(), nullptr, out.nonce.data(),
                                               key.data());
    out.ciphertext.resize(static_cast<std::size_t>(length));
    return out;
}

std::optional<SecureBytes> decrypt_draft(const SecureBytes& key, std::string_view session_id, std::string_view link_id,
                                         const Bytes& nonce, const Bytes& ciphertext) {
    if (key.size() != kDraftKeyBytes || nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
        ciphertext.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES) {
        return std::nullopt;
    }
    const Bytes ad = length_prefixed({"selfdirect.drafts.v1", session_id, link_id});
    const std::size_t plain_size = ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES;
    // A zero-length SecureBytes owns no memory, so give libsodium one guarded byte to write to.
    SecureBytes plain(plain_size == 0 ? 1 : plain_size);
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &length, nullptr, ciphertext.data(), ciphertext.size(),
                                                   ad.data(), ad.size(), nonce.data(), key.data()) != 0) {
        return std::nullopt;
    }
    if (plain_size == 0) return SecureBytes{};
    return plain;
}

} // namespace selfdirect::vault::detail
