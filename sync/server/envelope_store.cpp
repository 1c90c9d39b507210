// The SQLite EnvelopeStore (schema v2, docs/sync-protocol.md "Stores"), through vault::Database so
// this file never sees sqlite3.h. One connection serialised by a mutex: httplib answers requests on a
// thread pool, and each write is a BEGIN IMMEDIATE ... COMMIT that must not interleave with another on
// the same connection; BEGIN IMMEDIATE also serialises against other processes (the council tool
// enrolling a device while the receiver runs). Durability: vault::Database opens with WAL and
// synchronous=FULL, so a commit that returned is on disk.
#include "sync/server/envelope_store.h"

#include "sync/protocol/sync_wire.h"
#include "vault/database.h"
#include "vault/signature.h"

#include <mutex>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

namespace selfdirect::sync {

namespace {

constexpr std::int64_t kSchemaVersion = 2;

// Mirrors sync/server/postgres_schema.h, so both backends hold the same things under the same names.
constexpr const char* kSchema = R"sql(
CREATE TABLE store_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE envelopes (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id         TEXT NOT NULL,
    revision          INTEGER NOT NULL,
    envelope_hash     TEXT NOT NULL,
    envelope          BLOB NOT NULL,
    device_id         TEXT NOT NULL,
    server_time       INTEGER NOT NULL,
    clock_flag        TEXT NOT NULL DEFAULT '',
    receipt_signature BLOB NOT NULL,
    receipt_epoch     TEXT NOT NULL,
    UNIQUE (record_id, revision)
);
CREATE TABLE conflicts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id     TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    envelope_hash TEXT NOT NULL,
    envelope      BLOB NOT NULL,
    device_id     TEXT NOT NULL,
    server_time   INTEGER NOT NULL,
    clock_flag    TEXT NOT NULL DEFAULT '',
    UNIQUE (record_id, revision, envelope_hash)
);
CREATE TABLE devices (
    device_id       TEXT PRIMARY KEY,
    sign_public_key BLOB NOT NULL,
    box_public_key  BLOB NOT NULL,
    enrolled_unix   INTEGER NOT NULL,
    revoked_unix    INTEGER
);
CREATE TABLE enrolment_codes (
    code_hash        BLOB PRIMARY KEY,
    device_id        TEXT NOT NULL,
    expires_unix     INTEGER NOT NULL,
    used_by_sign_key BLOB
);
PRAGMA user_version = 2;
)sql";

// Rolls back unless commit() succeeded, so every early return leaves the store as it was.
class Transaction {
public:
    explicit Transaction(vault::Database& db) : db_(db) {}
    ~Transaction() {
        if (began_ && !done_) db_.rollback();
    }
    Result<void> begin() {
        auto r = db_.begin_immediate();
        began_ = r.ok();
        return r;
    }
    Result<void> commit() {
        auto result = db_.commit();
        done_ = result.ok();
        return result;
    }

private:
    vault::Database& db_;
    bool began_ = false;
    bool done_ = false;
};

// Every failure to read or write becomes "sync.storage" (the answer is then `error`, retried later),
// keeping the underlying vault code in the message for the operator's log.
Error storage(const Error& e) { return make_error("sync.storage", e.code + ": " + e.message); }

Result<std::int64_t> single_int(vault::Database& db, std::string_view sql) {
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!row.value()) return make_error("vault.sql", "query returned no row");
    return stmt->column_int(0);
}

Result<std::optional<std::string>> meta(vault::Database& db, std::string_view name) {
    auto stmt = db.prepare("SELECT value FROM store_meta WHERE name = ?");
    if (!stmt) return stmt.error();
    stmt->bind(1, name);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!row.value()) return std::optional<std::string>{};
    return std::optional<std::string>{stmt->column_text(0)};
}

