// The one place that talks to SQLite's C API: opening a connection with the project's durability and
// hygiene pragmas, preparing/stepping statements, and turning SQLite result codes into Error values.
// Callers (DeviceVault, the sync server store) serialise their own use of one Database; the
// connection is opened in SQLite's serialized mode only as a second line of defence.
#include "vault/database.h"

#include <sqlite3.h>

#include <cctype>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace selfdirect::vault {

// Idle prepared statements of one connection, by SQL text. Parsing and planning a statement costs
// more than running a small one, and the vault's transactions are loops of small statements (a
// batch of 50 receipts is 250 of them). Bounded: SQL built with varying text (a LIMIT) cannot grow
// it without end. Shared with the Statements it lends out, which may outlive the Database.
struct StatementCache {
    static constexpr std::size_t kMaxIdle = 64;
    std::mutex mutex;
    std::unordered_map<std::string, sqlite3_stmt*> idle;
    bool open = true; // false once the Database is gone: returned statements are finalized

    ~StatementCache() { finalize_all(); }
    void finalize_all() {
        for (auto& entry : idle) sqlite3_finalize(entry.second);
        idle.clear();
    }
};

Error sqlite_error(int rc, sqlite3* db, std::string_view what) {
    const int primary = rc & 0xff;
    std::string code;
    switch (primary) {
    case SQLITE_FULL: code = "vault.disk_full"; break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN: code = "vault.io"; break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: code = "vault.corrupt"; break;
    case SQLITE_CONSTRAINT: code = "vault.constraint"; break;
    default: code = "vault.sql"; break;
    }
    std::string message(what);
    message += ": ";
    message += sqlite3_errstr(rc);
    // The connection's message is more specific (names the constraint, the table...) but only
    // describes this failure if the connection's last error is the code we were given.
    if (db != nullptr && sqlite3_extended_errcode(db) == rc) {
        message += " (";
        message += sqlite3_errmsg(db);
        message += ")";
    }
    return Error{std::move(code), std::move(message)};
}

// ---- Statement -------------------------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), db_(std::exchange(other.db_, nullptr)),
      cache_(std::move(other.cache_)), key_(std::move(other.key_)),
      bind_rc_(std::exchange(other.bind_rc_, SQLITE_OK)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        release();
        stmt_ = std::exchange(other.stmt_, nullptr);
        db_ = std::exchange(other.db_, nullptr);
        cache_ = std::move(other.cache_);
        key_ = std::move(other.key_);
        bind_rc_ = std::exchange(other.bind_rc_, SQLITE_OK);
    }
    return *this;
}

Statement::~Statement() { release(); }

void Statement::release() noexcept {
    sqlite3_stmt* stmt = std::exchange(stmt_, nullptr);
    if (stmt == nullptr) return;
    if (cache_) {
        // reset ends any read it holds open; the next user starts with no bindings, as if new.
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        try {
            std::lock_guard lock(cache_->mutex);
            if (cache_->open && cache_->idle.size() < StatementCache::kMaxIdle &&
                cache_->idle.try_emplace(key_, stmt).second) {
                stmt = nullptr;
            }
        } catch (...) {
            // no memory for the entry: finalize it instead
        }
    }
    sqlite3_finalize(stmt);
}

// A failed bind is remembered and reported by the next step()/run(), so binds can be chained.
void Statement::note_bind(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

Statement& Statement::bind(int index, std::int64_t value) {
    note_bind(sqlite3_bind_int64(stmt_, index, value));
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    note_bind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
    // SQLite treats a null pointer as NULL, but an empty blob is not NULL: bind a zero-length blob.
    if (data == nullptr || size == 0) {
        note_bind(sqlite3_bind_zeroblob(stmt_, index, 0));
    } else {
        note_bind(sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT));
    }
    return *this;
}

Statement& Statement::bind_null(int index) {
    note_bind(sqlite3_bind_null(stmt_, index));
    return *this;
}

Result<bool> Statement::step() {
    if (bind_rc_ != SQLITE_OK) {
        const int rc = std::exchange(bind_rc_, SQLITE_OK);
        return sqlite_error(rc, db_, "bind");
    }
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error error = sqlite_error(rc, db_, "step");
    sqlite3_reset(stmt_); // leave the statement reusable (and release its locks)
    return error;
}

Result<void> Statement::run() {
    for (;;) {
        auto row = step();
        if (!row) return row.error();
        if (!row.value()) break;
    }
    sqlite3_reset(stmt_);
    return {};
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_rc_ = SQLITE_OK;
}

