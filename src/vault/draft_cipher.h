// Encryption of one draft answer row. XChaCha20-Poly1305 with a fresh random nonce per save, keyed by
// the session's in-memory data key; the associated data binds the table name, session id and link id,
// so a ciphertext copied or moved to another row (another question, another session) fails to open.
#pragma once

#include "vault/bytes.h"

#include <optional>
#include <string_view>

namespace selfdirect::vault::detail {

constexpr std::size_t kDraftKeyBytes = 32;

struct SealedDraft {
    Bytes nonce;
    Bytes ciphertext;
};

SealedDraft encrypt_draft(const SecureBytes& key, std::string_view session_id, std::string_view link_id,
                          const SecureBytes& value);

// std::nullopt if the row does not authenticate under this key, session and link id.
std::optional<SecureBytes> decrypt_draft(const SecureBytes& key, std::string_view session_id, std::string_view link_id,
                                         const Bytes& nonce, const Bytes& ciphertext);

} // namespace selfdirect::vault::detail
