// Schema migrations and the outbox/quarantine rules of device.db: files from every earlier schema
// version open at the current one with their data, the outbox refuses UPDATE and unreceipted DELETE,
// and rows that fail authentication are moved to quarantine (and still reported), never dropped.
#include "test_dir.h"
#include "vault_test_support.h"
#include "vault/database.h"
#include "vault/device_schema.h"
#include "vault/device_vault.h"

#include <doctest/doctest.h>

using namespace selfdirect::vault;
using namespace selfdirect::vault::testing;

namespace {

// Builds device.db exactly as a build at schema `version` left it, using that version's shipped SQL.
void build_at_version(const std::filesystem::path& file, std::int64_t version) {
    auto db = Database::open(file);
    REQUIRE(db.ok());
    REQUIRE((*db)->exec("CREATE TABLE schema_version(version INTEGER NOT NULL)").ok());
    for (const auto& step : detail::device_migrations()) {
        if (step.version > version) break;
        REQUIRE((*db)->exec(step.sql).ok());
        REQUIRE((*db)->exec("INSERT INTO schema_version(version) VALUES (" + std::to_string(step.version) + ")").ok());
    }
    // Data every version has: one outbox row (drafts are purged at open, so they are not fixture data).
    REQUIRE((*db)->exec("INSERT INTO outbox(record_id, revision, envelope, envelope_hash, created) "
                        "VALUES ('rec-1', 1, x'0102', 'h', 1700000000)")
                .ok());
}

CouncilPublicKey council_key() { return public_of(council()); }

} // namespace

TEST_CASE("the migration steps are numbered 1, 2, ... up to the current schema version") {
    const auto& steps = detail::device_migrations();
    REQUIRE_FALSE(steps.empty());
    for (std::size_t i = 0; i < steps.size(); ++i) CHECK(steps[i].version == static_cast<std::int64_t>(i + 1));
    CHECK(steps.back().version == detail::kDeviceSchemaVersion);
}

TEST_CASE("a device.db from every earlier schema version migrates to the current one and keeps its data") {
    for (std::int64_t version = 0; version < detail::kDeviceSchemaVersion; ++version) {
        CAPTURE(version);
        TestDir dir;
        const auto data = dir / "data";
        std::filesystem::create_directories(data);
        std::filesystem::permissions(data, std::filesystem::perms::owner_all);
        if (version > 0) build_at_version(data / "device.db", version);
        {
            auto vault = DeviceVault::open(data, "kiosk-07");
            REQUIRE_MESSAGE(vault.ok(), (vault.ok() ? "" : vault.error().message));
        }
        auto db = Database::open(data / "device.db");
        REQUIRE(db.ok());
        auto at = detail::device_schema_version(**db);
        REQUIRE(at.ok());
        CHECK(at.value() == detail::kDeviceSchemaVersion);
        CHECK(count(**db, "SELECT count(*) FROM outbox WHERE record_id = 'rec-1'") == (version > 0 ? 1 : 0));
        CHECK(count(**db, "SELECT count(*) FROM sqlite_schema WHERE name = 'quarantine'") == 1);
        // Step 4 gave every existing outbox row its sync bookkeeping, and it is still pending.
        CHECK(count(**db, "SELECT count(*) FROM outbox_sync WHERE record_id = 'rec-1'") == (version > 0 ? 1 : 0));
        // Step 5 marked it pending, so the next batch offers it.
        CHECK(count(**db, "SELECT count(*) FROM outbox_sync WHERE record_id = 'rec-1' AND pending = 1 "
                          "AND created = 1700000000") == (version > 0 ? 1 : 0));
        CHECK(count(**db, "SELECT count(*) FROM schema_version") == detail::kDeviceSchemaVersion);
    }
}

TEST_CASE("a device.db from step 4 keeps its acknowledged rows acknowledged and its waiting rows waiting") {
    TestDir dir;
    const auto data = dir / "data";
    std::filesystem::create_directories(data);
    std::filesystem::permissions(data, std::filesystem::perms::owner_all);
    build_at_version(data / "device.db", 4); // rec-1 waits
    {
        auto db = Database::open(data / "device.db");
        REQUIRE(db.ok());
        REQUIRE((*db)->exec("INSERT INTO outbox(record_id, revision, envelope, envelope_hash, created) "
                            "VALUES ('rec-2', 1, x'0304', 'h2', 1700000001), ('rec-3', 1, x'0506', 'h3', 1700000002);"
                            "INSERT INTO outbox_sync(record_id, revision) VALUES ('rec-2', 1), ('rec-3', 1);"
                            "UPDATE sync_state SET restore_epoch = 'e2';"
                            // rec-2 acknowledged now; rec-3 only under an epoch from before a restore
                            "INSERT INTO outbox_receipt VALUES ('rec-2', 1, 'h2', 1, 1, 'e2', zeroblob(64), 1),"
                            " ('rec-3', 1, 'h3', 2, 1, 'e1', zeroblob(64), 1);")
                    .ok());
    }
    { auto vault = DeviceVault::open(data, "kiosk-07"); REQUIRE(vault.ok()); }
    auto db = Database::open(data / "device.db");
    REQUIRE(db.ok());
    CHECK(count(**db, "SELECT count(*) FROM outbox_sync WHERE pending = 1") == 2);
    CHECK(count(**db, "SELECT pending FROM outbox_sync WHERE record_id = 'rec-2'") == 0);
    CHECK(count(**db, "SELECT pending FROM outbox_sync WHERE record_id = 'rec-3'") == 1);
}

