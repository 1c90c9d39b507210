// The SQLite EnvelopeStore (schema v2) on its own: insert-if-absent by (record id, revision) with the
// receipt signed inside the transaction, conflicts set aside once, strictly increasing seq, devices
// and one-time enrolment codes, revocation, the restore epoch, and which store locations open.
#include "server_test_support.h"

#include "vault/database.h"

#include <sys/stat.h>

using namespace selfdirect;
using namespace selfdirect::sync;
using namespace selfdirect::sync::server_testing;

namespace {

IncomingEnvelope incoming(const std::string& record_id, std::uint32_t revision, const std::string& content,
                          std::int64_t server_time = kNow) {
    IncomingEnvelope in;
    in.record_id = record_id;
    in.revision = revision;
    in.envelope = vault::Bytes(content.begin(), content.end());
    in.envelope_hash = "hash-of-" + content;
    in.device_id = "kiosk-1";
    in.server_time = server_time;
    return in;
}

// A signer that records its calls and signs a recognisable 64-byte value.
struct CountingSigner {
    int calls = 0;
    std::int64_t last_seq = 0;
    ReceiptSigner fn() {
        return [this](const IncomingEnvelope&, std::int64_t seq, std::int64_t, const std::string&) {
            ++calls;
            last_seq = seq;
            return vault::Bytes(64, static_cast<std::uint8_t>(seq & 0xff));
        };
    }
};

PutResult put(EnvelopeStore& store, const IncomingEnvelope& in, CountingSigner& signer) {
    auto result = store.put(in, signer.fn());
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    return result.value();
}

} // namespace

TEST_CASE("the store keeps one envelope per record id and revision and sets conflicts aside") {
    TempDir dir;
    auto store = open_store(dir / "store.db");
    CountingSigner signer;

    const auto first = put(*store, incoming("r1", 1, "A"), signer);
    CHECK(first.outcome == PutOutcome::stored);
    CHECK(first.seq > 0);
    CHECK(first.server_time == kNow);
    CHECK(signer.calls == 1);
    CHECK(signer.last_seq == first.seq);

    const auto again = put(*store, incoming("r1", 1, "A", kNow + 50), signer);
    CHECK(again.outcome == PutOutcome::duplicate);
    CHECK(again.seq == first.seq);
    CHECK(again.server_time == kNow); // the original's time, not the retry's
    CHECK(signer.calls == 1);         // nothing new to sign

    const auto rival = put(*store, incoming("r1", 1, "B"), signer);
    CHECK(rival.outcome == PutOutcome::conflict);
    CHECK(rival.stored_hash == "hash-of-A");
    put(*store, incoming("r1", 1, "B"), signer); // the same newcomer again is kept once
    CHECK(store->count_conflicts().value() == 1);

    const auto amended = put(*store, incoming("r1", 2, "C"), signer);
    CHECK(amended.outcome == PutOutcome::stored);
    CHECK(amended.seq > first.seq);

    auto all = store->list(0, 100);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK(all.value()[0].envelope == vault::Bytes{'A'}); // original untouched
    CHECK(all.value()[0].receipt_signature == vault::Bytes(64, static_cast<std::uint8_t>(first.seq & 0xff)));
    CHECK(all.value()[0].receipt_epoch == store->restore_epoch().value());
    CHECK(all.value()[1].envelope == vault::Bytes{'C'});
    CHECK(store->count().value() == 2);
}

TEST_CASE("the server sequence strictly increases, across reopening the store") {
    TempDir dir;
    std::int64_t last = 0;
    for (int round = 0; round < 2; ++round) {
        auto store = open_store(dir / "store.db");
        CountingSigner signer;
        for (int i = 0; i < 5; ++i) {
            const auto r = put(*store, incoming("r-" + std::to_string(round) + "-" + std::to_string(i), 1, "x"), signer);
            REQUIRE(r.outcome == PutOutcome::stored);
            CHECK(r.seq > last);
            last = r.seq;
        }
    }
    auto store = open_store(dir / "store.db");
    auto page = store->list(3, 4);
    REQUIRE(page.ok());
    REQUIRE(page->size() == 4);
    CHECK(page.value()[0].seq == 4);
    CHECK(page.value()[3].seq == 7);
}

TEST_CASE("a signer that cannot sign leaves nothing stored and reports sync.storage") {
    TempDir dir;
    auto store = open_store(dir / "store.db");
    auto result = store->put(incoming("r1", 1, "A"), [](const IncomingEnvelope&, std::int64_t, std::int64_t,
                                                        const std::string&) {
        return vault::Bytes{};
    });
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "sync.storage");
    CHECK(store->count().value() == 0);
    auto found = store->find("r1", 1);
    REQUIRE(found.ok());
    CHECK_FALSE(found->has_value());
}

