// The EnvelopeStore contract, run unchanged against both backends: SQLite when
// SELFDIRECT_TEST_PG_URI is unset, PostgreSQL when it is (toolchains/pg-test-cluster.sh sets it, and
// SELFDIRECT_TEST_PG_STOP / _START for the case where the database goes away). The server, bundle
// importer and council tool rely only on what these cases pin down, so either backend must pass all.
#include "store_test_support.h"

#include <doctest/doctest.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace selfdirect;
using namespace selfdirect::sync;
using store_testing::make_envelope;
using store_testing::TestSigner;

namespace {

const char* pg_uri() {
    const char* uri = std::getenv("SELFDIRECT_TEST_PG_URI");
    return (uri && *uri) ? uri : nullptr;
}

bool on_postgres() { return pg_uri() != nullptr; }

// The base URI with its database name replaced by `database`.
std::string with_database(const std::string& uri, const std::string& database) {
    const auto query = uri.find('?');
    const std::string head = uri.substr(0, query);
    const std::string tail = query == std::string::npos ? "" : uri.substr(query);
    return head.substr(0, head.rfind('/') + 1) + database + tail;
}

// A fresh, empty store location for one case: a new SQLite file in a temp dir, or a new database on
// the test cluster (dropped first if an earlier run left it).
class FreshLocation {
public:
    FreshLocation() {
        static std::atomic<int> counter{0};
        const std::string name = "contract_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
        if (on_postgres()) {
            pqxx::connection admin(pg_uri());
            pqxx::nontransaction txn(admin);
            txn.exec("DROP DATABASE IF EXISTS " + name);
            txn.exec("CREATE DATABASE " + name);
            location_ = with_database(pg_uri(), name);
            database_ = name;
        } else {
            std::string pattern = (std::filesystem::temp_directory_path() / "selfdirect-contract-XXXXXX").string();
            REQUIRE(mkdtemp(pattern.data()) != nullptr);
            dir_ = pattern;
            location_ = "sqlite:" + (dir_ / (name + ".db")).string();
        }
    }
    ~FreshLocation() {
        if (!dir_.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(dir_, ignored);
        }
        if (!database_.empty()) {
            try {
                pqxx::connection admin(pg_uri());
                pqxx::nontransaction txn(admin);
                txn.exec("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
            } catch (const std::exception&) {
                // The cluster is deleted at the end of the run anyway.
            }
        }
    }
    FreshLocation(const FreshLocation&) = delete;
    FreshLocation& operator=(const FreshLocation&) = delete;

    const std::string& str() const { return location_; }

private:
    std::string location_;
    std::string database_;
    std::filesystem::path dir_;
};

std::unique_ptr<EnvelopeStore> open_store(const FreshLocation& where, bool create = true) {
    auto store = open_envelope_store(where.str(), StoreOptions{create});
    REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().code + ": " + store.error().message));
    return std::move(store.value());
}

std::string epoch_of(EnvelopeStore& store) {
    auto epoch = store.restore_epoch();
    REQUIRE(epoch.ok());
    return epoch.value();
}

PutResult put_ok(EnvelopeStore& store, const IncomingEnvelope& in, const ReceiptSigner& sign) {
    auto r = store.put(in, sign);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().code + ": " + r.error().message));
    return r.value();
}

DeviceRecord device_with_keys(const std::string& id, std::uint8_t fill) {
    DeviceRecord d;
    d.device_id = id;
    d.sign_public_key = vault::Bytes(32, fill);
    d.box_public_key = vault::Bytes(32, static_cast<std::uint8_t>(fill + 1));
    return d;
}