TEST_CASE("a device.db from step 5 has its \"code: words\" last sync error split once into code, words and the receiver's reason") {
    // What builds before step 6 wrote, and what each must read as after it.
    struct Case {
        const char* old_text;
        const char* code;
        const char* message;
        const char* reason;
    };
    const Case cases[] = {
        {"sync.error: server.storage for record 5d0c rev 1", "sync.error", "server.storage for record 5d0c rev 1", "server.storage"},
        {"sync.refused: server.storage (HTTP 503)", "sync.refused", "server.storage (HTTP 503)", "server.storage"},
        {"sync.rejected: device.revoked", "sync.rejected", "device.revoked", "device.revoked"},
        {"sync.network: Could not establish connection", "sync.network", "Could not establish connection", ""},
        {"sync.bad_receipt: the receipt does not verify for record 5d0c rev 1", "sync.bad_receipt",
         "the receipt does not verify for record 5d0c rev 1", ""},
        {"sync.network", "sync.network", "", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.old_text);
        TestDir dir;
        const auto data = dir / "data";
        std::filesystem::create_directories(data);
        std::filesystem::permissions(data, std::filesystem::perms::owner_all);
        build_at_version(data / "device.db", 5);
        {
            auto db = Database::open(data / "device.db");
            REQUIRE(db.ok());
            auto stmt = (*db)->prepare("UPDATE sync_state SET last_error = ?, consecutive_failures = 2 WHERE id = 1");
            REQUIRE(stmt.ok());
            REQUIRE(stmt->bind(1, std::string_view(c.old_text)).run().ok());
        }
        auto vault = DeviceVault::open(data, "kiosk-07");
        REQUIRE(vault.ok());
        auto state = (*vault)->sync_state();
        REQUIRE(state.ok());
        REQUIRE(state->last_error.has_value());
        CHECK(state->last_error->code == c.code);
        CHECK(state->last_error->message == c.message);
        CHECK(state->last_receiver_reason == c.reason);
        CHECK(state->consecutive_failures == 2);
    }
    // A row with no error stays without one.
    TestDir dir;
    const auto data = dir / "data";
    std::filesystem::create_directories(data);
    std::filesystem::permissions(data, std::filesystem::perms::owner_all);
    build_at_version(data / "device.db", 5);
    auto vault = DeviceVault::open(data, "kiosk-07");
    REQUIRE(vault.ok());
    auto state = (*vault)->sync_state();
    REQUIRE(state.ok());
    CHECK_FALSE(state->last_error.has_value());
    CHECK(state->last_receiver_reason.empty());
}

TEST_CASE("a device.db from a newer build is refused as vault.schema_too_new") {
    TestDir dir;
    const auto data = dir / "data";
    { auto vault = DeviceVault::open(data, "kiosk-07"); REQUIRE(vault.ok()); }
    {
        auto db = Database::open(data / "device.db");
        REQUIRE(db.ok());
        REQUIRE((*db)->exec("INSERT INTO schema_version(version) VALUES (999)").ok());
    }
    auto vault = DeviceVault::open(data, "kiosk-07");
    REQUIRE_FALSE(vault.ok());
    CHECK(vault.error().code == "vault.schema_too_new");
}

TEST_CASE("the outbox refuses UPDATE, and DELETE of a row without a receipt") {
    TestDir dir;
    const auto data = dir / "data";
    auto vault = DeviceVault::open(data, "kiosk-07");
    REQUIRE(vault.ok());
    auto s = (*vault)->begin_session();
    REQUIRE(s.ok());
    auto entry = (*vault)->submit(*s, SecureBytes::from_string("{}"), "form", "1", council_key());
    REQUIRE(entry.ok());
    {
        auto db = Database::open(data / "device.db");
        REQUIRE(db.ok());
        auto updated = (*db)->exec("UPDATE outbox SET envelope = x'00'");
        REQUIRE_FALSE(updated.ok());
        CHECK(updated.error().code == "vault.constraint");
        auto deleted = (*db)->exec("DELETE FROM outbox");
        REQUIRE_FALSE(deleted.ok());
        CHECK(count(**db, "SELECT count(*) FROM outbox") == 1);
    }
    StoredReceipt receipt{entry->record_id, entry->revision, entry->envelope_hash, 1, 1700000000, "epoch-1", Bytes(64, 7)};
    REQUIRE((*vault)->store_receipt(receipt, 1700000000).ok());
    auto pending = (*vault)->pending_outbox();
    REQUIRE(pending.ok());
    CHECK(pending->empty());
    auto db = Database::open(data / "device.db");
    REQUIRE(db.ok());
    CHECK(count(**db, "SELECT count(*) FROM outbox_receipt") == 1);
    // Acknowledged is not deleted: the envelope stays until retention has passed.
    CHECK(count(**db, "SELECT count(*) FROM outbox") == 1);
    // Now it has a receipt of the current epoch, a delete passes the trigger; receipts never leave.
    CHECK((*db)->exec("DELETE FROM outbox").ok());
    CHECK_FALSE((*db)->exec("DELETE FROM outbox_receipt").ok());
}

