// The council secret key at rest. council.sk opens every record, so it is kept wrapped under a
// passphrase (Argon2id → XChaCha20-Poly1305) rather than in the clear; this file writes and reads
// that wrapped form and reads the passphrase (from a private file, or from the terminal without
// echo). Text format, byte by byte, and a test vector: docs/security.md, "The council key file".
#pragma once

#include "core/result.h"
#include "vault/envelope.h"
#include "vault/kdf_params.h"

#include <filesystem>
#include <string>

namespace selfdirect::council {

inline constexpr const char* kCouncilKeyMagic = "selfdirect-council-key-v1";
// libsodium's "moderate" Argon2id cost: about a second on a council PC, and the key is opened
// rarely, by a person.
inline constexpr std::uint64_t kCouncilKeyOpslimit = 3;
inline constexpr std::size_t kCouncilKeyMemlimit = 256u * 1024u * 1024u;
// Refused on read: a hostile file must not make us allocate without bound.
inline constexpr std::uint64_t kCouncilKeyMaxOpslimit = 64;
inline constexpr std::size_t kCouncilKeyMaxMemlimit = 2048u * 1024u * 1024u;

// The passphrase: the first line of `passphrase_file` (which must be private, mode 0600, like a key
// file), or, when that is empty, typed on the terminal without echo — twice when `confirm`.
// "council.passphrase" when there is no file and no terminal, or the two typings differ.
Result<vault::SecureBytes> read_passphrase(const std::filesystem::path& passphrase_file, bool confirm);

// The wrapped file's text for `pair` (random salt and nonce). "vault.weak_passphrase" under the
// tablet passphrase rule (vault/passphrase.h), "vault.kdf" if Argon2id cannot get its memory.
Result<std::string> wrap_council_key(const vault::CouncilKeyPair& pair, const vault::SecureBytes& passphrase,
                                     const vault::detail::KdfParams& params = {kCouncilKeyOpslimit, kCouncilKeyMemlimit});

// Opens a wrapped file's text. "council.key_file" (malformed, or a plain unwrapped council.sk),
// "council.wrong_passphrase" (the passphrase, or the file, is wrong: they cannot be told apart).
Result<vault::CouncilKeyPair> unwrap_council_key(const std::string& text, const vault::SecureBytes& passphrase);

// Writes DIR/council.sk (wrapped, 0600) and DIR/council.pk (0644); never over an existing key.
Result<void> write_council_key(const std::filesystem::path& dir, const vault::CouncilKeyPair& pair,
                               const vault::SecureBytes& passphrase);

// `key` is a council.sk file or the directory holding it; the passphrase as in read_passphrase. A
// council.pk beside it must match.
Result<vault::CouncilKeyPair> load_council_key(const std::filesystem::path& key,
                                               const std::filesystem::path& passphrase_file);

} // namespace selfdirect::council
