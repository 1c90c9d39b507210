// Vault-internal file helpers shared by the council key files and the device key file: atomic,
// durable writes (temp file, fsync, rename or link, fsync directory) and reading a private file
// straight into guarded memory, refusing it if group or others could read it. Key files are lines
// of `<label> <base64>`; these helpers parse and build them without the secret ever passing through
// ordinary heap memory.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace selfdirect::vault::detail {

enum class Replace { yes, no };

// Writes `size` bytes to `path` atomically with permission bits `mode`. With Replace::no an existing
// file is never overwritten (fails with "vault.key_file_exists"). Other failures: "vault.io",
// "vault.disk_full".
Result<void> write_file_atomic(const std::filesystem::path& path, const void* data, std::size_t size, unsigned mode,
                               Replace replace);

// Reads a regular file of at most `max_size` bytes into guarded memory. Fails with "vault.key_file"
// if it is missing, not a regular file, too large, or readable/writable by group or others.
Result<SecureBytes> read_private_file(const std::filesystem::path& path, std::size_t max_size);

struct SecretLine {
    std::string label;
    SecureBytes value; // base64-decoded
};

// Parses `<label> <base64>\n` lines (the last newline optional). Fails with "vault.key_file".
Result<std::vector<SecretLine>> parse_secret_lines(const SecureBytes& text, const std::filesystem::path& for_message);

// Builds the text of such lines in guarded memory.
struct SecretLineRef {
    std::string label;
    const std::uint8_t* data;
    std::size_t size;
};
SecureBytes format_secret_lines(const std::vector<SecretLineRef>& lines);

} // namespace selfdirect::vault::detail
