// device.db step 5 (issue 6, sync throughput): a "pending" mark on each outbox_sync row and a partial
// index over the pending, not-held rows in sending order, so picking the next batch walks at most a
// batch's worth of index entries instead of testing "has a current receipt?" for every envelope the
// device still keeps (retained envelopes stay 14 days, so an outbox of thousands is normal).
//
// The truth is unchanged (outbox_schema.h): a row is ACKED when a receipt of the known restore epoch
// names its envelope. `pending` caches "in the outbox and not ACKED"; triggers keep it exact in the
// same transaction as every change that can alter it (an outbox insert or delete, a receipt stored,
// a new restore epoch), so no code path can forget to. `created` and `seq` (the outbox rowid at
// insert) copy the sending order beside it. The tests check the cache against the truth.
#pragma once

namespace selfdirect::vault::detail {

// "Is the row (K, R) in the outbox and without a current-epoch receipt for its envelope?" with K
// and R spliced in by the step below (SQLite triggers cannot call a shared view with arguments).
#define SELFDIRECT_PENDING_SQL(K, R)                                                                        \
    "EXISTS (SELECT 1 FROM outbox o WHERE o.record_id = " K " AND o.revision = " R " AND NOT EXISTS "      \
    "(SELECT 1 FROM outbox_receipt rc JOIN sync_state st ON st.id = 1 AND rc.restore_epoch = st.restore_epoch " \
    "WHERE rc.record_id = o.record_id AND rc.revision = o.revision AND rc.envelope_hash = o.envelope_hash))"

constexpr const char* kOutboxDueStep =
    "ALTER TABLE outbox_sync ADD COLUMN created INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE outbox_sync ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE outbox_sync ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;\n"
    // Belt: a row an older build left without bookkeeping gets it now.
    "INSERT OR IGNORE INTO outbox_sync(record_id, revision) SELECT record_id, revision FROM outbox;\n"
    "UPDATE outbox_sync SET "
    "created = COALESCE((SELECT o.created FROM outbox o WHERE o.record_id = outbox_sync.record_id "
    "AND o.revision = outbox_sync.revision), 0), "
    "seq = COALESCE((SELECT o.rowid FROM outbox o WHERE o.record_id = outbox_sync.record_id "
    "AND o.revision = outbox_sync.revision), 0), "
    "pending = " SELFDIRECT_PENDING_SQL("outbox_sync.record_id", "outbox_sync.revision") ";\n"
    "CREATE INDEX outbox_sync_due ON outbox_sync(safeguarding DESC, created, seq) WHERE pending = 1 AND held = 0;\n"
    // A new envelope: its bookkeeping row exists from the same statement on.
    "CREATE TRIGGER outbox_sync_on_insert AFTER INSERT ON outbox BEGIN\n"
    "  INSERT INTO outbox_sync(record_id, revision, created, seq, pending) VALUES (NEW.record_id, NEW.revision, "
    "NEW.created, NEW.rowid, " SELFDIRECT_PENDING_SQL("NEW.record_id", "NEW.revision") ") "
    "ON CONFLICT(record_id, revision) DO UPDATE SET created = excluded.created, seq = excluded.seq, "
    "pending = excluded.pending;\n"
    "END;\n"
    // Purged or quarantined: nothing left to send.
    "CREATE TRIGGER outbox_sync_on_delete AFTER DELETE ON outbox BEGIN\n"
    "  UPDATE outbox_sync SET pending = 0 WHERE record_id = OLD.record_id AND revision = OLD.revision;\n"
    "END;\n"
    "CREATE TRIGGER outbox_sync_on_receipt AFTER INSERT ON outbox_receipt BEGIN\n"
    "  UPDATE outbox_sync SET pending = " SELFDIRECT_PENDING_SQL("NEW.record_id", "NEW.revision")
    " WHERE record_id = NEW.record_id AND revision = NEW.revision;\n"
    "END;\n"
    "CREATE TRIGGER outbox_sync_on_receipt_update AFTER UPDATE ON outbox_receipt BEGIN\n"
    "  UPDATE outbox_sync SET pending = " SELFDIRECT_PENDING_SQL("NEW.record_id", "NEW.revision")
    " WHERE record_id = NEW.record_id AND revision = NEW.revision;\n"
    "END;\n"
    // A new restore epoch re-offers every retained envelope (and a receipt of the new epoch that
    // arrived first still counts): recompute them all, in the commit that adopts the epoch.
    "CREATE TRIGGER outbox_sync_on_epoch AFTER UPDATE OF restore_epoch ON sync_state BEGIN\n"
    "  UPDATE outbox_sync SET pending = " SELFDIRECT_PENDING_SQL("outbox_sync.record_id", "outbox_sync.revision") ";\n"
    "END;\n";

#undef SELFDIRECT_PENDING_SQL

} // namespace selfdirect::vault::detail
