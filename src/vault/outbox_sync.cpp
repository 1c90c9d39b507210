// Outbox sync bookkeeping (see outbox_sync.h and the state table in outbox_schema.h).
#include "vault/outbox_sync.h"

namespace selfdirect::vault::detail {

namespace {

template <typename Work>
Result<void> in_transaction(Database& db, Work&& work) {
    auto begun = db.begin_immediate();
    if (!begun) return begun;
    auto done = work();
    if (!done) {
        db.rollback();
        return done;
    }
    return db.commit();
}

Result<std::int64_t> single_int(Database& db, const std::string& sql) {
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    const std::int64_t value = (row.value() && !stmt->column_is_null(0)) ? stmt->column_int(0) : 0;
    stmt->reset();
    return value;
}

// Creates the row's bookkeeping if an older build left none (the migration backfills, this is a belt).
Result<void> ensure_sync_row(Database& db, const std::string& record_id, std::uint32_t revision) {
    auto stmt = db.prepare("INSERT OR IGNORE INTO outbox_sync(record_id, revision) VALUES (?, ?)");
    if (!stmt) return stmt.error();
    return stmt->bind(1, std::string_view(record_id)).bind(2, static_cast<std::int64_t>(revision)).run();
}

Error mismatch(const StoredReceipt& r, const std::string& what) {
    return make_error("vault.receipt_mismatch",
                      "receipt for record " + r.record_id + " rev " + std::to_string(r.revision) + ": " + what);
}

} // namespace

Result<std::vector<OutboxEntry>> select_pending(Database& db, std::optional<std::int64_t> due_at, std::size_t limit) {
    // Walks the partial index of pending, not-held rows in sending order (step 5): a batch costs a
    // batch's worth of rows however many acknowledged envelopes the device still retains. INDEXED BY
    // makes a plan that cannot use it an error the tests see, not a silent full scan.
    std::string sql =
        "SELECT o.record_id, o.revision, o.envelope, o.envelope_hash, o.created, s.safeguarding, s.attempts, "
        "s.next_attempt_unix, COALESCE(s.last_reason, '') "
        "FROM outbox_sync s INDEXED BY outbox_sync_due "
        "JOIN outbox o ON o.record_id = s.record_id AND o.revision = s.revision "
        "WHERE s.pending = 1 AND s.held = 0";
    if (due_at) sql += " AND s.next_attempt_unix <= ?1";
    sql += " ORDER BY s.safeguarding DESC, s.created, s.seq";
    if (limit > 0) sql += " LIMIT " + std::to_string(limit);
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    if (due_at) stmt->bind(1, *due_at);
    std::vector<OutboxEntry> entries;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!row.value()) break;
        OutboxEntry e;
        e.record_id = stmt->column_text(0);
        e.revision = static_cast<std::uint32_t>(stmt->column_int(1));
        e.envelope = stmt->column_blob(2);
        e.envelope_hash = stmt->column_text(3);
        e.created_unix = stmt->column_int(4);
        e.safeguarding = stmt->column_int(5) != 0;
        e.attempts = static_cast<int>(stmt->column_int(6));
        e.next_attempt_unix = stmt->column_int(7);
        e.last_reason = stmt->column_text(8);
        entries.push_back(std::move(e));
    }
    stmt->reset();
    return entries;
}

Result<void> insert_sync_row(Database& db, const std::string& record_id, std::uint32_t revision, bool safeguarding) {
    auto stmt = db.prepare(
        "INSERT INTO outbox_sync(record_id, revision, safeguarding) VALUES (?, ?, ?) "
        "ON CONFLICT(record_id, revision) DO UPDATE SET safeguarding = excluded.safeguarding");
    if (!stmt) return stmt.error();
    return stmt->bind(1, std::string_view(record_id))
        .bind(2, static_cast<std::int64_t>(revision))
        .bind(3, std::int64_t{safeguarding ? 1 : 0})
        .run();
}