EnrolmentCode code_for(const std::string& device_id, const std::string& code_text, std::int64_t expires) {
    EnrolmentCode code;
    code.code_hash = vault::blake2b_256(code_text);
    code.device_id = device_id;
    code.expires_unix = expires;
    return code;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("a new envelope is stored under a seq and the same envelope again is a duplicate with that seq") {
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    const auto in = make_envelope(1);

    const PutResult first = put_ok(*store, in, signer.signer());
    CHECK(first.outcome == PutOutcome::stored);
    CHECK(first.seq > 0);
    CHECK(first.server_time == in.server_time);
    CHECK(first.stored_hash == in.envelope_hash);

    auto later = in;
    later.server_time += 100; // a re-offer arrives later: the original time stays
    const PutResult again = put_ok(*store, later, signer.signer());
    CHECK(again.outcome == PutOutcome::duplicate);
    CHECK(again.seq == first.seq);
    CHECK(again.server_time == first.server_time);
    CHECK(again.stored_hash == in.envelope_hash);
    CHECK(again.receipt_signature.empty()); // a duplicate's receipt is signed under the current epoch
    CHECK(signer.calls() == 1);
    CHECK(store->count().value() == 1);
    CHECK(store->count_conflicts().value() == 0);
}

TEST_CASE("a different envelope under the same record and revision is a conflict and the original stays") {
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    const auto original = make_envelope(7, 0);
    const auto rival = make_envelope(7, 1);
    REQUIRE(original.envelope_hash != rival.envelope_hash);

    const PutResult first = put_ok(*store, original, signer.signer());
    const PutResult clash = put_ok(*store, rival, signer.signer());
    CHECK(clash.outcome == PutOutcome::conflict);
    CHECK(clash.seq == 0);
    CHECK(clash.stored_hash == original.envelope_hash);
    // The same rival again is kept once.
    CHECK(put_ok(*store, rival, signer.signer()).outcome == PutOutcome::conflict);
    CHECK(store->count_conflicts().value() == 1);
    CHECK(store->count().value() == 1);
    CHECK(signer.calls() == 1);

    auto kept = store->find(original.record_id, 1);
    REQUIRE(kept.ok());
    REQUIRE(kept.value().has_value());
    CHECK(kept.value()->envelope == original.envelope);
    CHECK(kept.value()->seq == first.seq);

    // Another revision of the same record is a new record, not a conflict.
    const auto revised = make_envelope(7, 1, 256, 2);
    CHECK(put_ok(*store, revised, signer.signer()).outcome == PutOutcome::stored);
}

TEST_CASE("kept conflicts are listed with their record, revision, hash, device and bytes, oldest first") {
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    auto none = store->list_conflicts();
    REQUIRE(none.ok());
    CHECK(none->empty());
    put_ok(*store, make_envelope(7, 0), signer.signer());
    put_ok(*store, make_envelope(8, 0), signer.signer());
    const auto rival7 = make_envelope(7, 1);
    const auto rival8 = make_envelope(8, 1);
    put_ok(*store, rival7, signer.signer());
    put_ok(*store, rival8, signer.signer());
    put_ok(*store, rival7, signer.signer()); // kept once

    auto kept = store->list_conflicts();
    REQUIRE(kept.ok());
    REQUIRE(kept->size() == 2);
    CHECK(kept.value()[0].record_id == rival7.record_id);
    CHECK(kept.value()[0].revision == rival7.revision);
    CHECK(kept.value()[0].envelope_hash == rival7.envelope_hash);
    CHECK(kept.value()[0].envelope == rival7.envelope);
    CHECK(kept.value()[0].device_id == rival7.device_id);
    CHECK(kept.value()[0].receipt_signature.empty()); // never stored, never receipted
    CHECK(kept.value()[1].record_id == rival8.record_id);
    CHECK(kept.value()[0].seq < kept.value()[1].seq);
}

TEST_CASE("seqs strictly increase in the order envelopes are stored and list pages through them") {
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    std::vector<std::int64_t> seqs;
    for (long i = 0; i < 25; ++i) seqs.push_back(put_ok(*store, make_envelope(100 + i), signer.signer()).seq);
    for (std::size_t i = 1; i < seqs.size(); ++i) CHECK(seqs[i] > seqs[i - 1]);

    std::vector<std::int64_t> listed;
    std::int64_t after = 0;
    for (;;) {
        auto page = store->list(after, 10);
        REQUIRE(page.ok());
        if (page.value().empty()) break;
        CHECK(page.value().size() <= 10);
        for (const auto& e : page.value()) listed.push_back(e.seq);
        after = page.value().back().seq;
    }
    CHECK(listed == seqs);
    CHECK(store->list(seqs.back(), 10).value().empty());
}

TEST_CASE("a new copy's receipt signs the restore epoch the store holds when it commits, not one the caller read before") {
    // selfdirect-sync reads the epoch once per request; `selfdirect-council restore-epoch` may change
    // it before the batch commits. The stored receipt, its signature and the answer must agree.
    FreshLocation where;
    auto store = open_store(where);
    const std::string before = epoch_of(*store);
    TestSigner signer(before); // what the caller read
    auto changed = store->new_restore_epoch();
    REQUIRE(changed.ok());
    REQUIRE(changed.value() != before);

    const PutResult one = put_ok(*store, make_envelope(7), signer.signer());
    auto many = store->put_many({make_envelope(8), make_envelope(9)}, signer.signer());
    REQUIRE(many.size() == 2);
    CHECK(one.restore_epoch == changed.value());
    for (const auto& r : many) {
        REQUIRE(r.ok());
        CHECK(r.value().restore_epoch == changed.value());
    }
    CHECK(signer.other_epochs() == 3);
    auto listed = store->list(0, 10);
    REQUIRE(listed.ok());
    REQUIRE(listed.value().size() == 3);
    for (const auto& e : listed.value()) {
        CHECK(e.receipt_epoch == changed.value());
        CHECK(signer.verifies(e)); // the signature covers the epoch stored beside it
        // The answer carries the signature that was kept, for a single put and a batch alike.
        if (e.seq == one.seq) CHECK(e.receipt_signature == one.receipt_signature);
        for (const auto& r : many)
            if (e.seq == r.value().seq) CHECK(e.receipt_signature == r.value().receipt_signature);
    }
}

TEST_CASE("the receipt signature and every field are stored and returned by list and find") {
    FreshLocation where;
    auto store = open_store(where);
    const std::string epoch = epoch_of(*store);
    TestSigner signer(epoch);
    auto in = make_envelope(42, 0, 5000);
    in.clock_flag = "future";
    const PutResult put = put_ok(*store, in, signer.signer());

    auto found = store->find(in.record_id, in.revision);
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    const StoredEnvelope& e = *found.value();
    CHECK(e.seq == put.seq);
    CHECK(put.receipt_signature == e.receipt_signature); // the answer carries what was kept: no second signing
    CHECK(e.record_id == in.record_id);
    CHECK(e.revision == in.revision);
    CHECK(e.envelope_hash == in.envelope_hash);
    CHECK(e.envelope == in.envelope);
    CHECK(e.device_id == in.device_id);
    CHECK(e.server_time == in.server_time);
    CHECK(e.clock_flag == "future");
    CHECK(e.receipt_epoch == epoch);
    CHECK(e.receipt_signature.size() == 64);
    CHECK(signer.verifies(e));

    auto listed = store->list(0, 10);
    REQUIRE(listed.ok());
    REQUIRE(listed.value().size() == 1);
    CHECK(listed.value()[0].receipt_signature == e.receipt_signature);
    CHECK(signer.verifies(listed.value()[0]));

    CHECK_FALSE(store->find(in.record_id, 2).value().has_value());
    CHECK_FALSE(store->find(store_testing::record_id_for(43), 1).value().has_value());
}

TEST_CASE("an enrolment code enrols once, repeats for the same keys and refuses everyone else") {
    FreshLocation where;
    auto store = open_store(where);
    const std::int64_t now = 1795000000;
    REQUIRE(store->add_enrolment_code(code_for("kiosk-1", "7G2K-QM4T-X9PA-HW3D", now + 3600)).ok());
    REQUIRE(store->add_enrolment_code(code_for("kiosk-2", "AAAA-BBBB-CCCC-DDDD", now - 1)).ok());
    const auto hash = vault::blake2b_256("7G2K-QM4T-X9PA-HW3D");
    const auto kiosk = device_with_keys("kiosk-1", 0x10);

    CHECK_FALSE(store->device("kiosk-1").value().has_value());
    CHECK(store->redeem_enrolment_code(vault::blake2b_256("NOPE-NOPE-NOPE-NOPE"), kiosk, now).value() ==
          RedeemOutcome::bad_code);
    CHECK(store->redeem_enrolment_code(hash, device_with_keys("kiosk-9", 0x10), now).value() ==
          RedeemOutcome::bad_code);
    CHECK(store->redeem_enrolment_code(vault::blake2b_256("AAAA-BBBB-CCCC-DDDD"), device_with_keys("kiosk-2", 1),
                                       now)
              .value() == RedeemOutcome::expired);
    CHECK_FALSE(store->device("kiosk-2").value().has_value());

    CHECK(store->redeem_enrolment_code(hash, kiosk, now).value() == RedeemOutcome::enrolled);
    auto enrolled = store->device("kiosk-1");
    REQUIRE(enrolled.ok());
    REQUIRE(enrolled.value().has_value());
    CHECK(enrolled.value()->sign_public_key == kiosk.sign_public_key);
    CHECK(enrolled.value()->box_public_key == kiosk.box_public_key);
    CHECK(enrolled.value()->enrolled_unix == now);
    CHECK_FALSE(enrolled.value()->revoked_unix.has_value());

    // The same keys again (a lost answer) are told the same; other keys with the used code are not.
    CHECK(store->redeem_enrolment_code(hash, kiosk, now + 10).value() == RedeemOutcome::repeated);
    CHECK(store->redeem_enrolment_code(hash, kiosk, now + 7200).value() == RedeemOutcome::repeated); // past expiry
    CHECK(store->redeem_enrolment_code(hash, device_with_keys("kiosk-1", 0x20), now + 10).value() ==
          RedeemOutcome::bad_code);
    CHECK(store->device("kiosk-1").value()->sign_public_key == kiosk.sign_public_key);
}

TEST_CASE("revoking marks a device revoked, keeps it, and a new code enrols it again") {
    FreshLocation where;
    auto store = open_store(where);
    const std::int64_t now = 1795000000;
    auto unknown = store->revoke_device("kiosk-1", now);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "sync.unknown_device");

    REQUIRE(store->add_enrolment_code(code_for("kiosk-1", "CODE-0000-0000-0001", now + 60)).ok());
    REQUIRE(store->redeem_enrolment_code(vault::blake2b_256("CODE-0000-0000-0001"), device_with_keys("kiosk-1", 3),
                                         now)
                .value() == RedeemOutcome::enrolled);
    REQUIRE(store->revoke_device("kiosk-1", now + 5).ok());
    auto revoked = store->device("kiosk-1").value();
    REQUIRE(revoked.has_value());
    REQUIRE(revoked->revoked_unix.has_value());
    CHECK(*revoked->revoked_unix == now + 5);
    CHECK(revoked->sign_public_key == vault::Bytes(32, 3));

    REQUIRE(store->add_enrolment_code(code_for("kiosk-1", "CODE-0000-0000-0002", now + 600)).ok());
    CHECK(store->redeem_enrolment_code(vault::blake2b_256("CODE-0000-0000-0002"), device_with_keys("kiosk-1", 7),
                                       now + 100)
              .value() == RedeemOutcome::enrolled);
    auto again = store->device("kiosk-1").value();
    REQUIRE(again.has_value());
    CHECK_FALSE(again->revoked_unix.has_value());
    CHECK(again->sign_public_key == vault::Bytes(32, 7));
}

