// The schema of device.db and its migrations. `schema_version` holds one row with the version the
// file is at; opening a file from a newer build fails rather than guessing ("vault.schema_too_new").
#pragma once

#include "core/result.h"
#include "vault/database.h"

namespace selfdirect::vault::detail {

constexpr std::int64_t kDeviceSchemaVersion = 1;

// Brings `db` up to kDeviceSchemaVersion in one transaction.
Result<void> migrate_device_db(Database& db);

} // namespace selfdirect::vault::detail
