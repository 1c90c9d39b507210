// device.db schema steps (see device_schema.h). Drafts hold only ciphertext bound to their row; the
// outbox holds sealed, signed envelopes waiting for the council's acknowledgement. Never edit a step
// that has shipped: add a new one with the next number.
#include "vault/device_schema.h"

#include "vault/key_schema.h" // step 3 (issue 4, key hierarchy): kdf_params, resume, workers
#include "vault/outbox_schema.h" // step 4 (issue 6, sync v2): outbox_sync, outbox_receipt, sync_state
#include "vault/outbox_due_schema.h" // step 5 (issue 6, throughput): the pending mark and its index
#include "vault/sync_error_schema.h" // step 6 (issue 12): sync_state's last error as code, words, reason

#include <string>

namespace selfdirect::vault::detail {

namespace {

// v1 (issue 2): drafts and outbox.
constexpr const char* kStep1 = R"sql(
CREATE TABLE drafts(
  session_id TEXT NOT NULL,
  link_id    TEXT NOT NULL,
  nonce      BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  PRIMARY KEY(session_id, link_id)
) WITHOUT ROWID;
CREATE TABLE outbox(
  record_id     TEXT    NOT NULL,
  revision      INTEGER NOT NULL CHECK (revision >= 1),
  envelope      BLOB    NOT NULL,
  envelope_hash TEXT    NOT NULL,
  created       INTEGER NOT NULL,
  PRIMARY KEY(record_id, revision)
);
CREATE INDEX outbox_by_created ON outbox(created);
)sql";

// v2 (issue 4): the quarantine for rows that fail authentication, receipts, and the outbox made
// append-only: no UPDATE at all, and a DELETE only of a row that has a receipt (the acknowledge
// path writes one first) or has been quarantined.
constexpr const char* kStep2 = R"sql(
CREATE TABLE quarantine(
  id          INTEGER PRIMARY KEY,
  source      TEXT    NOT NULL,
  row_key     TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  payload     BLOB,
  quarantined INTEGER NOT NULL
);
CREATE TABLE outbox_receipts(
  record_id    TEXT    NOT NULL,
  revision     INTEGER NOT NULL,
  acknowledged INTEGER NOT NULL,
  PRIMARY KEY(record_id, revision)
);
CREATE TRIGGER outbox_append_only BEFORE UPDATE ON outbox
BEGIN
  SELECT RAISE(ABORT, 'outbox rows are append-only');
END;
CREATE TRIGGER outbox_delete_needs_receipt BEFORE DELETE ON outbox
WHEN NOT EXISTS (SELECT 1 FROM outbox_receipts r WHERE r.record_id = OLD.record_id AND r.revision = OLD.revision)
 AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.source = 'outbox' AND q.row_key = OLD.record_id || '/' || OLD.revision)
BEGIN
  SELECT RAISE(ABORT, 'an outbox row leaves only with a receipt or into quarantine');
END;
)sql";

Result<void> migrate_in_transaction(Database& db) {
    auto version = device_schema_version(db);
    if (!version) return version.error();
    if (version.value() > kDeviceSchemaVersion) {
        return make_error("vault.schema_too_new", "device.db is at schema version " + std::to_string(version.value()) +
                                                      "; this build knows up to " + std::to_string(kDeviceSchemaVersion));
    }
    for (const auto& step : device_migrations()) {
        if (step.version <= version.value()) continue;
        auto applied = db.exec(step.sql);
        if (!applied) return applied;
        auto stmt = db.prepare("INSERT INTO schema_version(version) VALUES (?)");
        if (!stmt) return stmt.error();
        auto noted = stmt->bind(1, step.version).run();
        if (!noted) return noted;
    }
    return {};
}

} // namespace

const std::vector<Migration>& device_migrations() {
    static const std::vector<Migration> steps = {
        {1, kStep1}, {2, kStep2}, {3, kKeyHierarchyStep}, {4, kOutboxSyncStep}, {5, kOutboxDueStep}, {6, kSyncErrorStep},
    }; // constant table, no state
    return steps;
}

Result<std::int64_t> device_schema_version(Database& db) {
    auto created = db.exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
    if (!created) return created.error();
    auto stmt = db.prepare("SELECT max(version) FROM schema_version");
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    const std::int64_t version = stmt->column_is_null(0) ? 0 : stmt->column_int(0);
    stmt->reset();
    return version;
}

Result<void> migrate_device_db(Database& db) {
    auto begun = db.begin_immediate();
    if (!begun) return begun;
    auto migrated = migrate_in_transaction(db);
    if (!migrated) {
        db.rollback();
        return migrated;
    }
    return db.commit();
}

} // namespace selfdirect::vault::detail