TEST_CASE("a revoked key, or one replaced by a new enrolment, replaying its spent code is refused as bad_code") {
    FreshLocation where;
    auto store = open_store(where);
    const std::int64_t now = 1795000000;
    const auto first = vault::blake2b_256("CODE-0000-0000-0001");
    const auto second = vault::blake2b_256("CODE-0000-0000-0002");
    REQUIRE(store->add_enrolment_code(code_for("kiosk-1", "CODE-0000-0000-0001", now + 60)).ok());
    REQUIRE(store->redeem_enrolment_code(first, device_with_keys("kiosk-1", 3), now).value() == RedeemOutcome::enrolled);
    CHECK(store->redeem_enrolment_code(first, device_with_keys("kiosk-1", 3), now + 1).value() == RedeemOutcome::repeated);
    // Revoked: the old answer is no longer repeated to the old keys.
    REQUIRE(store->revoke_device("kiosk-1", now + 5).ok());
    CHECK(store->redeem_enrolment_code(first, device_with_keys("kiosk-1", 3), now + 6).value() == RedeemOutcome::bad_code);
    // Enrolled again with new keys: the new keys' code repeats for them, the old keys' code is spent.
    REQUIRE(store->add_enrolment_code(code_for("kiosk-1", "CODE-0000-0000-0002", now + 600)).ok());
    REQUIRE(store->redeem_enrolment_code(second, device_with_keys("kiosk-1", 7), now + 100).value() ==
            RedeemOutcome::enrolled);
    CHECK(store->redeem_enrolment_code(first, device_with_keys("kiosk-1", 3), now + 101).value() == RedeemOutcome::bad_code);
    CHECK(store->redeem_enrolment_code(second, device_with_keys("kiosk-1", 7), now + 102).value() ==
          RedeemOutcome::repeated);
    CHECK(store->device("kiosk-1").value()->sign_public_key == vault::Bytes(32, 7));
}