namespace {

// Inside a transaction: stores one receipt if it names a row held here (or repeats the receipt of a
// purged one). Returns the reason it was refused, or "" when stored.
Result<std::string> store_receipt_in_transaction(Database& db, const StoredReceipt& receipt, std::int64_t now_unix) {
    if (receipt.signature.size() != 64) return std::string("signature is not 64 bytes");
    if (receipt.restore_epoch.empty()) return std::string("no restore epoch");
    auto row = db.prepare("SELECT envelope_hash FROM outbox WHERE record_id = ? AND revision = ?");
    if (!row) return row.error();
    row->bind(1, std::string_view(receipt.record_id)).bind(2, static_cast<std::int64_t>(receipt.revision));
    auto found = row->step();
    if (!found) return found.error();
    if (!found.value()) {
        row->reset();
        // Already purged with a receipt for the same envelope: the repeat is harmless.
        auto kept = read_receipt(db, receipt.record_id, receipt.revision);
        if (!kept) return kept.error();
        if (kept->has_value() && (*kept)->envelope_hash == receipt.envelope_hash) return std::string();
        return std::string("no such outbox row");
    }
    const std::string held_hash = row->column_text(0);
    row->reset();
    if (held_hash != receipt.envelope_hash) return std::string("envelope hash differs from the row's");

    auto upsert = db.prepare(
        "INSERT INTO outbox_receipt(record_id, revision, envelope_hash, server_seq, server_time, restore_epoch, "
        "signature, received_unix) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(record_id, revision) DO UPDATE SET envelope_hash = excluded.envelope_hash, "
        "server_seq = excluded.server_seq, server_time = excluded.server_time, "
        "restore_epoch = excluded.restore_epoch, signature = excluded.signature, received_unix = excluded.received_unix");
    if (!upsert) return upsert.error();
    auto stored = upsert->bind(1, std::string_view(receipt.record_id))
                      .bind(2, static_cast<std::int64_t>(receipt.revision))
                      .bind(3, std::string_view(receipt.envelope_hash))
                      .bind(4, receipt.server_seq)
                      .bind(5, receipt.server_time)
                      .bind(6, std::string_view(receipt.restore_epoch))
                      .bind_blob(7, receipt.signature.data(), receipt.signature.size())
                      .bind(8, now_unix)
                      .run();
    if (!stored) return stored.error();
    // A receipt under another epoch means the store was restored: adopting its epoch makes every
    // other retained row (whose receipt names the old epoch) pending again, in this same commit.
    auto epoch = db.prepare("UPDATE sync_state SET restore_epoch = ? WHERE id = 1 AND restore_epoch <> ?");
    if (!epoch) return epoch.error();
    auto adopted = epoch->bind(1, std::string_view(receipt.restore_epoch))
                       .bind(2, std::string_view(receipt.restore_epoch))
                       .run();
    if (!adopted) return adopted.error();
    auto ensured = ensure_sync_row(db, receipt.record_id, receipt.revision);
    if (!ensured) return ensured.error();
    auto reset = db.prepare(
        "UPDATE outbox_sync SET attempts = 0, next_attempt_unix = 0, last_reason = NULL, held = 0 "
        "WHERE record_id = ? AND revision = ?");
    if (!reset) return reset.error();
    auto done = reset->bind(1, std::string_view(receipt.record_id)).bind(2, static_cast<std::int64_t>(receipt.revision)).run();
    if (!done) return done.error();
    return std::string();
}

} // namespace

Result<void> store_receipt(Database& db, const StoredReceipt& receipt, std::int64_t now_unix) {
    std::string refused;
    auto done = in_transaction(db, [&]() -> Result<void> {
        auto stored = store_receipt_in_transaction(db, receipt, now_unix);
        if (!stored) return stored.error();
        refused = std::move(stored).value();
        if (!refused.empty()) return mismatch(receipt, refused); // rolls back (nothing was written anyway)
        return {};
    });
    return done;
}

Result<std::vector<bool>> store_receipts(Database& db, const std::vector<StoredReceipt>& receipts, std::int64_t now_unix) {
    std::vector<bool> stored(receipts.size(), false);
    auto done = in_transaction(db, [&]() -> Result<void> {
        for (std::size_t i = 0; i < receipts.size(); ++i) {
            auto one = store_receipt_in_transaction(db, receipts[i], now_unix);
            if (!one) return one.error();
            stored[i] = one->empty();
        }
        return {};
    });
    if (!done) return done.error();
    return stored;
}

Result<void> note_attempt_failed(Database& db, const std::string& record_id, std::uint32_t revision,
                                 const std::string& reason, std::int64_t next_attempt_unix) {
    return in_transaction(db, [&]() -> Result<void> {
        auto ensured = ensure_sync_row(db, record_id, revision);
        if (!ensured) return ensured;
        auto stmt = db.prepare(
            "UPDATE outbox_sync SET attempts = attempts + 1, next_attempt_unix = ?, last_reason = ? "
            "WHERE record_id = ? AND revision = ?");
        if (!stmt) return stmt.error();
        return stmt->bind(1, next_attempt_unix)
            .bind(2, std::string_view(reason))
            .bind(3, std::string_view(record_id))
            .bind(4, static_cast<std::int64_t>(revision))
            .run();
    });
}