TEST_CASE("find returns the stored copy with its clock flag and receipt") {
    TempDir dir;
    auto store = open_store(dir / "store.db");
    CountingSigner signer;
    auto in = incoming("r9", 3, "Z");
    in.clock_flag = "future";
    const auto r = put(*store, in, signer);
    auto found = store->find("r9", 3);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK(found->value().seq == r.seq);
    CHECK(found->value().clock_flag == "future");
    CHECK(found->value().device_id == "kiosk-1");
    CHECK(found->value().receipt_signature.size() == 64);
    CHECK_FALSE(store->find("r9", 4).value().has_value());
}

TEST_CASE("a new store has a 16-hex restore epoch that survives reopening and can be replaced") {
    TempDir dir;
    std::string epoch;
    {
        auto store = open_store(dir / "store.db");
        epoch = store->restore_epoch().value();
        CHECK(epoch.size() == 16);
        CHECK(epoch.find_first_not_of("0123456789abcdef") == std::string::npos);
    }
    auto store = open_store(dir / "store.db");
    CHECK(store->restore_epoch().value() == epoch);
    const std::string fresh = store->new_restore_epoch().value();
    CHECK(fresh != epoch);
    CHECK(store->restore_epoch().value() == fresh);
}

TEST_CASE("an enrolment code enrols its device once, repeats for the same key and refuses others") {
    TempDir dir;
    auto store = open_store(dir / "store.db");
    const auto hash = protocol::enrolment_code_hash("7G2K-QM4T-X9PA-HW3D");
    REQUIRE(store->add_enrolment_code({hash, "tablet-7", kNow + 100, {}}).ok());

    const Device device = make_device("tablet-7");
    DeviceRecord record{"tablet-7", device.sign.public_key, device.box_public_key, 0, std::nullopt};

    CHECK(store->redeem_enrolment_code(protocol::enrolment_code_hash("7G2K-QM4T-X9PA-HW3E"), record, kNow).value() ==
          RedeemOutcome::bad_code);
    DeviceRecord wrong_id = record;
    wrong_id.device_id = "tablet-8";
    CHECK(store->redeem_enrolment_code(hash, wrong_id, kNow).value() == RedeemOutcome::bad_code);
    CHECK_FALSE(store->device("tablet-7").value().has_value());

    CHECK(store->redeem_enrolment_code(hash, record, kNow).value() == RedeemOutcome::enrolled);
    auto enrolled = store->device("tablet-7");
    REQUIRE(enrolled.ok());
    REQUIRE(enrolled->has_value());
    CHECK(enrolled->value().sign_public_key == device.sign.public_key);
    CHECK(enrolled->value().box_public_key == device.box_public_key);
    CHECK(enrolled->value().enrolled_unix == kNow);
    CHECK_FALSE(enrolled->value().revoked_unix.has_value());

    // A lost answer: the same device and key may use the code again (even after expiry).
    CHECK(store->redeem_enrolment_code(hash, record, kNow + 1000).value() == RedeemOutcome::repeated);
    // Another key never: the code is spent.
    const Device thief = make_device("tablet-7");
    DeviceRecord stolen{"tablet-7", thief.sign.public_key, thief.box_public_key, 0, std::nullopt};
    CHECK(store->redeem_enrolment_code(hash, stolen, kNow).value() == RedeemOutcome::bad_code);
    CHECK(store->device("tablet-7").value()->sign_public_key == device.sign.public_key);
}

TEST_CASE("an expired enrolment code is refused and enrols nothing") {
    TempDir dir;
    auto store = open_store(dir / "store.db");
    const auto hash = protocol::enrolment_code_hash("0000-0000-0000-0001");
    REQUIRE(store->add_enrolment_code({hash, "kiosk-2", kNow, {}}).ok());
    const Device device = make_device("kiosk-2");
    DeviceRecord record{"kiosk-2", device.sign.public_key, device.box_public_key, 0, std::nullopt};
    CHECK(store->redeem_enrolment_code(hash, record, kNow + 1).value() == RedeemOutcome::expired);
    CHECK_FALSE(store->device("kiosk-2").value().has_value());
    // Up to and including the expiry second it is still good.
    CHECK(store->redeem_enrolment_code(hash, record, kNow).value() == RedeemOutcome::enrolled);
}

TEST_CASE("revoking keeps the first revocation time and a new code re-enrols the device") {
    TempDir dir;
    auto store = open_store(dir / "store.db");
    auto unknown = store->revoke_device("nobody", kNow);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "sync.unknown_device");

    const Device device = make_device("kiosk-3");
    enrol(*store, device);
    REQUIRE(store->revoke_device("kiosk-3", kNow + 10).ok());
    REQUIRE(store->revoke_device("kiosk-3", kNow + 20).ok());
    CHECK(store->device("kiosk-3").value()->revoked_unix == kNow + 10);

    const Device replacement = make_device("kiosk-3");
    enrol(*store, replacement, kNow + 30);
    auto now = store->device("kiosk-3").value();
    REQUIRE(now.has_value());
    CHECK(now->sign_public_key == replacement.sign.public_key);
    CHECK_FALSE(now->revoked_unix.has_value());
}

