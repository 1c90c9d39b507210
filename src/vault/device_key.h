// The device identity key file `device.key`: created once at first start, mode 0600, read back into
// guarded memory on every start. Format (text, one `<label> <base64>` line each, in this order):
//   ed25519-sk <64-byte libsodium Ed25519 secret key: 32-byte seed || 32-byte public key>
//   x25519-sk  <32-byte X25519 secret key>
// Public keys are derived from the secret parts (and the embedded Ed25519 public key is checked
// against its seed), so the file cannot hold an inconsistent identity. See docs/security.md.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"

#include <filesystem>

namespace selfdirect::vault::detail {

struct DeviceKeys {
    SecureBytes sign_secret_key; // Ed25519, crypto_sign_SECRETKEYBYTES
    Bytes sign_public_key;
    SecureBytes box_secret_key;  // X25519, crypto_box_SECRETKEYBYTES
    Bytes box_public_key;
};

// Reads `path`, or creates it (0600, atomically, never overwriting) if it does not exist.
// Fails with "vault.key_file" (unreadable, malformed, inconsistent, or accessible by group/others),
// "vault.io" or "vault.disk_full".
Result<DeviceKeys> load_or_create_device_keys(const std::filesystem::path& path);

} // namespace selfdirect::vault::detail