TEST_CASE("the restore epoch is 16 hex characters, survives reopening, and a new one replaces it") {
    FreshLocation where;
    std::string epoch;
    {
        auto store = open_store(where);
        epoch = epoch_of(*store);
        CHECK(epoch.size() == 16);
        CHECK(epoch.find_first_not_of("0123456789abcdef") == std::string::npos);
        CHECK(epoch_of(*store) == epoch);
    }
    auto store = open_store(where);
    CHECK(epoch_of(*store) == epoch);

    TestSigner signer(epoch);
    const auto in = make_envelope(5);
    put_ok(*store, in, signer.signer());

    auto fresh = store->new_restore_epoch();
    REQUIRE(fresh.ok());
    CHECK(fresh.value() != epoch);
    CHECK(fresh.value().size() == 16);
    CHECK(epoch_of(*store) == fresh.value());
    // What was stored keeps the epoch of its receipt.
    CHECK(store->find(in.record_id, 1).value()->receipt_epoch == epoch);
    CHECK(epoch_of(*open_store(where)) == fresh.value());
}

TEST_CASE("reopening a store keeps envelopes, conflicts, devices and seqs keep increasing") {
    FreshLocation where;
    std::int64_t last_seq = 0;
    std::string epoch;
    {
        auto store = open_store(where);
        epoch = epoch_of(*store);
        TestSigner signer(epoch);
        for (long i = 0; i < 3; ++i) last_seq = put_ok(*store, make_envelope(i), signer.signer()).seq;
        put_ok(*store, make_envelope(0, 1), signer.signer());
        REQUIRE(store->add_enrolment_code(code_for("kiosk-1", "CODE-0000-0000-0003", 2000000000)).ok());
        REQUIRE(store->redeem_enrolment_code(vault::blake2b_256("CODE-0000-0000-0003"),
                                             device_with_keys("kiosk-1", 9), 1795000000)
                    .value() == RedeemOutcome::enrolled);
    }
    auto store = open_store(where, /*create=*/false);
    CHECK(store->count().value() == 3);
    CHECK(store->count_conflicts().value() == 1);
    CHECK(store->device("kiosk-1").value().has_value());
    TestSigner signer(epoch);
    CHECK(put_ok(*store, make_envelope(1), signer.signer()).outcome == PutOutcome::duplicate);
    CHECK(put_ok(*store, make_envelope(3), signer.signer()).seq > last_seq);
}

