// The council-local copy of stored envelopes (see council_local_store.h), on vault::Database.
#include "sync/council/council_local_store.h"

#include "vault/database.h"

namespace selfdirect::council {

namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS council_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO council_meta(name, value) VALUES('schema_version', '1');
CREATE TABLE IF NOT EXISTS council_envelopes(
  local_seq INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id TEXT NOT NULL, revision INTEGER NOT NULL, envelope_hash TEXT NOT NULL, envelope BLOB NOT NULL,
  device_id TEXT NOT NULL, server_seq INTEGER NOT NULL, server_time INTEGER NOT NULL, clock_flag TEXT NOT NULL,
  receipt_signature BLOB NOT NULL, receipt_epoch TEXT NOT NULL, source TEXT NOT NULL, pulled_unix INTEGER NOT NULL,
  UNIQUE(record_id, revision));
CREATE TABLE IF NOT EXISTS council_conflicts(
  record_id TEXT NOT NULL, revision INTEGER NOT NULL, envelope_hash TEXT NOT NULL, envelope BLOB NOT NULL,
  device_id TEXT NOT NULL, server_seq INTEGER NOT NULL, server_time INTEGER NOT NULL,
  receipt_signature BLOB NOT NULL, receipt_epoch TEXT NOT NULL, source TEXT NOT NULL, pulled_unix INTEGER NOT NULL,
  UNIQUE(record_id, revision, envelope_hash));
CREATE TABLE IF NOT EXISTS council_pull_state(source TEXT PRIMARY KEY, last_seq INTEGER NOT NULL);
)";

constexpr std::size_t kPage = 256;

Error store_error(const Error& e) { return make_error("council.store", e.code + ": " + e.message); }

} // namespace

CouncilLocalStore::CouncilLocalStore(std::unique_ptr<vault::Database> db) : db_(std::move(db)) {}
CouncilLocalStore::~CouncilLocalStore() = default;

Result<std::unique_ptr<CouncilLocalStore>> CouncilLocalStore::open(const std::filesystem::path& path, bool create) {
    std::error_code ec;
    if (!create && !std::filesystem::is_regular_file(path, ec)) {
        return make_error("council.store_open", path.string() + ": no such council store");
    }
    vault::Database::Options options;
    options.create = create;
    auto db = vault::Database::open(path, options);
    if (!db) return make_error("council.store_open", path.string() + ": " + db.error().message);
    if (auto made = db.value()->exec(kSchema); !made) return store_error(made.error());
    return std::unique_ptr<CouncilLocalStore>(new CouncilLocalStore(std::move(db.value())));
}

bool CouncilLocalStore::is_local_store(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    vault::Database::Options options;
    options.create = false;
    auto db = vault::Database::open(path, options);
    if (!db) return false;
    auto query = db.value()->prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='council_envelopes'");
    if (!query) return false;
    auto row = query->step();
    return row && row.value();
}

Result<CopyOutcome> CouncilLocalStore::copy(const sync::StoredEnvelope& s, const std::string& source, std::int64_t now_unix) {
    if (auto began = db_->begin_immediate(); !began) return store_error(began.error());
    auto fail = [this](const Error& e) -> Result<CopyOutcome> {
        db_->rollback();
        return store_error(e);
    };
    auto find = db_->prepare("SELECT envelope_hash FROM council_envelopes WHERE record_id = ?1 AND revision = ?2");
    if (!find) return fail(find.error());
    find->bind(1, s.record_id).bind(2, static_cast<std::int64_t>(s.revision));
    auto row = find->step();
    if (!row) return fail(row.error());
    CopyOutcome outcome = CopyOutcome::added;
    const char* sql = nullptr;
    if (row.value()) {
        if (find->column_text(0) == s.envelope_hash) {
            db_->rollback();
            return CopyOutcome::already_held;
        }
        outcome = CopyOutcome::conflict;
        sql = "INSERT OR IGNORE INTO council_conflicts(record_id, revision, envelope_hash, envelope, device_id, server_seq, "
              "server_time, receipt_signature, receipt_epoch, source, pulled_unix) "
              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    } else {
        sql = "INSERT INTO council_envelopes(record_id, revision, envelope_hash, envelope, device_id, server_seq, "
              "server_time, receipt_signature, receipt_epoch, source, pulled_unix, clock_flag) "
              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
    }
    auto insert = db_->prepare(sql);
    if (!insert) return fail(insert.error());
    insert->bind(1, s.record_id)
        .bind(2, static_cast<std::int64_t>(s.revision))
        .bind(3, s.envelope_hash)
        .bind_blob(4, s.envelope.data(), s.envelope.size())
        .bind(5, s.device_id)
        .bind(6, s.seq)
        .bind(7, s.server_time)
        .bind_blob(8, s.receipt_signature.data(), s.receipt_signature.size())
        .bind(9, s.receipt_epoch)
        .bind(10, source)
        .bind(11, now_unix);
    if (outcome == CopyOutcome::added) insert->bind(12, s.clock_flag);
    if (auto ran = insert->run(); !ran) return fail(ran.error());
    if (auto committed = db_->commit(); !committed) return fail(committed.error());
    return outcome;
}