Result<void> note_attempts_failed(Database& db, const std::vector<OutboxEntry>& rows, const std::string& reason,
                                  std::int64_t next_attempt_unix) {
    return in_transaction(db, [&]() -> Result<void> {
        for (const auto& row : rows) {
            auto ensured = ensure_sync_row(db, row.record_id, row.revision);
            if (!ensured) return ensured;
            auto stmt = db.prepare(
                "UPDATE outbox_sync SET attempts = attempts + 1, next_attempt_unix = ?, last_reason = ? "
                "WHERE record_id = ? AND revision = ?");
            if (!stmt) return stmt.error();
            auto ran = stmt->bind(1, next_attempt_unix)
                           .bind(2, std::string_view(reason))
                           .bind(3, std::string_view(row.record_id))
                           .bind(4, static_cast<std::int64_t>(row.revision))
                           .run();
            if (!ran) return ran;
        }
        return {};
    });
}

Result<void> set_held(Database& db, const std::string& record_id, std::uint32_t revision, bool held,
                      const std::string& reason) {
    return in_transaction(db, [&]() -> Result<void> {
        auto ensured = ensure_sync_row(db, record_id, revision);
        if (!ensured) return ensured;
        auto stmt = db.prepare(held ? "UPDATE outbox_sync SET held = 1, last_reason = ? WHERE record_id = ? AND revision = ?"
                                    : "UPDATE outbox_sync SET held = 0, attempts = 0, next_attempt_unix = 0, "
                                      "last_reason = ? WHERE record_id = ? AND revision = ?");
        if (!stmt) return stmt.error();
        return stmt->bind(1, std::string_view(reason))
            .bind(2, std::string_view(record_id))
            .bind(3, static_cast<std::int64_t>(revision))
            .run();
    });
}

Result<int> purge_acknowledged(Database& db, std::int64_t now_unix, int retention_days, const std::string& current_epoch) {
    if (current_epoch.empty() || retention_days < 0) return 0;
    int purged = 0;
    auto done = in_transaction(db, [&]() -> Result<void> {
        // Only under the epoch the device knows: a receipt from before a restore proves nothing now.
        auto stmt = db.prepare(
            "DELETE FROM outbox WHERE rowid IN (SELECT o.rowid FROM outbox o JOIN outbox_receipt r "
            "ON r.record_id = o.record_id AND r.revision = o.revision AND r.envelope_hash = o.envelope_hash "
            "JOIN sync_state st ON st.id = 1 AND st.restore_epoch = r.restore_epoch "
            "WHERE r.restore_epoch = ? AND r.received_unix <= ?)");
        if (!stmt) return stmt.error();
        auto ran = stmt->bind(1, std::string_view(current_epoch))
                       .bind(2, now_unix - static_cast<std::int64_t>(retention_days) * 86400)
                       .run();
        if (!ran) return ran;
        purged = db.changes();
        return {};
    });
    if (!done) return done.error();
    return purged;
}

Result<void> mark_exported(Database& db, const std::vector<OutboxEntry>& rows, std::int64_t now_unix) {
    return in_transaction(db, [&]() -> Result<void> {
        for (const auto& row : rows) {
            auto ensured = ensure_sync_row(db, row.record_id, row.revision);
            if (!ensured) return ensured;
            auto stmt = db.prepare("UPDATE outbox_sync SET exported_unix = ? WHERE record_id = ? AND revision = ?");
            if (!stmt) return stmt.error();
            auto ran = stmt->bind(1, now_unix)
                           .bind(2, std::string_view(row.record_id))
                           .bind(3, static_cast<std::int64_t>(row.revision))
                           .run();
            if (!ran) return ran;
        }
        auto state = db.prepare("UPDATE sync_state SET last_exported_unix = ? WHERE id = 1");
        if (!state) return state.error();
        return state->bind(1, now_unix).run();
    });
}

Result<SyncState> read_sync_state(Database& db) {
    auto stmt = db.prepare(
        "SELECT restore_epoch, enrolled_unix, receipt_key, consecutive_failures, next_attempt_unix, "
        "last_success_unix, last_error_code, last_error, last_error_reason, last_exported_unix "
        "FROM sync_state WHERE id = 1");
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    SyncState state;
    if (row.value()) {
        state.restore_epoch = stmt->column_text(0);
        state.enrolled_unix = stmt->column_int(1);
        if (!stmt->column_is_null(2)) state.receipt_key = stmt->column_blob(2);
        state.consecutive_failures = static_cast<int>(stmt->column_int(3));
        state.next_attempt_unix = stmt->column_int(4);
        state.last_success_unix = stmt->column_int(5);
        std::string code = stmt->column_text(6);
        if (!code.empty()) state.last_error = make_error(std::move(code), stmt->column_text(7));
        state.last_receiver_reason = stmt->column_text(8);
        state.last_exported_unix = stmt->column_int(9);
    }
    stmt->reset();
    return state;
}

