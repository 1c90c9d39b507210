// Argon2id calibration, storage and derivation (see kdf_params.h for why each rule exists).
#include "vault/kdf_params.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace selfdirect::vault::detail {

namespace {

constexpr std::size_t kMiB = 1024u * 1024u;

// Seconds one hash takes with `params`, or a negative value if the memory was refused.
double time_one_hash(const KdfParams& params) {
    SecureBytes password(32);
    randombytes_buf(password.data(), password.size());
    Bytes salt(crypto_pwhash_SALTBYTES);
    randombytes_buf(salt.data(), salt.size());
    SecureBytes out(kWrapKeyBytes);
    const auto start = std::chrono::steady_clock::now();
    const int rc = crypto_pwhash(out.data(), out.size(), reinterpret_cast<const char*>(password.data()),
                                 password.size(), salt.data(), params.opslimit, params.memlimit,
                                 crypto_pwhash_ALG_ARGON2ID13);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    return rc == 0 ? took.count() : -1.0;
}

} // namespace

bool kdf_params_acceptable(const KdfParams& params) {
    return params.opslimit >= kKdfMinOpslimit && params.memlimit >= kKdfMinMemlimit &&
           params.opslimit <= crypto_pwhash_OPSLIMIT_MAX && params.memlimit <= crypto_pwhash_MEMLIMIT_MAX;
}

Result<KdfParams> calibrate_kdf(double target_seconds, std::size_t max_memlimit) {
    if (sodium_init() < 0) return make_error("vault.crypto", "libsodium failed to initialise");
    const std::size_t ceiling = std::max(max_memlimit, kKdfMinMemlimit);
    if (!(target_seconds > 0)) return KdfParams{}; // the floor
    // Probe at 64 MiB (or the ceiling), halving if the OS refuses the memory, never below the floor.
    const std::size_t start = std::min<std::size_t>(64 * kMiB, ceiling);
    KdfParams probe{kKdfMinOpslimit, start};
    double seconds = time_one_hash(probe);
    while (seconds < 0 && probe.memlimit > kKdfMinMemlimit) {
        probe.memlimit = std::max(probe.memlimit / 2, kKdfMinMemlimit);
        seconds = time_one_hash(probe);
    }
    if (seconds < 0) return make_error("vault.kdf", "Argon2id cannot allocate even the minimum 19 MiB");
    const std::size_t usable = probe.memlimit < start ? probe.memlimit : ceiling; // refused above probe?
    // Argon2id's cost is close to linear in memory x passes: cost of one MiB-pass here.
    const double per_mib_pass = seconds / (static_cast<double>(probe.memlimit / kMiB) * probe.opslimit);
    // Memory first (three passes, as libsodium's guidance says), then passes.
    KdfParams chosen;
    const double want_mib = target_seconds / (per_mib_pass * 3.0);
    chosen.memlimit = std::clamp<std::size_t>(static_cast<std::size_t>(want_mib) * kMiB, kKdfMinMemlimit, usable);
    const double passes = target_seconds / (per_mib_pass * static_cast<double>(chosen.memlimit / kMiB));
    chosen.opslimit = std::clamp<std::uint64_t>(static_cast<std::uint64_t>(std::llround(passes)), kKdfMinOpslimit, 64);
    return chosen;
}

Result<KdfParams> load_or_calibrate_kdf(Database& db, double target_seconds) {
    auto select = db.prepare("SELECT opslimit, memlimit FROM kdf_params WHERE id = 1");
    if (!select) return select.error();
    auto row = select->step();
    if (!row) return row.error();
    if (row.value()) {
        KdfParams stored{static_cast<std::uint64_t>(select->column_int(0)),
                         static_cast<std::size_t>(select->column_int(1))};
        if (!kdf_params_acceptable(stored)) {
            return make_error("vault.kdf", "stored Argon2id parameters are below the 19 MiB / 2 pass floor");
        }
        return stored;
    }
    select->reset();
    auto calibrated = calibrate_kdf(target_seconds);
    if (!calibrated) return calibrated.error();
    auto insert = db.prepare("INSERT INTO kdf_params(id, opslimit, memlimit, target_ms) VALUES (1, ?, ?, ?)");
    if (!insert) return insert.error();
    auto stored = insert->bind(1, static_cast<std::int64_t>(calibrated->opslimit))
                      .bind(2, static_cast<std::int64_t>(calibrated->memlimit))
                      .bind(3, static_cast<std::int64_t>(std::llround(target_seconds * 1000)))
                      .run();
    if (!stored) return stored.error();
    return calibrated;
}

Result<SecureBytes> derive_wrapping_key(std::string_view secret, const Bytes& salt, const KdfParams& params) {
    if (salt.size() != crypto_pwhash_SALTBYTES || !kdf_params_acceptable(params)) {
        return make_error("vault.kdf", "bad Argon2id salt or parameters");
    }
    SecureBytes key(kWrapKeyBytes);
    if (crypto_pwhash(key.data(), key.size(), secret.data(), secret.size(), salt.data(), params.opslimit,
                      params.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return make_error("vault.kdf", "Argon2id could not get the memory it needs");
    }
    return key;
}

} // namespace selfdirect::vault::detail