Result<bool> CouncilLocalStore::keep_conflict(const sync::StoredEnvelope& s, const std::string& source,
                                              std::int64_t now_unix) {
    auto insert = db_->prepare("INSERT OR IGNORE INTO council_conflicts(record_id, revision, envelope_hash, envelope, "
                               "device_id, server_seq, server_time, receipt_signature, receipt_epoch, source, pulled_unix) "
                               "VALUES(?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, '', ?8, ?9)");
    if (!insert) return store_error(insert.error());
    insert->bind(1, s.record_id)
        .bind(2, static_cast<std::int64_t>(s.revision))
        .bind(3, s.envelope_hash)
        .bind_blob(4, s.envelope.data(), s.envelope.size())
        .bind(5, s.device_id)
        .bind(6, s.server_time)
        .bind_blob(7, s.receipt_signature.data(), s.receipt_signature.size())
        .bind(8, source)
        .bind(9, now_unix);
    if (auto ran = insert->run(); !ran) return store_error(ran.error());
    auto changed = db_->prepare("SELECT changes()");
    if (!changed) return store_error(changed.error());
    auto row = changed->step();
    if (!row) return store_error(row.error());
    return row.value() && changed->column_int(0) > 0;
}

Result<std::vector<sync::StoredEnvelope>> CouncilLocalStore::conflicts() {
    auto query = db_->prepare("SELECT record_id, revision, envelope_hash, envelope, device_id, server_seq, server_time, "
                              "receipt_signature, receipt_epoch FROM council_conflicts ORDER BY rowid");
    if (!query) return store_error(query.error());
    std::vector<sync::StoredEnvelope> out;
    for (;;) {
        auto row = query->step();
        if (!row) return store_error(row.error());
        if (!row.value()) break;
        sync::StoredEnvelope s;
        s.record_id = query->column_text(0);
        s.revision = static_cast<std::uint32_t>(query->column_int(1));
        s.envelope_hash = query->column_text(2);
        s.envelope = query->column_blob(3);
        s.device_id = query->column_text(4);
        s.seq = query->column_int(5);
        s.server_time = query->column_int(6);
        s.receipt_signature = query->column_blob(7);
        s.receipt_epoch = query->column_text(8);
        out.push_back(std::move(s));
    }
    return out;
}

Result<std::int64_t> CouncilLocalStore::last_pulled_seq(const std::string& source) {
    auto query = db_->prepare("SELECT last_seq FROM council_pull_state WHERE source = ?1");
    if (!query) return store_error(query.error());
    query->bind(1, source);
    auto row = query->step();
    if (!row) return store_error(row.error());
    return row.value() ? query->column_int(0) : std::int64_t{0};
}

Result<void> CouncilLocalStore::set_last_pulled_seq(const std::string& source, std::int64_t seq) {
    auto upsert = db_->prepare("INSERT INTO council_pull_state(source, last_seq) VALUES(?1, ?2) "
                               "ON CONFLICT(source) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)");
    if (!upsert) return store_error(upsert.error());
    upsert->bind(1, source).bind(2, seq);
    if (auto ran = upsert->run(); !ran) return store_error(ran.error());
    return {};
}

Result<void> CouncilLocalStore::for_each(const std::function<void(const sync::StoredEnvelope&)>& visit) {
    std::int64_t after = 0;
    for (;;) {
        auto page = db_->prepare("SELECT local_seq, record_id, revision, envelope_hash, envelope, device_id, server_seq, "
                                 "server_time, clock_flag, receipt_signature, receipt_epoch FROM council_envelopes "
                                 "WHERE local_seq > ?1 ORDER BY local_seq LIMIT ?2");
        if (!page) return store_error(page.error());
        page->bind(1, after).bind(2, static_cast<std::int64_t>(kPage));
        std::vector<sync::StoredEnvelope> rows;
        for (;;) {
            auto row = page->step();
            if (!row) return store_error(row.error());
            if (!row.value()) break;
            after = page->column_int(0);
            sync::StoredEnvelope s;
            s.record_id = page->column_text(1);
            s.revision = static_cast<std::uint32_t>(page->column_int(2));
            s.envelope_hash = page->column_text(3);
            s.envelope = page->column_blob(4);
            s.device_id = page->column_text(5);
            s.seq = page->column_int(6);
            s.server_time = page->column_int(7);
            s.clock_flag = page->column_text(8);
            s.receipt_signature = page->column_blob(9);
            s.receipt_epoch = page->column_text(10);
            rows.push_back(std::move(s));
        }
        if (rows.empty()) return {};
        for (const auto& s : rows) visit(s);
    }
}

} // namespace selfdirect::council