Result<void> note_enrolled(Database& db, const Bytes& receipt_key, const std::string& restore_epoch, std::int64_t now_unix) {
    return in_transaction(db, [&]() -> Result<void> {
        auto stmt = db.prepare(
            "UPDATE sync_state SET enrolled_unix = ?, receipt_key = ?, "
            "restore_epoch = CASE WHEN ? = '' THEN restore_epoch ELSE ? END WHERE id = 1");
        if (!stmt) return stmt.error();
        return stmt->bind(1, now_unix)
            .bind_blob(2, receipt_key.data(), receipt_key.size())
            .bind(3, std::string_view(restore_epoch))
            .bind(4, std::string_view(restore_epoch))
            .run();
    });
}

Result<void> note_sync_failure(Database& db, const Error& error, const std::string& receiver_reason,
                               std::int64_t next_attempt_unix) {
    return in_transaction(db, [&]() -> Result<void> {
        auto stmt = db.prepare(
            "UPDATE sync_state SET consecutive_failures = consecutive_failures + 1, next_attempt_unix = ?, "
            "last_error_code = ?, last_error = ?, last_error_reason = ? WHERE id = 1");
        if (!stmt) return stmt.error();
        return stmt->bind(1, next_attempt_unix)
            .bind(2, std::string_view(error.code))
            .bind(3, std::string_view(error.message))
            .bind(4, std::string_view(receiver_reason))
            .run();
    });
}

Result<void> note_sync_success(Database& db, std::int64_t now_unix) {
    return in_transaction(db, [&]() -> Result<void> {
        auto stmt = db.prepare(
            "UPDATE sync_state SET consecutive_failures = 0, next_attempt_unix = 0, last_success_unix = ?, "
            "last_error_code = '', last_error = '', last_error_reason = '' WHERE id = 1");
        if (!stmt) return stmt.error();
        return stmt->bind(1, now_unix).run();
    });
}

Result<SyncStatus> read_sync_status(Database& db) {
    SyncStatus status;
    // Every outbox row has its outbox_sync row (step 5's insert trigger); pending = not ACKED.
    auto stmt = db.prepare("SELECT count(*) - coalesce(sum(s.pending), 0), coalesce(sum(s.pending AND s.held), 0), "
                           "coalesce(sum(s.pending AND NOT s.held AND s.attempts > 0), 0), "
                           "coalesce(sum(s.pending AND NOT s.held AND s.attempts = 0), 0) "
                           "FROM outbox o JOIN outbox_sync s ON s.record_id = o.record_id AND s.revision = o.revision");
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (row.value()) {
        status.acked = static_cast<int>(stmt->column_int(0));
        status.held = static_cast<int>(stmt->column_int(1));
        status.sending = static_cast<int>(stmt->column_int(2));
        status.queued = static_cast<int>(stmt->column_int(3));
    }
    stmt->reset();
    auto purged = single_int(db, "SELECT count(*) FROM outbox_receipt r WHERE NOT EXISTS "
                                 "(SELECT 1 FROM outbox o WHERE o.record_id = r.record_id AND o.revision = r.revision)");
    if (!purged) return purged.error();
    status.purged = static_cast<int>(purged.value());
    auto state = read_sync_state(db);
    if (!state) return state.error();
    status.last_success_unix = state->last_success_unix;
    status.last_error = state->last_error;
    status.last_receiver_reason = state->last_receiver_reason;
    status.next_attempt_unix = state->next_attempt_unix;
    status.last_exported_unix = state->last_exported_unix;
    status.restore_epoch = state->restore_epoch;
    return status;
}

Result<std::optional<StoredReceipt>> read_receipt(Database& db, const std::string& record_id, std::uint32_t revision) {
    auto stmt = db.prepare(
        "SELECT envelope_hash, server_seq, server_time, restore_epoch, signature FROM outbox_receipt "
        "WHERE record_id = ? AND revision = ?");
    if (!stmt) return stmt.error();
    stmt->bind(1, std::string_view(record_id)).bind(2, static_cast<std::int64_t>(revision));
    auto row = stmt->step();
    if (!row) return row.error();
    std::optional<StoredReceipt> receipt;
    if (row.value()) {
        receipt = StoredReceipt{record_id, revision, stmt->column_text(0), stmt->column_int(1), stmt->column_int(2),
                                stmt->column_text(3), stmt->column_blob(4)};
    }
    stmt->reset();
    return receipt;
}

} // namespace selfdirect::vault::detail
