// The outbox's sync bookkeeping over device.db (schema step 4, vault/outbox_schema.h): which rows are
// due, receipts, holds, backoff, purge and the staff summary. Kept apart from device_vault.cpp so the
// state rules live in one small file; DeviceVault calls these under its mutex, and each mutating
// function runs in exactly one IMMEDIATE transaction.
#pragma once

#include "core/result.h"
#include "vault/database.h"
#include "vault/device_vault.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace selfdirect::vault::detail {

// Rows not ACKED and not HELD, safeguarding first, then oldest. `due_at`: only rows whose backoff has
// passed; `limit` 0 = all. Rows are returned as stored (the caller checks hashes).
Result<std::vector<OutboxEntry>> select_pending(Database& db, std::optional<std::int64_t> due_at, std::size_t limit);
Result<void> insert_sync_row(Database& db, const std::string& record_id, std::uint32_t revision, bool safeguarding);
Result<void> store_receipt(Database& db, const StoredReceipt& receipt, std::int64_t now_unix);
Result<std::vector<bool>> store_receipts(Database& db, const std::vector<StoredReceipt>& receipts, std::int64_t now_unix);
Result<void> note_attempts_failed(Database& db, const std::vector<OutboxEntry>& rows, const std::string& reason,
                                  std::int64_t next_attempt_unix);
Result<void> note_attempt_failed(Database& db, const std::string& record_id, std::uint32_t revision,
                                 const std::string& reason, std::int64_t next_attempt_unix);
Result<void> set_held(Database& db, const std::string& record_id, std::uint32_t revision, bool held,
                      const std::string& reason);
Result<int> purge_acknowledged(Database& db, std::int64_t now_unix, int retention_days, const std::string& current_epoch);
Result<void> mark_exported(Database& db, const std::vector<OutboxEntry>& rows, std::int64_t now_unix);
Result<SyncState> read_sync_state(Database& db);
Result<void> note_enrolled(Database& db, const Bytes& receipt_key, const std::string& restore_epoch, std::int64_t now_unix);
Result<void> note_sync_failure(Database& db, const Error& error, const std::string& receiver_reason,
                               std::int64_t next_attempt_unix);
Result<void> note_sync_success(Database& db, std::int64_t now_unix);
Result<SyncStatus> read_sync_status(Database& db);
Result<std::optional<StoredReceipt>> read_receipt(Database& db, const std::string& record_id, std::uint32_t revision);

} // namespace selfdirect::vault::detail
