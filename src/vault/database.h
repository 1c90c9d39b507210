// A small RAII wrapper over one SQLite connection, so that sqlite3.h is included only inside
// src/vault. Every database in the project (device store, sync server store) opens through here
// and gets the same discipline: WAL, synchronous=FULL, secure_delete=ON, temp_store=MEMORY,
// foreign_keys=ON, a busy timeout, and an integrity_check on open. SQLite result codes become
// Error codes: SQLITE_FULL -> "vault.disk_full", SQLITE_IOERR*/CANTOPEN -> "vault.io",
// SQLITE_CORRUPT/NOTADB -> "vault.corrupt", SQLITE_CONSTRAINT* -> "vault.constraint", else "vault.sql".
#pragma once

#include "core/result.h"
#include "vault/bytes.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace selfdirect::vault {

struct StatementCache; // database.cpp: prepared statements kept for reuse by one connection

class Statement {
public:
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) noexcept;
    ~Statement();

    // Binds are 1-based, as in SQLite. Text and blobs are copied by SQLite (SQLITE_TRANSIENT).
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind_blob(int index, const void* data, std::size_t size);
    Statement& bind_null(int index);

    // Returns true when a row is available, false when done; an error is a failed Result.
    Result<bool> step();
    // Runs to completion (for statements that return no rows).
    Result<void> run();
    void reset();

    std::int64_t column_int(int col) const;
    std::string column_text(int col) const;
    Bytes column_blob(int col) const;
    bool column_is_null(int col) const;

private:
    friend class Database;
    Statement(sqlite3_stmt* stmt, sqlite3* db, std::shared_ptr<StatementCache> cache, std::string key)
        : stmt_(stmt), db_(db), cache_(std::move(cache)), key_(std::move(key)) {}
    void note_bind(int rc);
    void release() noexcept; // back to the cache for the next prepare() of the same text, or finalized
    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
    std::shared_ptr<StatementCache> cache_; // shared: a Statement may outlive its Database
    std::string key_;                       // the SQL text it was prepared from
    int bind_rc_ = 0; // first failed bind, reported by the next step()/run()
};

class Database {
public:
    struct Options {
        bool create = true;
        int busy_timeout_ms = 5000;
        std::optional<std::string> vfs; // name of a registered sqlite3_vfs (fault injection in tests)
    };

    static Result<std::unique_ptr<Database>> open(const std::filesystem::path& path, const Options& options);
    static Result<std::unique_ptr<Database>> open(const std::filesystem::path& path) { return open(path, Options{}); }
    ~Database();

    Result<void> exec(std::string_view sql);            // one or more statements, no results
    // One statement. A statement of the same text prepared before and since released is reused
    // (reset, bindings cleared), so a loop of small transactions does not re-parse its SQL each time.
    Result<Statement> prepare(std::string_view sql);
    Result<void> begin_immediate();                     // BEGIN IMMEDIATE
    Result<void> commit();
    void rollback() noexcept;
    std::int64_t last_insert_rowid() const;
    int changes() const;

private:
    explicit Database(sqlite3* db);
    sqlite3* db_ = nullptr;
    std::shared_ptr<StatementCache> cache_;
};

// Maps an SQLite result code (and the connection's message) to an Error as described above.
Error sqlite_error(int rc, sqlite3* db, std::string_view what);

} // namespace selfdirect::vault