TEST_CASE("an outbox row with a receipt of an older restore epoch cannot be deleted") {
    TestDir dir;
    const auto data = dir / "data";
    auto vault = DeviceVault::open(data, "kiosk-07");
    REQUIRE(vault.ok());
    std::vector<OutboxEntry> entries;
    for (int i = 0; i < 2; ++i) {
        auto s = (*vault)->begin_session();
        REQUIRE(s.ok());
        auto entry = (*vault)->submit(*s, SecureBytes::from_string("{}"), "form", "1", council_key());
        REQUIRE(entry.ok());
        entries.push_back(*entry);
    }
    REQUIRE((*vault)->store_receipt({entries[0].record_id, 1, entries[0].envelope_hash, 1, 1, "epoch-old", Bytes(64, 7)}, 1).ok());
    REQUIRE((*vault)->store_receipt({entries[1].record_id, 1, entries[1].envelope_hash, 2, 2, "epoch-new", Bytes(64, 7)}, 2).ok());
    auto db = Database::open(data / "device.db");
    REQUIRE(db.ok());
    auto stmt = (*db)->prepare("DELETE FROM outbox WHERE record_id = ?");
    REQUIRE(stmt.ok());
    CHECK_FALSE(stmt->bind(1, std::string_view(entries[0].record_id)).run().ok());
    CHECK(count(**db, "SELECT count(*) FROM outbox") == 2);
}

TEST_CASE("a draft row that fails authentication is reported as vault.tampered and moved to quarantine") {
    TestDir dir;
    const auto data = dir / "data";
    auto vault = DeviceVault::open(data, "kiosk-07");
    REQUIRE(vault.ok());
    auto s = (*vault)->begin_session();
    REQUIRE(s.ok());
    REQUIRE((*vault)->save_answer(*s, "q1", SecureBytes::from_string("one")).ok());
    REQUIRE((*vault)->save_answer(*s, "q2", SecureBytes::from_string("two")).ok());
    {
        auto db = Database::open(data / "device.db");
        REQUIRE(db.ok());
        REQUIRE((*db)->exec("UPDATE drafts SET (nonce, ciphertext) = (SELECT nonce, ciphertext FROM drafts "
                            "WHERE link_id = 'q1') WHERE link_id = 'q2'")
                    .ok());
    }
    auto loaded = (*vault)->load_answers(*s);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == "vault.tampered");
    auto again = (*vault)->load_answers(*s);
    REQUIRE(again.ok());
    REQUIRE(again->size() == 1);
    CHECK(again->at("q1").view() == "one");
    auto db = Database::open(data / "device.db");
    REQUIRE(db.ok());
    CHECK(count(**db, "SELECT count(*) FROM quarantine WHERE source = 'drafts' AND row_key LIKE '%/q2' "
                      "AND reason LIKE '%failed authentication%' AND length(payload) > 0") == 1);
}

TEST_CASE("an outbox row altered on disk is moved to quarantine instead of being sent") {
    TestDir dir;
    const auto data = dir / "data";
    auto vault = DeviceVault::open(data, "kiosk-07");
    REQUIRE(vault.ok());
    for (int i = 0; i < 2; ++i) {
        auto s = (*vault)->begin_session();
        REQUIRE(s.ok());
        REQUIRE((*vault)->submit(*s, SecureBytes::from_string("{}"), "form", "1", council_key()).ok());
    }
    auto before = (*vault)->pending_outbox();
    REQUIRE(before.ok());
    REQUIRE(before->size() == 2);
    {
        // Tampering bypasses the triggers the way an attacker with the file would: drop them first.
        auto db = Database::open(data / "device.db");
        REQUIRE(db.ok());
        REQUIRE((*db)->exec("DROP TRIGGER outbox_append_only").ok());
        auto stmt = (*db)->prepare("UPDATE outbox SET envelope = zeroblob(40) WHERE record_id = ?");
        REQUIRE(stmt.ok());
        REQUIRE(stmt->bind(1, std::string_view(before->at(0).record_id)).run().ok());
    }
    auto after = (*vault)->pending_outbox();
    REQUIRE(after.ok());
    REQUIRE(after->size() == 1);
    CHECK(after->at(0).record_id == before->at(1).record_id);
    auto db = Database::open(data / "device.db");
    REQUIRE(db.ok());
    CHECK(count(**db, "SELECT count(*) FROM quarantine WHERE source = 'outbox'") == 1);
    CHECK(count(**db, "SELECT count(*) FROM outbox") == 1);
}
