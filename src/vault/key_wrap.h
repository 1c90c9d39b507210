// Wrapping one 32-byte data key under a key-encryption key (derived by Argon2id from a resume code
// or a worker passphrase). XChaCha20-Poly1305 with a random nonce; the associated data names what
// the key belongs to, so a wrapped key copied to another row (another session, another worker) fails
// to open instead of unlocking the wrong drafts.
#pragma once

#include "vault/bytes.h"

#include <optional>
#include <string_view>

namespace selfdirect::vault::detail {

struct WrappedKey {
    Bytes nonce;
    Bytes ciphertext;
};

WrappedKey wrap_key(const SecureBytes& kek, const SecureBytes& data_key, std::string_view purpose,
                    std::string_view owner);

// std::nullopt if the KEK is wrong or the row was altered or moved.
std::optional<SecureBytes> unwrap_key(const SecureBytes& kek, const WrappedKey& wrapped, std::string_view purpose,
                                      std::string_view owner);

} // namespace selfdirect::vault::detail
