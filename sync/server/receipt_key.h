// The receiver's receipt key as files (docs/security.md, "Receipt key and enrolment"): `receipt.sk`
// holds `ed25519-sk <base64 of the 64-byte libsodium secret key>` (mode 0600, read into guarded memory,
// refused if group or others may access it) and `receipt.pk` holds `ed25519-pk <base64 of the 32-byte
// public key>` (0644). The public key is what every device profile pins (`sync.receipt_key`, the
// base64 part). Written atomically and never over an existing file.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"

#include <filesystem>

namespace selfdirect::sync {

struct ReceiptKey {
    vault::SecureBytes secret_key; // 64
    vault::Bytes public_key;       // 32
};

// Creates DIR/receipt.sk and DIR/receipt.pk. "sync.key_exists" if either exists; "sync.key_file" otherwise.
Result<vault::Bytes> write_receipt_keypair(const std::filesystem::path& dir);
// Reads receipt.sk (a file, or a directory holding it) and checks its halves belong together.
// "sync.key_file" on anything wrong.
Result<ReceiptKey> read_receipt_key(const std::filesystem::path& path);
// Reads receipt.pk (a file, or a directory holding it). "sync.key_file" on anything wrong.
Result<vault::Bytes> read_receipt_public_key(const std::filesystem::path& path);

} // namespace selfdirect::sync