TEST_CASE("a store written by the v1 skeleton is refused with sync.store_version") {
    TempDir dir;
    {
        auto db = vault::Database::open(dir / "old.db");
        REQUIRE(db.ok());
        REQUIRE(db.value()->exec("CREATE TABLE envelopes (seq INTEGER PRIMARY KEY); PRAGMA user_version = 1;").ok());
    }
    auto store = open_sqlite_envelope_store(dir / "old.db", {});
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "sync.store_version");
}

TEST_CASE("store locations open SQLite by path or sqlite: URL and refuse other schemes") {
    TempDir dir;
    const auto path = (dir / "a.db").string();
    REQUIRE(open_envelope_store(path, {}).ok());
    CHECK(open_envelope_store("sqlite:" + path, {}).ok());
    CHECK(open_envelope_store("sqlite://" + path, {}).ok()); // path is absolute: sqlite:///tmp/...
    auto other = open_envelope_store("mysql://localhost/db", {});
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().code == "sync.store_url");
    CHECK(open_envelope_store("sqlite:", {}).error().code == "sync.store_url");
}

TEST_CASE("a store that must already exist is not created") {
    TempDir dir;
    auto missing = open_envelope_store((dir / "missing.db").string(), StoreOptions{.create = false});
    REQUIRE_FALSE(missing.ok());
    CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));
}

TEST_CASE("put_many stores a batch in one transaction with the same outcomes as one put at a time") {
    TempDir dir;
    auto store = open_store(dir / "store.db");
    CountingSigner signer;
    put(*store, incoming("r0", 1, "old"), signer);
    const std::vector<IncomingEnvelope> batch{incoming("r1", 1, "A"), incoming("r0", 1, "old"), incoming("r0", 1, "new"),
                                              incoming("r1", 1, "A"), incoming("r2", 1, "B")};
    const auto results = store->put_many(batch, signer.fn());
    REQUIRE(results.size() == 5);
    for (const auto& r : results) REQUIRE(r.ok());
    CHECK(results[0].value().outcome == PutOutcome::stored);
    CHECK(results[1].value().outcome == PutOutcome::duplicate);
    CHECK(results[2].value().outcome == PutOutcome::conflict);
    CHECK(results[3].value().outcome == PutOutcome::duplicate); // the same envelope earlier in this batch
    CHECK(results[3].value().seq == results[0].value().seq);
    CHECK(results[4].value().outcome == PutOutcome::stored);
    CHECK(results[4].value().seq > results[0].value().seq);
    CHECK(store->count().value() == 3);
    CHECK(store->count_conflicts().value() == 1);
}

TEST_CASE("a put_many that cannot finish stores nothing and reports sync.storage for every entry") {
    TempDir dir;
    auto store = open_store(dir / "store.db");
    int calls = 0;
    const auto results = store->put_many({incoming("r1", 1, "A"), incoming("r2", 1, "B")},
                                         [&calls](const IncomingEnvelope&, std::int64_t, std::int64_t,
                                                  const std::string&) {
                                             return ++calls == 2 ? vault::Bytes{} : vault::Bytes(64, 1);
                                         });
    REQUIRE(results.size() == 2);
    for (const auto& r : results) {
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "sync.storage");
    }
    CHECK(store->count().value() == 0); // the first one, signed and inserted, was rolled back too
}

TEST_CASE("a new SQLite store and its -wal and -shm files are readable and writable by their owner only") {
    TempDir dir;
    // The usual umask leaves new files readable by everyone; the store must not rely on a stricter one.
    const mode_t old_mask = ::umask(022);
    const auto path = dir / "sync.db";
    {
        auto store = open_store(path);
        CountingSigner signer;
        REQUIRE(store->put(incoming(new_record_id(), 1, "a"), signer.fn()).ok()); // the WAL now exists
        for (const auto& file : {path, std::filesystem::path(path.string() + "-wal"),
                                 std::filesystem::path(path.string() + "-shm")}) {
            REQUIRE_MESSAGE(std::filesystem::exists(file), file);
            const auto perms = std::filesystem::status(file).permissions();
            CHECK_MESSAGE((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
                              std::filesystem::perms::none,
                          file.string() << " has group or other bits: mode " << std::oct
                                        << static_cast<unsigned>(perms));
        }
    }
    ::umask(old_mask);
}