TEST_CASE("opening a store that does not exist without create fails with sync.store_open") {
    FreshLocation where; // an empty database, or a file that was never made
    auto store = open_envelope_store(where.str(), StoreOptions{/*create=*/false});
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "sync.store_open");
}

TEST_CASE("threads putting the same envelopes at once store exactly one copy of each") {
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    const auto sign = signer.signer();
    constexpr long kRecords = 60;
    constexpr int kThreads = 6;
    std::map<long, std::set<std::int64_t>> seqs_by_record;
    std::mutex mutex;
    std::atomic<int> stored{0}, errors{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (long i = 0; i < kRecords; ++i) {
                auto r = store->put(make_envelope(i), sign);
                if (!r) {
                    ++errors;
                    continue;
                }
                if (r->outcome == PutOutcome::stored) ++stored;
                std::lock_guard lock(mutex);
                seqs_by_record[i].insert(r->seq);
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(errors.load() == 0);
    CHECK(stored.load() == kRecords);
    CHECK(signer.calls() == kRecords);
    CHECK(store->count().value() == kRecords);
    for (const auto& [record, seqs] : seqs_by_record) CHECK_MESSAGE(seqs.size() == 1, "record " << record);
}

TEST_CASE("two processes putting the same envelopes at once, one in batches, store exactly one copy each with one seq") {
    FreshLocation where;
    { open_store(where); } // created once, so the processes race on envelopes, not on the schema
    const std::filesystem::path dir = std::filesystem::temp_directory_path();
    const std::string tag = std::to_string(getpid());
    const auto out_a = dir / ("hammer-a-" + tag + ".out");
    const auto out_b = dir / ("hammer-b-" + tag + ".out");
    constexpr long kRecords = 300;
    const std::string hammer = SELFDIRECT_STORE_HAMMER;
    const std::string args = " '" + where.str() + "' 0 " + std::to_string(kRecords) + " --threads 3 --size 512";
    const std::string cmd = "'" + hammer + "'" + args + " > '" + out_a.string() + "' & a=$!; '" + hammer + "'" +
                            args + " --shuffle 7 --batch 10 > '" + out_b.string() +
                            "' & b=$!; wait $a; ra=$?; wait $b; rb=$?; exit $((ra | rb))";
    const int rc = std::system(cmd.c_str());
    CHECK(rc == 0);

    std::map<long, std::int64_t> seq_of;
    std::vector<vault::Bytes> keys;
    int stored = 0, duplicate = 0, disagreements = 0;
    for (const auto& path : {out_a, out_b}) {
        std::istringstream lines(read_file(path));
        std::string line;
        while (std::getline(lines, line)) {
            std::istringstream words(line);
            std::string first;
            words >> first;
            if (first == "pk") {
                std::string hex;
                words >> hex;
                vault::Bytes key;
                for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
                    key.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
                keys.push_back(key);
            } else if (first != "summary") {
                std::int64_t seq = 0;
                std::string outcome;
                words >> seq >> outcome;
                const long index = std::stol(first);
                if (outcome == "stored") ++stored;
                else if (outcome == "duplicate") ++duplicate;
                auto [it, inserted] = seq_of.emplace(index, seq);
                if (!inserted && it->second != seq) ++disagreements;
            }
        }
        std::filesystem::remove(path);
    }
    CHECK(stored == kRecords);
    CHECK(duplicate == kRecords);
    CHECK(disagreements == 0);
    CHECK(seq_of.size() == static_cast<std::size_t>(kRecords));

    auto store = open_store(where);
    CHECK(store->count().value() == kRecords);
    auto all = store->list(0, 10 * kRecords);
    REQUIRE(all.ok());
    CHECK(all.value().size() == static_cast<std::size_t>(kRecords));
    REQUIRE(keys.size() == 2);
    int valid = 0;
    for (const auto& e : all.value()) {
        if (TestSigner::verify_with(e, keys[0]) || TestSigner::verify_with(e, keys[1])) ++valid;
        CHECK(seq_of[std::stol(e.record_id.substr(24), nullptr, 16)] == e.seq);
    }
    CHECK(valid == kRecords);
}

TEST_CASE("a store whose database goes away answers sync.storage promptly, then works again when it returns" *
          doctest::skip(!on_postgres())) {
    const char* stop = std::getenv("SELFDIRECT_TEST_PG_STOP");
    const char* start = std::getenv("SELFDIRECT_TEST_PG_START");
    if (!on_postgres() || !stop || !start) {
        MESSAGE("needs the PostgreSQL test cluster (toolchains/pg-test-cluster.sh); nothing to stop for SQLite");
        return;
    }
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    put_ok(*store, make_envelope(1), signer.signer());
    {
        // Several connections at once, so the store holds several idle ones when the server goes.
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] { CHECK(store->put(make_envelope(10 + t), signer.signer()).ok()); });
        }
        for (auto& t : threads) t.join();
    }

    REQUIRE(std::system(stop) == 0);
    const auto before = std::chrono::steady_clock::now();
    auto lost = store->put(make_envelope(2), signer.signer());
    REQUIRE_FALSE(lost.ok());
    CHECK(lost.error().code == "sync.storage");
    auto counted = store->count();
    REQUIRE_FALSE(counted.ok());
    CHECK(counted.error().code == "sync.storage");
    CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(15));
    REQUIRE(std::system(start) == 0);

    // The next call reconnects, however many stale connections the store held; nothing from the
    // failed put was stored.
    auto recounted = store->count();
    REQUIRE_MESSAGE(recounted.ok(), (recounted.ok() ? "" : recounted.error().message));
    CHECK(recounted.value() == 5);
    CHECK(put_ok(*store, make_envelope(2), signer.signer()).outcome == PutOutcome::stored);
    CHECK(put_ok(*store, make_envelope(1), signer.signer()).outcome == PutOutcome::duplicate);

    // A restart between two calls (nothing asked while it was down): every idle connection is
    // stale, and still the first call afterwards succeeds.
    {
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] { CHECK(store->put(make_envelope(20 + t), signer.signer()).ok()); });
        }
        for (auto& t : threads) t.join();
    }
    REQUIRE(std::system(stop) == 0);
    REQUIRE(std::system(start) == 0);
    auto after_restart = store->count();
    REQUIRE_MESSAGE(after_restart.ok(), (after_restart.ok() ? "" : after_restart.error().message));
    CHECK(after_restart.value() == 10);
}

