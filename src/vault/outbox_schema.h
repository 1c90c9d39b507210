// device.db step 4 (issue 6, sync protocol v2): the outbox's sync bookkeeping, kept in side tables
// keyed by (record_id, revision) so the outbox itself stays append-only (step 2's triggers still
// refuse every UPDATE). A row's state is derived, never stored twice:
//   ACKED   = it has a receipt whose restore epoch is the device's known epoch;
//   HELD    = outbox_sync.held = 1 (conflict / rejected: not retried automatically);
//   SENDING = not acked, not held, attempts > 0;  SEALED = the rest;
//   PURGED  = a receipt with no outbox row left.
// So a new restore epoch re-offers every retained row by changing one value in sync_state.
// Receipts are never deleted, and an envelope may leave the outbox only with a signed receipt of the
// current epoch (or into quarantine): step 4 replaces step 2's delete trigger with that stricter one.
#pragma once

namespace selfdirect::vault::detail {

constexpr const char* kOutboxSyncStep = R"sql(
CREATE TABLE outbox_sync(
  record_id         TEXT    NOT NULL,
  revision          INTEGER NOT NULL,
  safeguarding      INTEGER NOT NULL DEFAULT 0,
  attempts          INTEGER NOT NULL DEFAULT 0,
  next_attempt_unix INTEGER NOT NULL DEFAULT 0,
  last_reason       TEXT,
  held              INTEGER NOT NULL DEFAULT 0,
  exported_unix     INTEGER,
  PRIMARY KEY(record_id, revision)
) WITHOUT ROWID;
INSERT INTO outbox_sync(record_id, revision) SELECT record_id, revision FROM outbox;
CREATE TABLE outbox_receipt(
  record_id     TEXT    NOT NULL,
  revision      INTEGER NOT NULL,
  envelope_hash TEXT    NOT NULL,
  server_seq    INTEGER NOT NULL,
  server_time   INTEGER NOT NULL,
  restore_epoch TEXT    NOT NULL CHECK (length(restore_epoch) > 0),
  signature     BLOB    NOT NULL CHECK (length(signature) = 64),
  received_unix INTEGER NOT NULL,
  PRIMARY KEY(record_id, revision)
) WITHOUT ROWID;
CREATE TRIGGER outbox_receipt_kept BEFORE DELETE ON outbox_receipt
BEGIN
  SELECT RAISE(ABORT, 'receipts are kept');
END;
CREATE TABLE sync_state(
  id                   INTEGER PRIMARY KEY CHECK (id = 1),
  restore_epoch        TEXT    NOT NULL DEFAULT '',
  enrolled_unix        INTEGER NOT NULL DEFAULT 0,
  receipt_key          BLOB,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  next_attempt_unix    INTEGER NOT NULL DEFAULT 0,
  last_success_unix    INTEGER NOT NULL DEFAULT 0,
  last_error           TEXT    NOT NULL DEFAULT '',
  last_exported_unix   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_state(id) VALUES (1);
DROP TRIGGER outbox_delete_needs_receipt;
CREATE TRIGGER outbox_delete_needs_current_receipt BEFORE DELETE ON outbox
WHEN NOT EXISTS (SELECT 1 FROM outbox_receipt r JOIN sync_state s ON s.id = 1 AND r.restore_epoch = s.restore_epoch
                 WHERE r.record_id = OLD.record_id AND r.revision = OLD.revision
                   AND r.envelope_hash = OLD.envelope_hash)
 AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.source = 'outbox' AND q.row_key = OLD.record_id || '/' || OLD.revision)
BEGIN
  SELECT RAISE(ABORT, 'an outbox row leaves only with a receipt of the current epoch or into quarantine');
END;
)sql";

} // namespace selfdirect::vault::detail
