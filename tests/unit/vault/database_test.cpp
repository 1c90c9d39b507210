// Database: the pragmas every store relies on are really set, SQLite failures become the agreed
// Error codes, and transactions commit or roll back as callers expect.
#include "test_dir.h"
#include "vault/database.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace selfdirect::vault;
using selfdirect::vault::testing::TestDir;

namespace {

std::string pragma(Database& db, const std::string& sql) {
    auto stmt = db.prepare(sql);
    REQUIRE(stmt.ok());
    auto row = stmt->step();
    REQUIRE(row.ok());
    REQUIRE(row.value());
    return stmt->column_text(0);
}

std::unique_ptr<Database> open_db(const std::filesystem::path& path) {
    auto db = Database::open(path);
    REQUIRE_MESSAGE(db.ok(), (db.ok() ? "" : db.error().message));
    return std::move(db).value();
}

} // namespace

TEST_CASE("a database opens with WAL, synchronous=FULL, secure_delete, in-memory temp store and foreign keys") {
    TestDir dir;
    auto db = open_db(dir / "t.db");
    CHECK(pragma(*db, "PRAGMA journal_mode") == "wal");
    CHECK(pragma(*db, "PRAGMA synchronous") == "2");
    CHECK(pragma(*db, "PRAGMA secure_delete") == "1");
    CHECK(pragma(*db, "PRAGMA temp_store") == "2");
    CHECK(pragma(*db, "PRAGMA foreign_keys") == "1");
}

TEST_CASE("a constraint violation is reported as vault.constraint") {
    TestDir dir;
    auto db = open_db(dir / "t.db");
    REQUIRE(db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)").ok());
    auto insert = db->prepare("INSERT INTO t(name) VALUES (?)");
    REQUIRE(insert.ok());
    REQUIRE(insert->bind(1, std::string_view("alice")).run().ok());
    auto again = insert->bind(1, std::string_view("alice")).run();
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == "vault.constraint");

    auto null_name = db->exec("INSERT INTO t(name) VALUES (NULL)");
    REQUIRE_FALSE(null_name.ok());
    CHECK(null_name.error().code == "vault.constraint");
}

TEST_CASE("a foreign key violation is reported as vault.constraint") {
    TestDir dir;
    auto db = open_db(dir / "t.db");
    REQUIRE(db->exec("CREATE TABLE parent(id INTEGER PRIMARY KEY);"
                     "CREATE TABLE child(id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES parent(id));")
                .ok());
    auto bad = db->exec("INSERT INTO child(parent) VALUES (42)");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "vault.constraint");
}

TEST_CASE("a file that is not a database is reported as vault.corrupt") {
    TestDir dir;
    {
        std::ofstream junk(dir / "junk.db", std::ios::binary);
        for (int i = 0; i < 4096; ++i) junk.put(static_cast<char>(i * 7 + 3));
    }
    auto db = Database::open(dir / "junk.db");
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == "vault.corrupt");
}

TEST_CASE("opening a missing database without create is reported as vault.io") {
    TestDir dir;
    Database::Options options;
    options.create = false;
    auto db = Database::open(dir / "missing.db", options);
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == "vault.io");
}

TEST_CASE("SQL errors are reported as vault.sql and prepare refuses a second statement") {
    TestDir dir;
    auto db = open_db(dir / "t.db");
    auto bad = db->prepare("SELEKT 1");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "vault.sql");
    auto two = db->prepare("SELECT 1; SELECT 2");
    REQUIRE_FALSE(two.ok());
    CHECK(two.error().code == "vault.sql");
    CHECK(db->prepare("SELECT 1;  ").ok());
}