TEST_CASE("a reader paging by seq while writers commit never misses an envelope") {
    // The council tool pulls with list(after_seq = last seen). If a lower seq could commit after a
    // higher one, the reader would step past it for good. The signer sleeps to widen that window.
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    const auto inner = signer.signer();
    const ReceiptSigner slow = [&](const IncomingEnvelope& in, std::int64_t seq, std::int64_t time,
                                   const std::string& epoch) {
        std::this_thread::sleep_for(std::chrono::milliseconds(seq % 3));
        return inner(in, seq, time, epoch);
    };
    constexpr long kRecords = 240;
    constexpr int kWriters = 4;
    std::atomic<long> next{0};
    std::atomic<int> writers_left{kWriters};
    std::vector<std::thread> writers;
    for (int t = 0; t < kWriters; ++t) {
        writers.emplace_back([&] {
            for (long i; (i = next.fetch_add(1)) < kRecords;) CHECK(store->put(make_envelope(i), slow).ok());
            --writers_left;
        });
    }
    std::set<std::int64_t> seen;
    std::int64_t after = 0;
    bool done = false;
    while (!done) {
        done = writers_left.load() == 0; // one more full pass after the last writer finished
        for (;;) {
            auto page = store->list(after, 7);
            REQUIRE(page.ok());
            if (page.value().empty()) break;
            for (const auto& e : page.value()) seen.insert(e.seq);
            after = page.value().back().seq;
        }
    }
    for (auto& t : writers) t.join();
    CHECK(seen.size() == static_cast<std::size_t>(kRecords));
    CHECK(store->count().value() == kRecords);
}

