// What the vault's tests share: a device vault opened for a test (a failure names the vault's own
// error), a session, a saved answer, one number read from device.db, and a council key pair. One
// copy here rather than one per test file, so a change to the vault's API changes one helper.
#pragma once

#include "vault/database.h"
#include "vault/device_vault.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>

namespace selfdirect::vault::testing {

inline std::unique_ptr<DeviceVault> open_vault(const std::filesystem::path& dir, const DeviceVaultOptions& options = {}) {
    auto vault = DeviceVault::open(dir, "kiosk-07", options);
    REQUIRE_MESSAGE(vault.ok(), (vault.ok() ? "" : vault.error().code + ": " + vault.error().message));
    return std::move(vault).value();
}

inline SessionHandle begin(DeviceVault& vault) {
    auto s = vault.begin_session();
    REQUIRE(s.ok());
    return s.value();
}

inline void save(DeviceVault& vault, const SessionHandle& s, const std::string& link, const std::string& value) {
    auto saved = vault.save_answer(s, link, SecureBytes::from_string(value));
    REQUIRE_MESSAGE(saved.ok(), (saved.ok() ? "" : saved.error().message));
}

// The first column of the first row of `sql` (a count, usually).
inline std::int64_t count(Database& db, const std::string& sql) {
    auto stmt = db.prepare(sql);
    REQUIRE(stmt.ok());
    auto row = stmt->step();
    REQUIRE(row.ok());
    REQUIRE(row.value());
    return stmt->column_int(0);
}

inline std::int64_t count(const std::filesystem::path& db_path, const std::string& sql) {
    auto db = Database::open(db_path);
    REQUIRE(db.ok());
    return count(**db, sql);
}

inline CouncilKeyPair council() {
    auto pair = generate_council_keypair("council-2026");
    REQUIRE(pair.ok());
    return std::move(pair).value();
}

inline CouncilPublicKey public_of(const CouncilKeyPair& pair) { return CouncilPublicKey{pair.key_id, pair.public_key}; }

} // namespace selfdirect::vault::testing
