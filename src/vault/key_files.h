// Council key pairs as files, for the council-side tools and for configuring which key a device
// seals to. A directory holds `council.pk` (`<key_id> <base64 X25519 public key>`, mode 0644) and
// `council.sk` (`<key_id> <base64 X25519 secret key>`, mode 0600, read into guarded memory and
// refused if group or others may access it). Writes are atomic and never overwrite an existing key.
#pragma once

#include "core/result.h"
#include "vault/envelope.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace selfdirect::vault {

// A public key given as text (e.g. in a device config file). Fails with "vault.bad_key".
Result<CouncilPublicKey> parse_council_public_key(const std::string& key_id, std::string_view base64);

// `path` is a `council.pk` file or a directory holding one. Fails with "vault.key_file".
Result<CouncilPublicKey> read_council_public_key(const std::filesystem::path& path);

// `path` is a `council.sk` file or a directory holding one; the public key is derived from the
// secret key (and, if a `council.pk` sits next to it, checked against it). Fails with "vault.key_file".
Result<CouncilKeyPair> read_council_keypair(const std::filesystem::path& path);

// Writes `council.sk` then `council.pk` into `dir` (created 0700 if missing). Refuses to overwrite
// an existing key ("vault.key_file_exists"): losing a council secret key loses every record sealed to it.
Result<void> write_council_keypair(const std::filesystem::path& dir, const CouncilKeyPair& pair);

} // namespace selfdirect::vault