TEST_CASE("a PostgreSQL store written by a newer schema version is refused with sync.store_version" *
          doctest::skip(!on_postgres())) {
    FreshLocation where;
    { open_store(where); }
    {
        pqxx::connection conn(where.str());
        pqxx::work txn(conn);
        txn.exec("UPDATE store_meta SET value = '99' WHERE name = 'schema_version'");
        txn.commit();
    }
    auto store = open_envelope_store(where.str(), StoreOptions{});
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "sync.store_version");
}

TEST_CASE("a batch answers every envelope in order and stores the new ones under increasing seqs") {
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    const PutResult earlier = put_ok(*store, make_envelope(1), signer.signer());
    const std::vector<IncomingEnvelope> batch = {make_envelope(3), make_envelope(1), make_envelope(1, 1),
                                                 make_envelope(2), make_envelope(3)};
    auto results = store->put_many(batch, signer.signer());
    REQUIRE(results.size() == batch.size());
    for (const auto& r : results) REQUIRE(r.ok());
    CHECK(results[0].value().outcome == PutOutcome::stored);
    CHECK(results[1].value().outcome == PutOutcome::duplicate);
    CHECK(results[1].value().seq == earlier.seq);
    CHECK(results[2].value().outcome == PutOutcome::conflict);
    CHECK(results[3].value().outcome == PutOutcome::stored);
    CHECK(results[3].value().seq > results[0].value().seq);
    CHECK(results[0].value().seq > earlier.seq);
    // The same record twice in one batch: stored once, then a duplicate of itself.
    CHECK(results[4].value().outcome == PutOutcome::duplicate);
    CHECK(results[4].value().seq == results[0].value().seq);
    CHECK(signer.calls() == 3);
    CHECK(store->count().value() == 3);
    CHECK(store->count_conflicts().value() == 1);
    auto listed = store->list(0, 10);
    REQUIRE(listed.ok());
    for (const auto& e : listed.value()) CHECK(signer.verifies(e));
    CHECK(store->put_many({}, signer.signer()).empty());
}