std::int64_t Statement::column_int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Statement::column_text(int col) const {
    const auto* text = sqlite3_column_text(stmt_, col);
    const int size = sqlite3_column_bytes(stmt_, col);
    if (text == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

Bytes Statement::column_blob(int col) const {
    const auto* blob = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
    const int size = sqlite3_column_bytes(stmt_, col);
    if (blob == nullptr || size <= 0) return {};
    return Bytes(blob, blob + size);
}

bool Statement::column_is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

// ---- Database --------------------------------------------------------------------------------

namespace {

// Runs a single-row PRAGMA and returns its first column as text.
Result<std::string> pragma_text(Database& db, std::string_view sql) {
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    if (!row.value()) return std::string{};
    return stmt->column_text(0);
}

} // namespace

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& path, const Options& options) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
    if (options.create) flags |= SQLITE_OPEN_CREATE;
    sqlite3* raw = nullptr;
    const char* vfs = options.vfs ? options.vfs->c_str() : nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, vfs);
    if (rc != SQLITE_OK) {
        Error error = sqlite_error(rc, raw, "open " + path.string());
        sqlite3_close_v2(raw); // SQLite may hand back a handle even on failure
        return error;
    }
    std::unique_ptr<Database> db(new Database(raw));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, options.busy_timeout_ms);

    // integrity_check first: it is also the first real read, so a file that is not a database
    // (SQLITE_NOTADB) surfaces here as "vault.corrupt" before we try to change its journal mode.
    auto integrity = pragma_text(*db, "PRAGMA integrity_check");
    if (!integrity) return integrity.error();
    if (integrity.value() != "ok") {
        return make_error("vault.corrupt", "integrity_check failed for " + path.string() + ": " + integrity.value());
    }

    auto mode = pragma_text(*db, "PRAGMA journal_mode=WAL");
    if (!mode) return mode.error();
    // An in-memory database reports "memory"; anything else that is not WAL would silently lose
    // the durability model we rely on, so refuse it.
    if (mode.value() != "wal" && mode.value() != "memory") {
        return make_error("vault.sql", "could not enable WAL on " + path.string() + " (journal_mode=" + mode.value() + ")");
    }
    auto pragmas = db->exec("PRAGMA synchronous=FULL;"
                            "PRAGMA secure_delete=ON;"
                            "PRAGMA temp_store=MEMORY;"
                            "PRAGMA foreign_keys=ON;");
    if (!pragmas) return pragmas.error();
    return db;
}

Database::Database(sqlite3* db) : db_(db), cache_(std::make_shared<StatementCache>()) {}

Database::~Database() {
    {
        std::lock_guard lock(cache_->mutex);
        cache_->open = false;
        cache_->finalize_all();
    }
    rollback();
    // close_v2 defers the close until any Statement still alive is finalized.
    sqlite3_close_v2(db_);
}

Result<void> Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message); // sqlite_error reads the same text from the connection
    if (rc != SQLITE_OK) return sqlite_error(rc, db_, "exec");
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    std::string key(sql);
    {
        std::lock_guard lock(cache_->mutex);
        if (auto idle = cache_->idle.extract(key)) return Statement(idle.mapped(), db_, cache_, std::move(key));
    }
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, &tail);
    if (rc != SQLITE_OK) return sqlite_error(rc, db_, "prepare");
    // Only a statement that passes the checks below is ever cached (a failed one is finalized).
    Statement statement(stmt, db_, nullptr, {});
    if (stmt == nullptr) return make_error("vault.sql", "prepare: no SQL statement in the text");
    // Only the first statement is prepared; silently ignoring the rest would hide a bug.
    for (const char* p = tail; p != nullptr && p < sql.data() + sql.size(); ++p) {
        if (!std::isspace(static_cast<unsigned char>(*p)) && *p != ';') {
            return make_error("vault.sql", "prepare: more than one statement in the text");
        }
    }
    statement.cache_ = cache_;
    statement.key_ = std::move(key);
    return statement;
}

Result<void> Database::begin_immediate() { return exec("BEGIN IMMEDIATE"); }

Result<void> Database::commit() {
    auto result = exec("COMMIT");
    // A failed COMMIT (e.g. SQLITE_FULL) can leave the transaction open; roll back so the
    // connection is usable and nothing half-done lingers.
    if (!result) rollback();
    return result;
}

void Database::rollback() noexcept {
    if (db_ != nullptr && sqlite3_get_autocommit(db_) == 0) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

} // namespace selfdirect::vault
