// device.db schema, version 1 (see device_schema.h). Drafts hold only ciphertext bound to their row;
// the outbox holds sealed, signed envelopes waiting for the council's acknowledgement.
#include "vault/device_schema.h"

#include <string>

namespace selfdirect::vault::detail {

namespace {

constexpr const char* kSchemaV1 = R"sql(
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
INSERT INTO schema_version(version) VALUES (1);
)sql";

Result<void> migrate_in_transaction(Database& db) {
    auto created = db.exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
    if (!created) return created;
    auto stmt = db.prepare("SELECT max(version) FROM schema_version");
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    const std::int64_t version = stmt->column_is_null(0) ? 0 : stmt->column_int(0);
    stmt->reset();
    if (version > kDeviceSchemaVersion) {
        return make_error("vault.schema_too_new", "device.db is at schema version " + std::to_string(version) +
                                                      "; this build knows up to " + std::to_string(kDeviceSchemaVersion));
    }
    if (version < 1) {
        auto v1 = db.exec(kSchemaV1);
        if (!v1) return v1;
    }
    return {};
}

} // namespace

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
