// The SQLite EnvelopeStore, through vault::Database (so this file never sees sqlite3.h). One
// connection serialised by a mutex: httplib answers requests on a thread pool, and each put() is a
// BEGIN IMMEDIATE ... COMMIT that must not interleave with another on the same connection.
#include "sync/server/envelope_store.h"

#include "vault/database.h"

#include <mutex>
#include <utility>

namespace selfdirect::sync {

namespace {

constexpr std::int64_t kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS devices (
    device_id       TEXT PRIMARY KEY,
    sign_public_key BLOB NOT NULL,
    first_seen_unix INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS envelopes (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id     TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    envelope_hash TEXT NOT NULL,
    envelope      BLOB NOT NULL,
    device_id     TEXT NOT NULL,
    received_unix INTEGER NOT NULL,
    UNIQUE (record_id, revision)
);
CREATE TABLE IF NOT EXISTS conflicts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id     TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    envelope_hash TEXT NOT NULL,
    envelope      BLOB NOT NULL,
    device_id     TEXT NOT NULL,
    received_unix INTEGER NOT NULL,
    UNIQUE (record_id, revision, envelope_hash)
);
PRAGMA user_version = 1;
)sql";

// Rolls back unless commit() succeeded, so every early return leaves the store as it was.
class Transaction {
public:
    explicit Transaction(vault::Database& db) : db_(db) {}
    ~Transaction() {
        if (!done_) db_.rollback();
    }
    Result<void> begin() { return db_.begin_immediate(); }
    Result<void> commit() {
        auto result = db_.commit();
        done_ = result.ok();
        return result;
    }

private:
    vault::Database& db_;
    bool done_ = false;
};

Result<std::int64_t> single_int(vault::Database& db, std::string_view sql) {
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!row.value()) return make_error("vault.sql", "query returned no row");
    return stmt->column_int(0);
}

class SqliteEnvelopeStore final : public EnvelopeStore {
public:
    explicit SqliteEnvelopeStore(std::unique_ptr<vault::Database> db) : db_(std::move(db)) {}

    Result<void> migrate() {
        auto version = single_int(*db_, "PRAGMA user_version");
        if (!version) return version.error();
        if (version.value() > kSchemaVersion) {
            return make_error("sync.store_version", "store schema version " + std::to_string(version.value()) +
                                                        " is newer than this program understands");
        }
        if (version.value() == kSchemaVersion) return {};
        Transaction txn(*db_);
        if (auto r = txn.begin(); !r) return r.error();
        if (auto r = db_->exec(kSchema); !r) return r.error();
        return txn.commit();
    }

    Result<PutResult> put(const IncomingEnvelope& in) override {
        std::lock_guard lock(mutex_);
        Transaction txn(*db_);
        if (auto r = txn.begin(); !r) return r.error();

        auto known = check_device(in);
        if (!known) return known.error();
        if (!known.value()) return PutResult{PutOutcome::key_mismatch, 0, {}};

        auto existing = db_->prepare("SELECT seq, envelope_hash FROM envelopes WHERE record_id = ? AND revision = ?");
        if (!existing) return existing.error();
        existing->bind(1, in.record_id).bind(2, static_cast<std::int64_t>(in.revision));
        auto row = existing->step();
        if (!row) return row.error();
        const bool present = row.value();

        PutResult result;
        if (present) {
            result.seq = existing->column_int(0);
            result.stored_hash = existing->column_text(1);
        }
        existing->reset(); // done reading; release it before writing and committing

        if (present) {
            if (result.stored_hash == in.envelope_hash) {
                result.outcome = PutOutcome::duplicate;
            } else {
                // Never overwrite, never drop: the newcomer waits in conflicts for a person to look.
                result.outcome = PutOutcome::conflict;
                result.seq = 0;
                if (auto r = insert_into("conflicts", in, /*or_ignore=*/true); !r) return r.error();
            }
        } else {
            if (auto r = insert_into("envelopes", in, /*or_ignore=*/false); !r) return r.error();
            result.outcome = PutOutcome::stored;
            result.seq = db_->last_insert_rowid();
            result.stored_hash = in.envelope_hash;
        }
        if (auto r = txn.commit(); !r) return r.error();
        return result;
    }