TEST_CASE("values round-trip through binds and columns, including empty blobs and NULL") {
    TestDir dir;
    auto db = open_db(dir / "t.db");
    REQUIRE(db->exec("CREATE TABLE t(i INTEGER, s TEXT, b BLOB, e BLOB, n TEXT)").ok());
    const Bytes blob{0, 1, 2, 255};
    auto insert = db->prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
    REQUIRE(insert.ok());
    REQUIRE(insert->bind(1, std::int64_t{-5000000000})
                .bind(2, std::string_view("h\xc3\xa9llo"))
                .bind_blob(3, blob.data(), blob.size())
                .bind_blob(4, nullptr, 0)
                .bind_null(5)
                .run()
                .ok());
    CHECK(db->last_insert_rowid() == 1);
    CHECK(db->changes() == 1);
    auto select = db->prepare("SELECT i, s, b, e, n, typeof(e) FROM t");
    REQUIRE(select.ok());
    auto row = select->step();
    REQUIRE(row.ok());
    REQUIRE(row.value());
    CHECK(select->column_int(0) == -5000000000);
    CHECK(select->column_text(1) == "h\xc3\xa9llo");
    CHECK(select->column_blob(2) == blob);
    CHECK(select->column_blob(3).empty());
    CHECK_FALSE(select->column_is_null(3));
    CHECK(select->column_is_null(4));
    CHECK(select->column_text(5) == "blob");
    auto done = select->step();
    REQUIRE(done.ok());
    CHECK_FALSE(done.value());
}

TEST_CASE("a bind to a parameter that does not exist fails the next step") {
    TestDir dir;
    auto db = open_db(dir / "t.db");
    auto stmt = db->prepare("SELECT ?");
    REQUIRE(stmt.ok());
    auto run = stmt->bind(2, std::int64_t{1}).run();
    REQUIRE_FALSE(run.ok());
    CHECK(run.error().code == "vault.sql");
}

TEST_CASE("a rolled-back transaction leaves nothing and a committed one survives reopening") {
    TestDir dir;
    {
        auto db = open_db(dir / "t.db");
        REQUIRE(db->exec("CREATE TABLE t(x INTEGER)").ok());
        REQUIRE(db->begin_immediate().ok());
        REQUIRE(db->exec("INSERT INTO t VALUES (1)").ok());
        db->rollback();
        REQUIRE(db->begin_immediate().ok());
        REQUIRE(db->exec("INSERT INTO t VALUES (2)").ok());
        REQUIRE(db->commit().ok());
    }
    auto db = open_db(dir / "t.db");
    CHECK(pragma(*db, "SELECT group_concat(x) FROM t") == "2");
}

TEST_CASE("a statement prepared again after use starts with no bindings, and two of the same text can run at once") {
    TestDir dir;
    auto db = open_db(dir / "t.db");
    {
        auto first = db->prepare("SELECT ?1");
        REQUIRE(first.ok());
        first->bind(1, std::int64_t{42});
        REQUIRE(first->step().value());
        CHECK(first->column_int(0) == 42);
        // Left mid-result on purpose: giving it back must end its read.
    }
    auto again = db->prepare("SELECT ?1");
    REQUIRE(again.ok());
    REQUIRE(again->step().value());
    CHECK(again->column_is_null(0)); // the reused statement forgot 42
    auto twin = db->prepare("SELECT ?1"); // while `again` is still out
    REQUIRE(twin.ok());
    twin->bind(1, std::string_view("b"));
    again->reset();
    again->bind(1, std::string_view("a"));
    REQUIRE(again->step().value());
    REQUIRE(twin->step().value());
    CHECK(again->column_text(0) == "a");
    CHECK(twin->column_text(0) == "b");
}

TEST_CASE("a reused statement sees the schema as it is now, and a statement may outlive its database") {
    TestDir dir;
    auto db = open_db(dir / "t.db");
    REQUIRE(db->exec("CREATE TABLE t(a INTEGER)").ok());
    { auto count = db->prepare("SELECT count(*) FROM t"); REQUIRE(count.ok()); REQUIRE(count->step().value()); }
    REQUIRE(db->exec("DROP TABLE t; CREATE TABLE t(a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y')").ok());
    {
        auto count = db->prepare("SELECT count(*) FROM t");
        REQUIRE(count.ok());
        REQUIRE(count->step().value());
        CHECK(count->column_int(0) == 2);
    }
    auto survivor = db->prepare("SELECT a FROM t ORDER BY a");
    REQUIRE(survivor.ok());
    REQUIRE(survivor->step().value());
    db.reset(); // the connection closes once the last statement goes (ASan checks the order)
    survivor = selfdirect::Result<Statement>(selfdirect::make_error("test.gone", "released after its database"));
}