Result<void> set_meta(vault::Database& db, std::string_view name, std::string_view value) {
    auto stmt = db.prepare("INSERT INTO store_meta (name, value) VALUES (?, ?) "
                           "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
    if (!stmt) return stmt.error();
    stmt->bind(1, name).bind(2, value);
    return stmt->run();
}

class SqliteEnvelopeStore final : public EnvelopeStore {
public:
    explicit SqliteEnvelopeStore(std::unique_ptr<vault::Database> db) : db_(std::move(db)) {}

    Result<void> migrate(bool create) {
        auto version = single_int(*db_, "PRAGMA user_version");
        if (!version) return version.error();
        if (version.value() == kSchemaVersion) return {};
        if (version.value() == 0 && !create) {
            return make_error("sync.store_open", "not a selfdirect-sync store (no schema)");
        }
        if (version.value() != 0) {
            // 1 is the skeleton's store (trust-on-first-use keys, no receipts): nothing in it can be
            // turned into receipts after the fact, so it is refused rather than half-upgraded.
            return make_error("sync.store_version",
                              "store schema version " + std::to_string(version.value()) +
                                  (version.value() < kSchemaVersion ? " is the v1 skeleton's; start a new store"
                                                                    : " is newer than this program understands"));
        }
        Transaction txn(*db_);
        if (auto r = txn.begin(); !r) return r.error();
        // Another process may have created it between our look and our lock.
        auto again = single_int(*db_, "PRAGMA user_version");
        if (!again) return again.error();
        if (again.value() == kSchemaVersion) return {};
        if (auto r = db_->exec(kSchema); !r) return r.error();
        if (auto r = set_meta(*db_, "schema_version", std::to_string(kSchemaVersion)); !r) return r.error();
        if (auto r = set_meta(*db_, "restore_epoch", protocol::generate_restore_epoch()); !r) return r.error();
        return txn.commit();
    }

    Result<PutResult> put(const IncomingEnvelope& in, const ReceiptSigner& sign) override {
        std::lock_guard lock(mutex_);
        Transaction txn(*db_);
        if (auto r = txn.begin(); !r) return storage(r.error());
        auto result = put_step(in, sign);
        if (!result) return storage(result.error());
        if (auto r = txn.commit(); !r) return storage(r.error());
        return result;
    }

    // One transaction, one fsync, for the whole batch: with synchronous=FULL the commit dominates
    // the cost of a put, so a batch of 50 costs about what one envelope did.
    std::vector<Result<PutResult>> put_many(const std::vector<IncomingEnvelope>& envelopes,
                                            const ReceiptSigner& sign) override {
        std::lock_guard lock(mutex_);
        auto all_failed = [&](const Error& e) {
            return std::vector<Result<PutResult>>(envelopes.size(), Result<PutResult>(storage(e)));
        };
        Transaction txn(*db_);
        if (auto r = txn.begin(); !r) return all_failed(r.error());
        std::vector<Result<PutResult>> results;
        results.reserve(envelopes.size());
        for (const auto& in : envelopes) {
            auto result = put_step(in, sign);
            if (!result) return all_failed(result.error()); // the transaction rolls back: nothing stored
            results.push_back(std::move(result));
        }
        if (auto r = txn.commit(); !r) return all_failed(r.error());
        return results;
    }

    Result<std::vector<StoredEnvelope>> list(std::int64_t after_seq, std::size_t limit) override {
        std::lock_guard lock(mutex_);
        auto stmt = db_->prepare(std::string(kSelectStored) + " WHERE seq > ? ORDER BY seq LIMIT ?");
        if (!stmt) return storage(stmt.error());
        stmt->bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
        std::vector<StoredEnvelope> out;
        for (;;) {
            auto row = stmt->step();
            if (!row) return storage(row.error());
            if (!row.value()) break;
            out.push_back(read_stored(*stmt));
        }
        return out;
    }

    Result<std::optional<StoredEnvelope>> find(const std::string& record_id, std::uint32_t revision) override {
        std::lock_guard lock(mutex_);
        auto stmt = db_->prepare(std::string(kSelectStored) + " WHERE record_id = ? AND revision = ?");
        if (!stmt) return storage(stmt.error());
        stmt->bind(1, record_id).bind(2, static_cast<std::int64_t>(revision));
        auto row = stmt->step();
        if (!row) return storage(row.error());
        if (!row.value()) return std::optional<StoredEnvelope>{};
        return std::optional<StoredEnvelope>{read_stored(*stmt)};
    }

    Result<std::int64_t> count() override {
        std::lock_guard lock(mutex_);
        auto n = single_int(*db_, "SELECT count(*) FROM envelopes");
        if (!n) return storage(n.error());
        return n;
    }

    Result<std::int64_t> count_conflicts() override {
        std::lock_guard lock(mutex_);
        auto n = single_int(*db_, "SELECT count(*) FROM conflicts");
        if (!n) return storage(n.error());
        return n;
    }

    Result<std::vector<StoredEnvelope>> list_conflicts() override {
        std::lock_guard lock(mutex_);
        auto stmt = db_->prepare("SELECT id, record_id, revision, envelope_hash, envelope, device_id, server_time, "
                                 "clock_flag FROM conflicts ORDER BY id");
        if (!stmt) return storage(stmt.error());
        std::vector<StoredEnvelope> out;
        for (;;) {
            auto row = stmt->step();
            if (!row) return storage(row.error());
            if (!row.value()) break;
            StoredEnvelope e;
            e.seq = stmt->column_int(0);
            e.record_id = stmt->column_text(1);
            e.revision = static_cast<std::uint32_t>(stmt->column_int(2));
            e.envelope_hash = stmt->column_text(3);
            e.envelope = stmt->column_blob(4);
            e.device_id = stmt->column_text(5);
            e.server_time = stmt->column_int(6);
            e.clock_flag = stmt->column_text(7);
            out.push_back(std::move(e));
        }
        return out;
    }

    Result<std::optional<DeviceRecord>> device(const std::string& device_id) override {
        std::lock_guard lock(mutex_);
        auto stmt = db_->prepare("SELECT sign_public_key, box_public_key, enrolled_unix, revoked_unix "
                                 "FROM devices WHERE device_id = ?");
        if (!stmt) return storage(stmt.error());
        stmt->bind(1, device_id);
        auto row = stmt->step();
        if (!row) return storage(row.error());
        if (!row.value()) return std::optional<DeviceRecord>{};
        DeviceRecord d;
        d.device_id = device_id;
        d.sign_public_key = stmt->column_blob(0);
        d.box_public_key = stmt->column_blob(1);
        d.enrolled_unix = stmt->column_int(2);
        if (!stmt->column_is_null(3)) d.revoked_unix = stmt->column_int(3);
        return std::optional<DeviceRecord>{std::move(d)};
    }

    Result<void> add_enrolment_code(const EnrolmentCode& code) override {
        std::lock_guard lock(mutex_);
        auto stmt = db_->prepare("INSERT INTO enrolment_codes (code_hash, device_id, expires_unix, used_by_sign_key) "
                                 "VALUES (?, ?, ?, NULL)");
        if (!stmt) return storage(stmt.error());
        stmt->bind_blob(1, code.code_hash.data(), code.code_hash.size())
            .bind(2, code.device_id)
            .bind(3, code.expires_unix);
        if (auto r = stmt->run(); !r) return storage(r.error());
        return {};
    }

    Result<RedeemOutcome> redeem_enrolment_code(const vault::Bytes& code_hash, const DeviceRecord& device,
                                                std::int64_t now_unix) override {
        std::lock_guard lock(mutex_);
        auto result = redeem_locked(code_hash, device, now_unix);
        if (!result) return storage(result.error());
        return result;
    }

    Result<void> revoke_device(const std::string& device_id, std::int64_t now_unix) override {
        std::lock_guard lock(mutex_);
        Transaction txn(*db_);
        if (auto r = txn.begin(); !r) return storage(r.error());
        auto exists = db_->prepare("SELECT 1 FROM devices WHERE device_id = ?");
        if (!exists) return storage(exists.error());
        exists->bind(1, device_id);
        auto row = exists->step();
        if (!row) return storage(row.error());
        if (!row.value()) return make_error("sync.unknown_device", "device " + device_id + " was never enrolled");
        exists->reset();
        // A second revoke keeps the first time: that is when the device stopped being trusted.
        auto stmt = db_->prepare("UPDATE devices SET revoked_unix = ? WHERE device_id = ? AND revoked_unix IS NULL");
        if (!stmt) return storage(stmt.error());
        stmt->bind(1, now_unix).bind(2, device_id);
        if (auto r = stmt->run(); !r) return storage(r.error());
        if (auto r = txn.commit(); !r) return storage(r.error());
        return {};
    }

    Result<std::string> restore_epoch() override {
        std::lock_guard lock(mutex_);
        auto epoch = meta(*db_, "restore_epoch");
        if (!epoch) return storage(epoch.error());
        if (!epoch.value()) return make_error("sync.storage", "store has no restore epoch");
        return std::move(*epoch.value());
    }

    Result<std::string> new_restore_epoch() override {
        std::lock_guard lock(mutex_);
        Transaction txn(*db_);
        if (auto r = txn.begin(); !r) return storage(r.error());
        const std::string epoch = protocol::generate_restore_epoch();
        if (auto r = set_meta(*db_, "restore_epoch", epoch); !r) return storage(r.error());
        if (auto r = txn.commit(); !r) return storage(r.error());
        return epoch;
    }

private:
    static constexpr const char* kSelectStored =
        "SELECT seq, record_id, revision, envelope_hash, envelope, device_id, server_time, clock_flag, "
        "receipt_signature, receipt_epoch FROM envelopes";

    static StoredEnvelope read_stored(const vault::Statement& stmt) {
        StoredEnvelope e;
        e.seq = stmt.column_int(0);
        e.record_id = stmt.column_text(1);
        e.revision = static_cast<std::uint32_t>(stmt.column_int(2));
        e.envelope_hash = stmt.column_text(3);
        e.envelope = stmt.column_blob(4);
        e.device_id = stmt.column_text(5);
        e.server_time = stmt.column_int(6);
        e.clock_flag = stmt.column_text(7);
        e.receipt_signature = stmt.column_blob(8);
        e.receipt_epoch = stmt.column_text(9);
        return e;
    }

    // Parameters 1-7 of an insert into envelopes or conflicts, which share their first seven columns.
    static vault::Statement& bind_incoming(vault::Statement& stmt, const IncomingEnvelope& in) {
        return stmt.bind(1, in.record_id)
            .bind(2, static_cast<std::int64_t>(in.revision))
            .bind(3, in.envelope_hash)
            .bind_blob(4, in.envelope.data(), in.envelope.size())
            .bind(5, in.device_id)
            .bind(6, in.server_time)
            .bind(7, in.clock_flag);
    }

    // The body of a put inside a transaction the caller began and will commit.
    Result<PutResult> put_step(const IncomingEnvelope& in, const ReceiptSigner& sign) {
        auto existing = db_->prepare("SELECT seq, envelope_hash, server_time FROM envelopes "
                                     "WHERE record_id = ? AND revision = ?");
        if (!existing) return existing.error();
        existing->bind(1, in.record_id).bind(2, static_cast<std::int64_t>(in.revision));
        auto row = existing->step();
        if (!row) return row.error();

        PutResult result;
        if (row.value()) {
            const std::int64_t seq = existing->column_int(0);
            result.stored_hash = existing->column_text(1);
            const std::int64_t server_time = existing->column_int(2);
            existing->reset(); // release the read before writing
            if (result.stored_hash == in.envelope_hash) {
                result.outcome = PutOutcome::duplicate;
                result.seq = seq;
                result.server_time = server_time;
                return result; // nothing written
            }
            // Never overwrite, never drop: the newcomer waits in conflicts for a person; the same
            // newcomer again is kept once (UNIQUE + OR IGNORE).
            result.outcome = PutOutcome::conflict;
            auto insert = db_->prepare(
                "INSERT OR IGNORE INTO conflicts (record_id, revision, envelope_hash, envelope, device_id, "
                "server_time, clock_flag) VALUES (?, ?, ?, ?, ?, ?, ?)");
            if (!insert) return insert.error();
            bind_incoming(*insert, in);
            if (auto r = insert->run(); !r) return r.error();
            return result;
        }
        existing->reset();

        auto epoch = meta(*db_, "restore_epoch");
        if (!epoch) return epoch.error();
        if (!epoch.value()) return make_error("vault.sql", "store has no restore epoch");

        // The seq is only known once the row exists, and the receipt signs it: insert, sign, then
        // fill in the signature, all before the one commit.
        auto insert = db_->prepare(
            "INSERT INTO envelopes (record_id, revision, envelope_hash, envelope, device_id, server_time, clock_flag, "
            "receipt_signature, receipt_epoch) VALUES (?, ?, ?, ?, ?, ?, ?, x'', ?)");
        if (!insert) return insert.error();
        bind_incoming(*insert, in).bind(8, *epoch.value());
        if (auto r = insert->run(); !r) return r.error();
        result.outcome = PutOutcome::stored;
        result.seq = db_->last_insert_rowid();
        result.server_time = in.server_time;
        result.stored_hash = in.envelope_hash;

        result.restore_epoch = *epoch.value();
        result.receipt_signature = sign ? sign(in, result.seq, result.server_time, result.restore_epoch) : vault::Bytes{};
        const vault::Bytes& signature = result.receipt_signature;
        if (signature.size() != vault::kSignatureBytes) {
            return make_error("sync.receipt", "the receipt signer returned no signature");
        }
        auto update = db_->prepare("UPDATE envelopes SET receipt_signature = ? WHERE seq = ?");
        if (!update) return update.error();
        update->bind_blob(1, signature.data(), signature.size()).bind(2, result.seq);
        if (auto r = update->run(); !r) return r.error();
        return result;
    }

    Result<RedeemOutcome> redeem_locked(const vault::Bytes& code_hash, const DeviceRecord& device,
                                        std::int64_t now_unix) {
        Transaction txn(*db_);
        if (auto r = txn.begin(); !r) return r.error();
        auto stmt = db_->prepare("SELECT code_hash, device_id, expires_unix, used_by_sign_key FROM enrolment_codes "
                                 "WHERE code_hash = ?");
        if (!stmt) return stmt.error();
        stmt->bind_blob(1, code_hash.data(), code_hash.size());
        auto row = stmt->step();
        if (!row) return row.error();
        if (!row.value()) return RedeemOutcome::bad_code;
        // The index found it by equality already; compare again in constant time so the decision
        // itself never depends on a byte-by-byte comparison of secret-derived data.
        if (!vault::equal_constant_time(stmt->column_blob(0), code_hash)) return RedeemOutcome::bad_code;
        const std::string code_device = stmt->column_text(1);
        const std::int64_t expires = stmt->column_int(2);
        const vault::Bytes used_by = stmt->column_is_null(3) ? vault::Bytes{} : stmt->column_blob(3);
        stmt->reset();

        if (code_device != device.device_id) return RedeemOutcome::bad_code;
        if (!used_by.empty()) {
            // A lost answer: the same device and key may ask again and get the same answer, but only
            // while the enrolment the code made still stands (not revoked, key not replaced since).
            if (!vault::equal_constant_time(used_by, device.sign_public_key)) return RedeemOutcome::bad_code;
            auto current = db_->prepare("SELECT sign_public_key FROM devices WHERE device_id = ? AND revoked_unix IS NULL");
            if (!current) return current.error();
            current->bind(1, device.device_id);
            auto found = current->step();
            if (!found) return found.error();
            const bool stands = found.value() && current->column_blob(0) == device.sign_public_key;
            current->reset();
            return stands ? RedeemOutcome::repeated : RedeemOutcome::bad_code;
        }
        if (now_unix > expires) return RedeemOutcome::expired;

        auto mark = db_->prepare("UPDATE enrolment_codes SET used_by_sign_key = ? WHERE code_hash = ?");
        if (!mark) return mark.error();
        mark->bind_blob(1, device.sign_public_key.data(), device.sign_public_key.size())
            .bind_blob(2, code_hash.data(), code_hash.size());
        if (auto r = mark->run(); !r) return r.error();
        auto write = db_->prepare(
            "INSERT INTO devices (device_id, sign_public_key, box_public_key, enrolled_unix, revoked_unix) "
            "VALUES (?, ?, ?, ?, NULL) ON CONFLICT (device_id) DO UPDATE SET sign_public_key = excluded.sign_public_key, "
            "box_public_key = excluded.box_public_key, enrolled_unix = excluded.enrolled_unix, revoked_unix = NULL");
        if (!write) return write.error();
        write->bind(1, device.device_id)
            .bind_blob(2, device.sign_public_key.data(), device.sign_public_key.size())
            .bind_blob(3, device.box_public_key.data(), device.box_public_key.size())
            .bind(4, now_unix);
        if (auto r = write->run(); !r) return r.error();
        if (auto r = txn.commit(); !r) return r.error();
        return RedeemOutcome::enrolled;
    }

    std::mutex mutex_;
    std::unique_ptr<vault::Database> db_;
};

} // namespace

Result<std::unique_ptr<EnvelopeStore>> open_sqlite_envelope_store(const std::filesystem::path& path,
                                                                  const StoreOptions& options) {
    if (options.create) {
        // The store holds every device's envelopes and its receipts: owner only. SQLite gives the
        // -wal and -shm files the mode of the database file, so creating it 0600 covers all three
        // whatever the umask (an existing file keeps the mode it has).
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) ::close(fd);
    }
    vault::Database::Options db_options;
    db_options.create = options.create;
    auto db = vault::Database::open(path, db_options);
    if (!db) return make_error("sync.store_open", "cannot open " + path.string() + ": " + db.error().code + ": " +
                                                      db.error().message);
    auto store = std::make_unique<SqliteEnvelopeStore>(std::move(db.value()));
    if (auto r = store->migrate(options.create); !r) {
        if (r.error().code.rfind("sync.", 0) == 0) return r.error();
        return make_error("sync.store_open", "cannot prepare " + path.string() + ": " + r.error().code + ": " +
                                                 r.error().message);
    }
    return std::unique_ptr<EnvelopeStore>(std::move(store));
}

} // namespace selfdirect::sync