TEST_CASE("threads putting overlapping batches in different orders store one copy each and never fail") {
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    const auto sign = signer.signer();
    constexpr long kRecords = 80;
    std::atomic<int> errors{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            std::vector<long> order(kRecords);
            for (long i = 0; i < kRecords; ++i) order[static_cast<std::size_t>(i)] = t % 2 ? kRecords - 1 - i : i;
            for (std::size_t begin = 0; begin < order.size(); begin += 16) {
                std::vector<IncomingEnvelope> batch;
                for (std::size_t k = begin; k < std::min(order.size(), begin + 16); ++k)
                    batch.push_back(make_envelope(order[k]));
                for (const auto& r : store->put_many(batch, sign)) errors += r.ok() ? 0 : 1;
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(errors.load() == 0);
    CHECK(store->count().value() == kRecords);
    CHECK(signer.calls() == kRecords);
}

// Batches travel to PostgreSQL as array literals: values that mean something inside one must come
// back exactly as given (and the SQLite store must treat them alike).
TEST_CASE("a batch keeps record ids, hashes and device ids with quotes, backslashes, commas, braces and NULL intact") {
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    const std::vector<std::string> odd_ids = {"NULL", "say \"hi\", then {go}", "back\\slash\\\"quote", "", " spaced "};
    std::vector<IncomingEnvelope> batch;
    for (std::size_t k = 0; k < odd_ids.size(); ++k) {
        auto in = make_envelope(static_cast<long>(500 + k));
        in.record_id = odd_ids[k];
        in.revision = 3;
        in.device_id = "kiosk \"" + std::to_string(k) + "\" \\ {a,b}";
        in.clock_flag = k % 2 ? "past" : "";
        batch.push_back(in);
    }
    batch.push_back(make_envelope(600));
    auto results = store->put_many(batch, signer.signer());
    REQUIRE(results.size() == batch.size());
    for (std::size_t k = 0; k < batch.size(); ++k) {
        REQUIRE(results[k].ok());
        CHECK(results[k].value().outcome == PutOutcome::stored);
        auto found = store->find(batch[k].record_id, batch[k].revision);
        REQUIRE(found.ok());
        REQUIRE_MESSAGE(found.value().has_value(), "record id [" << batch[k].record_id << "]");
        CHECK(found.value()->record_id == batch[k].record_id);
        CHECK(found.value()->envelope == batch[k].envelope);
        CHECK(found.value()->envelope_hash == batch[k].envelope_hash);
        CHECK(found.value()->device_id == batch[k].device_id);
        CHECK(found.value()->clock_flag == batch[k].clock_flag);
        CHECK(found.value()->seq == results[k].value().seq);
        CHECK(signer.verifies(*found.value()));
    }
    // The same batch again is all duplicates; a rival of an odd id is a conflict kept once.
    auto again = batch;
    auto rival = make_envelope(501, 1);
    rival.record_id = odd_ids[1];
    rival.revision = 3;
    again.push_back(rival);
    auto second = store->put_many(again, signer.signer());
    REQUIRE(second.size() == again.size());
    for (std::size_t k = 0; k < batch.size(); ++k) {
        REQUIRE(second[k].ok());
        CHECK(second[k].value().outcome == PutOutcome::duplicate);
        CHECK(second[k].value().seq == results[k].value().seq);
    }
    REQUIRE(second.back().ok());
    CHECK(second.back().value().outcome == PutOutcome::conflict);
    CHECK(second.back().value().stored_hash == batch[1].envelope_hash);
    CHECK(store->count().value() == static_cast<std::int64_t>(batch.size()));
    CHECK(store->count_conflicts().value() == 1);
    CHECK(signer.calls() == static_cast<int>(batch.size()));
}

TEST_CASE("a batch holding a new record and its rival, and an old record's rival twice, stores one copy and keeps each rival once") {
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    const PutResult old = put_ok(*store, make_envelope(1), signer.signer());
    const std::vector<IncomingEnvelope> batch = {make_envelope(1, 1), make_envelope(2, 0), make_envelope(2, 1),
                                                 make_envelope(1, 1), make_envelope(2, 1), make_envelope(2, 0)};
    auto results = store->put_many(batch, signer.signer());
    REQUIRE(results.size() == batch.size());
    for (const auto& r : results) REQUIRE(r.ok());
    CHECK(results[0].value().outcome == PutOutcome::conflict);
    CHECK(results[0].value().stored_hash == make_envelope(1).envelope_hash);
    CHECK(results[1].value().outcome == PutOutcome::stored);
    CHECK(results[1].value().seq > old.seq);
    CHECK(results[2].value().outcome == PutOutcome::conflict);
    CHECK(results[2].value().stored_hash == batch[1].envelope_hash);
    CHECK(results[3].value().outcome == PutOutcome::conflict);
    CHECK(results[4].value().outcome == PutOutcome::conflict);
    CHECK(results[5].value().outcome == PutOutcome::duplicate);
    CHECK(results[5].value().seq == results[1].value().seq);
    CHECK(results[5].value().server_time == batch[1].server_time);
    CHECK(signer.calls() == 2);
    CHECK(store->count().value() == 2);
    CHECK(store->count_conflicts().value() == 2);
    CHECK(store->find(batch[1].record_id, 1).value()->envelope == batch[1].envelope);
}

#include "sync/server/postgres_schema.h"

#include <future>

// docs/sync-protocol.md, "PostgreSQL": re-offers take no lock, while a new envelope holds the seq
// lock (shared) from drawing its seq to its commit, so list() (exclusive) never pages past it.
TEST_CASE("on PostgreSQL a batch of re-offers is answered while list's seq lock is held, and new envelopes wait for it" *
          doctest::skip(!on_postgres())) {
    if (!on_postgres()) return;
    FreshLocation where;
    auto store = open_store(where);
    TestSigner signer(epoch_of(*store));
    std::vector<IncomingEnvelope> batch;
    for (long i = 0; i < 20; ++i) batch.push_back(make_envelope(300 + i));
    for (const auto& r : store->put_many(batch, signer.signer())) REQUIRE(r.ok());
    batch.push_back(make_envelope(305, 1));

    pqxx::connection holder(where.str());
    pqxx::work txn(holder);
    txn.exec_params("SELECT pg_advisory_xact_lock($1)", sync::pg::kSeqLock); // what list() takes
    auto reoffered = std::async(std::launch::async, [&] { return store->put_many(batch, signer.signer()); });
    const bool answered = reoffered.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    auto fresh = std::async(std::launch::async, [&] {
        return store->put_many({make_envelope(400), make_envelope(401)}, signer.signer());
    });
    const bool waited = fresh.wait_for(std::chrono::milliseconds(500)) == std::future_status::timeout;
    txn.abort();
    CHECK(answered);
    CHECK(waited);
    const auto results = reoffered.get();
    REQUIRE(results.size() == batch.size());
    for (std::size_t k = 0; k + 1 < batch.size(); ++k) {
        REQUIRE(results[k].ok());
        CHECK(results[k].value().outcome == PutOutcome::duplicate);
    }
    REQUIRE(results.back().ok());
    CHECK(results.back().value().outcome == PutOutcome::conflict);
    for (const auto& r : fresh.get()) {
        REQUIRE(r.ok());
        CHECK(r.value().outcome == PutOutcome::stored);
    }
    CHECK(store->count().value() == 22);
}
