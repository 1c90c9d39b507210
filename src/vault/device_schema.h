// The schema of device.db and its migrations. `schema_version` holds the versions the file has been
// through; migrations are numbered, forward-only steps applied in order in one transaction, so a
// file from any earlier build is brought up to date and a crash mid-migration leaves it unchanged.
// Opening a file from a newer build fails rather than guessing ("vault.schema_too_new").
#pragma once

#include "core/result.h"
#include "vault/database.h"

#include <cstdint>
#include <vector>

namespace selfdirect::vault::detail {

struct Migration {
    std::int64_t version; // the version the file is at after this step
    const char* sql;      // run inside the migration transaction
};

// Every step, in order; the last one's version is the current schema version. Exposed so tests can
// build a file at any earlier version with exactly the SQL that version shipped.
const std::vector<Migration>& device_migrations();

constexpr std::int64_t kDeviceSchemaVersion = 6;

// Reads the version `db` is at (0 for a new file).
Result<std::int64_t> device_schema_version(Database& db);

// Brings `db` up to kDeviceSchemaVersion in one transaction.
Result<void> migrate_device_db(Database& db);

} // namespace selfdirect::vault::detail
