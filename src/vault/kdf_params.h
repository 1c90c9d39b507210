// Argon2id (crypto_pwhash, ALG_ARGON2ID13) parameters for the keys derived from something a person
// types: kiosk resume codes and tablet worker passphrases. They are calibrated once per device (≈0.5 s
// on this hardware, never below the OWASP floor of 19 MiB / 2 passes) and stored in device.db, and
// every wrapped key also stores the parameters it was made with, because verification must never
// depend on today's calibration or on libsodium's preset constants.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"
#include "vault/database.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace selfdirect::vault::detail {

constexpr std::size_t kKdfMinMemlimit = 19u * 1024u * 1024u; // OWASP minimum for Argon2id
constexpr std::uint64_t kKdfMinOpslimit = 2;
constexpr std::size_t kKdfMaxMemlimit = 256u * 1024u * 1024u; // safe on a 2 GB tablet
constexpr std::size_t kKdfSaltBytes = 16;                     // crypto_pwhash_SALTBYTES
constexpr std::size_t kWrapKeyBytes = 32;

struct KdfParams {
    std::uint64_t opslimit = kKdfMinOpslimit;
    std::size_t memlimit = kKdfMinMemlimit;
};

// Measures one Argon2id hash and scales memory first (up to `max_memlimit`), then passes, towards
// `target_seconds`. The result is never below the floor, whatever the target (0 gives the floor).
Result<KdfParams> calibrate_kdf(double target_seconds, std::size_t max_memlimit = kKdfMaxMemlimit);

// True if the parameters are at or above the floor (stored rows below it are refused).
bool kdf_params_acceptable(const KdfParams& params);

// The device's stored parameters; calibrates and stores them if the `kdf_params` table is empty.
Result<KdfParams> load_or_calibrate_kdf(Database& db, double target_seconds);

// Argon2id(secret, salt) -> 32-byte key in guarded memory. "vault.kdf" if the OS refuses the memory.
Result<SecureBytes> derive_wrapping_key(std::string_view secret, const Bytes& salt, const KdfParams& params);

} // namespace selfdirect::vault::detail
