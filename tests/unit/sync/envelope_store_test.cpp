// The SQLite EnvelopeStore on its own: insert-if-absent by (record id, revision), conflicts set
// aside, trust-on-first-use of device keys, ordered paging, and refusing to invent a missing store.
#include "sync_test_support.h"

using namespace selfdirect;
using namespace selfdirect::sync;
using namespace selfdirect::sync::testing;

namespace {

IncomingEnvelope envelope(const std::string& record_id, std::uint32_t revision, const std::string& content,
                          const std::string& device = "kiosk-1", std::uint8_t key = 1) {
    IncomingEnvelope in;
    in.record_id = record_id;
    in.revision = revision;
    in.envelope = vault::Bytes(content.begin(), content.end());
    in.envelope_hash = "hash-of-" + content;
    in.device_id = device;
    in.device_sign_public_key = vault::Bytes(32, key);
    in.received_unix = 1700000000;
    return in;
}

PutResult put(EnvelopeStore& store, const IncomingEnvelope& in) {
    auto result = store.put(in);
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    return result.value();
}

} // namespace

TEST_CASE("the store keeps one envelope per record id and revision and sets conflicts aside") {
    TestDir dir;
    auto opened = open_sqlite_envelope_store(dir / "store.db");
    REQUIRE(opened.ok());
    EnvelopeStore& store = *opened.value();

    const auto first = put(store, envelope("r1", 1, "A"));
    CHECK(first.outcome == PutOutcome::stored);
    CHECK(first.seq > 0);
    const auto again = put(store, envelope("r1", 1, "A"));
    CHECK(again.outcome == PutOutcome::duplicate);
    CHECK(again.seq == first.seq);
    const auto rival = put(store, envelope("r1", 1, "B"));
    CHECK(rival.outcome == PutOutcome::conflict);
    CHECK(rival.stored_hash == "hash-of-A");
    const auto amended = put(store, envelope("r1", 2, "C"));
    CHECK(amended.outcome == PutOutcome::stored);
    CHECK(amended.seq > first.seq);

    const auto all = stored(store);
    REQUIRE(all.size() == 2);
    CHECK(all[0].envelope == vault::Bytes{'A'});
    CHECK(all[1].envelope == vault::Bytes{'C'});
    CHECK(store.count_conflicts().value() == 1);
}

TEST_CASE("a known device id with a new key is refused and nothing is written") {
    TestDir dir;
    auto opened = open_sqlite_envelope_store(dir / "store.db");
    REQUIRE(opened.ok());
    EnvelopeStore& store = *opened.value();

    CHECK(put(store, envelope("r1", 1, "A", "kiosk-1", 1)).outcome == PutOutcome::stored);
    CHECK(put(store, envelope("r2", 1, "B", "kiosk-1", 2)).outcome == PutOutcome::key_mismatch);
    CHECK(put(store, envelope("r3", 1, "C", "kiosk-2", 2)).outcome == PutOutcome::stored);
    CHECK(stored_count(store) == 2);
}

TEST_CASE("listing pages through envelopes in sequence order") {
    TestDir dir;
    auto opened = open_sqlite_envelope_store(dir / "store.db");
    REQUIRE(opened.ok());
    EnvelopeStore& store = *opened.value();
    for (int i = 0; i < 5; ++i) put(store, envelope("r" + std::to_string(i), 1, "X" + std::to_string(i)));

    auto page1 = store.list(0, 2);
    REQUIRE(page1.ok());
    REQUIRE(page1->size() == 2);
    auto page2 = store.list(page1->back().seq, 10);
    REQUIRE(page2.ok());
    REQUIRE(page2->size() == 3);
    CHECK(page1->at(0).record_id == "r0");
    CHECK(page2->at(0).record_id == "r2");
    CHECK(page2->at(2).record_id == "r4");
}

TEST_CASE("opening a missing store without create fails instead of making an empty one") {
    TestDir dir;
    SqliteStoreOptions options;
    options.create = false;
    auto opened = open_sqlite_envelope_store(dir / "missing.db", options);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "vault.io");
    CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));
}

TEST_CASE("the store reopens with its contents") {
    TestDir dir;
    {
        auto opened = open_sqlite_envelope_store(dir / "store.db");
        REQUIRE(opened.ok());
        put(*opened.value(), envelope("r1", 1, "A"));
    }
    auto reopened = open_sqlite_envelope_store(dir / "store.db");
    REQUIRE(reopened.ok());
    CHECK(stored_count(*reopened.value()) == 1);
    CHECK(put(*reopened.value(), envelope("r1", 1, "A")).outcome == PutOutcome::duplicate);
}