    Result<std::vector<StoredEnvelope>> list(std::int64_t after_seq, std::size_t limit) override {
        std::lock_guard lock(mutex_);
        auto stmt = db_->prepare("SELECT seq, record_id, revision, envelope_hash, envelope, device_id, received_unix "
                                 "FROM envelopes WHERE seq > ? ORDER BY seq LIMIT ?");
        if (!stmt) return stmt.error();
        stmt->bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
        std::vector<StoredEnvelope> out;
        for (;;) {
            auto row = stmt->step();
            if (!row) return row.error();
            if (!row.value()) break;
            StoredEnvelope e;
            e.seq = stmt->column_int(0);
            e.record_id = stmt->column_text(1);
            e.revision = static_cast<std::uint32_t>(stmt->column_int(2));
            e.envelope_hash = stmt->column_text(3);
            e.envelope = stmt->column_blob(4);
            e.device_id = stmt->column_text(5);
            e.received_unix = stmt->column_int(6);
            out.push_back(std::move(e));
        }
        return out;
    }

    Result<std::int64_t> count() override {
        std::lock_guard lock(mutex_);
        return single_int(*db_, "SELECT count(*) FROM envelopes");
    }

    Result<std::int64_t> count_conflicts() override {
        std::lock_guard lock(mutex_);
        return single_int(*db_, "SELECT count(*) FROM conflicts");
    }

private:
    // Trust on first use: the first key seen for a device id is recorded; later envelopes must match.
    // Returns false on a mismatch. Issue 6 replaces this with enrolment.
    Result<bool> check_device(const IncomingEnvelope& in) {
        auto stmt = db_->prepare("SELECT sign_public_key FROM devices WHERE device_id = ?");
        if (!stmt) return stmt.error();
        stmt->bind(1, in.device_id);
        auto row = stmt->step();
        if (!row) return row.error();
        if (row.value()) return stmt->column_blob(0) == in.device_sign_public_key;

        auto insert = db_->prepare("INSERT INTO devices (device_id, sign_public_key, first_seen_unix) VALUES (?, ?, ?)");
        if (!insert) return insert.error();
        insert->bind(1, in.device_id)
            .bind_blob(2, in.device_sign_public_key.data(), in.device_sign_public_key.size())
            .bind(3, in.received_unix);
        if (auto r = insert->run(); !r) return r.error();
        return true;
    }

    Result<void> insert_into(const std::string& table, const IncomingEnvelope& in, bool or_ignore) {
        const std::string sql = std::string(or_ignore ? "INSERT OR IGNORE INTO " : "INSERT INTO ") + table +
                                " (record_id, revision, envelope_hash, envelope, device_id, received_unix)"
                                " VALUES (?, ?, ?, ?, ?, ?)";
        auto stmt = db_->prepare(sql);
        if (!stmt) return stmt.error();
        stmt->bind(1, in.record_id)
            .bind(2, static_cast<std::int64_t>(in.revision))
            .bind(3, in.envelope_hash)
            .bind_blob(4, in.envelope.data(), in.envelope.size())
            .bind(5, in.device_id)
            .bind(6, in.received_unix);
        return stmt->run();
    }

    std::mutex mutex_;
    std::unique_ptr<vault::Database> db_;
};

} // namespace

Result<std::unique_ptr<EnvelopeStore>> open_sqlite_envelope_store(const std::filesystem::path& path,
                                                                  const SqliteStoreOptions& options) {
    vault::Database::Options db_options;
    db_options.create = options.create;
    auto db = vault::Database::open(path, db_options);
    if (!db) return db.error();
    auto store = std::make_unique<SqliteEnvelopeStore>(std::move(db.value()));
    if (auto r = store->migrate(); !r) return r.error();
    return std::unique_ptr<EnvelopeStore>(std::move(store));
}

} // namespace selfdirect::sync
