// The council-local copy made by `pull`: a record is held once by (record_id, revision), the same
// envelope again changes nothing, a different one under the same key is set aside as a conflict,
// the receiver's seq, time and receipt are kept as they were, and the last pulled seq is remembered.
#include "sync/council/council_local_store.h"
#include "../vault/test_dir.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

using namespace selfdirect;
using namespace selfdirect::council;

namespace {

using TempDir = selfdirect::vault::testing::TestDir; // a fresh temp dir per test

sync::StoredEnvelope stored(const std::string& record_id, std::uint32_t revision, const std::string& hash,
                            std::int64_t seq) {
    sync::StoredEnvelope s;
    s.seq = seq;
    s.record_id = record_id;
    s.revision = revision;
    s.envelope_hash = hash;
    s.envelope = vault::Bytes(hash.begin(), hash.end());
    s.device_id = "kiosk-1";
    s.server_time = 1795000000 + seq;
    s.receipt_signature = vault::Bytes(64, static_cast<std::uint8_t>(seq));
    s.receipt_epoch = "3f1c0e2a9b7d4c55";
    return s;
}

std::vector<sync::StoredEnvelope> all(CouncilLocalStore& store) {
    std::vector<sync::StoredEnvelope> out;
    REQUIRE(store.for_each([&](const sync::StoredEnvelope& s) { out.push_back(s); }).ok());
    return out;
}

} // namespace

TEST_CASE("a pulled envelope is held once, and the same envelope again changes nothing") {
    TempDir dir;
    auto store = CouncilLocalStore::open(dir / "council.db", true);
    REQUIRE(store.ok());
    CHECK(store.value()->copy(stored("a", 1, "h1", 17), "src", 1).value() == CopyOutcome::added);
    CHECK(store.value()->copy(stored("a", 1, "h1", 17), "src", 2).value() == CopyOutcome::already_held);
    CHECK(store.value()->copy(stored("a", 2, "h2", 18), "src", 2).value() == CopyOutcome::added);
    const auto held = all(*store.value());
    REQUIRE(held.size() == 2);
    CHECK(held[0].seq == 17); // the receiver's seq, not a local one
    CHECK(held[0].server_time == 1795000017);
    CHECK(held[0].receipt_signature == vault::Bytes(64, 17));
    CHECK(held[0].receipt_epoch == "3f1c0e2a9b7d4c55");
    CHECK(held[1].revision == 2);
}

TEST_CASE("a different envelope under a held record and revision is a conflict and the first copy stays") {
    TempDir dir;
    auto store = CouncilLocalStore::open(dir / "council.db", true);
    REQUIRE(store.ok());
    REQUIRE(store.value()->copy(stored("a", 1, "h1", 1), "src", 1).ok());
    CHECK(store.value()->copy(stored("a", 1, "other", 9), "src", 1).value() == CopyOutcome::conflict);
    CHECK(store.value()->copy(stored("a", 1, "other", 9), "src", 1).value() == CopyOutcome::conflict);
    const auto held = all(*store.value());
    REQUIRE(held.size() == 1);
    CHECK(held[0].envelope_hash == "h1");
}

TEST_CASE("kept conflicts, its own and the receiver's, are listed in the order they were kept") {
    TempDir dir;
    auto store = CouncilLocalStore::open(dir / "council.db", true);
    REQUIRE(store.ok());
    REQUIRE(store.value()->copy(stored("a", 1, "h1", 1), "src", 1).ok());
    CHECK(store.value()->copy(stored("a", 1, "other", 9), "src", 1).value() == CopyOutcome::conflict);
    auto receiver_kept = stored("b", 2, "rival", 4);
    receiver_kept.receipt_signature.clear(); // the receiver never receipts a conflict
    CHECK(store.value()->keep_conflict(receiver_kept, "src", 1).value());
    CHECK_FALSE(store.value()->keep_conflict(receiver_kept, "src", 1).value()); // held already
    auto kept = store.value()->conflicts();
    REQUIRE(kept.ok());
    REQUIRE(kept->size() == 2);
    CHECK(kept.value()[0].record_id == "a");
    CHECK(kept.value()[0].envelope_hash == "other");
    CHECK(kept.value()[1].record_id == "b");
    CHECK(kept.value()[1].revision == 2);
    CHECK(kept.value()[1].envelope == vault::Bytes{'r', 'i', 'v', 'a', 'l'});
}

TEST_CASE("the last pulled seq is remembered per source and never goes back") {
    TempDir dir;
    auto store = CouncilLocalStore::open(dir / "council.db", true);
    REQUIRE(store.ok());
    CHECK(store.value()->last_pulled_seq("a").value() == 0);
    REQUIRE(store.value()->set_last_pulled_seq("a", 40).ok());
    REQUIRE(store.value()->set_last_pulled_seq("a", 30).ok());
    REQUIRE(store.value()->set_last_pulled_seq("b", 5).ok());
    CHECK(store.value()->last_pulled_seq("a").value() == 40);
    CHECK(store.value()->last_pulled_seq("b").value() == 5);
}

TEST_CASE("a council-local store is recognised by its schema and never created when only read") {
    TempDir dir;
    CHECK_FALSE(CouncilLocalStore::open(dir / "missing.db", false).ok());
    CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));
    CHECK_FALSE(CouncilLocalStore::is_local_store(dir / "missing.db"));
    REQUIRE(CouncilLocalStore::open(dir / "council.db", true).ok());
    CHECK(CouncilLocalStore::is_local_store(dir / "council.db"));
}
