// The shared ingest path (sync/server/ingest.h) with real sealed envelopes: every per-envelope result
// and reason of docs/sync-protocol.md, receipts that verify with the receipt key, duplicates answered
// with the original receipt, re-signing under a new restore epoch, clock flags, and a store failure
// answered `error` with nothing stored. Tamper cases of security-reliability.md §6.3: 6, 7, 9, 10, 22.
#include "server_test_support.h"

#include "sync/server/ingest.h"

using namespace selfdirect;
using namespace selfdirect::sync;
using namespace selfdirect::sync::server_testing;
using protocol::UploadResult;

namespace {

struct Fixture {
    TempDir dir;
    std::unique_ptr<EnvelopeStore> store = open_store(dir / "store.db");
    ReceiptKey key = make_receipt_key();
    std::int64_t clock = kNow;
    SyncMetrics metrics;
    Ingestor ingestor{*store, key.secret_key, [this] { return clock; }, &metrics};
    Device device = make_device("kiosk-1");

    Fixture() { enrol(*store, device); }
};

// An EnvelopeStore whose writes fail, as a full disk or a dropped database would.
class FailingStore final : public EnvelopeStore {
public:
    explicit FailingStore(EnvelopeStore& inner) : inner_(inner) {}
    Result<PutResult> put(const IncomingEnvelope&, const ReceiptSigner&) override {
        return make_error("sync.storage", "disk full");
    }
    Result<std::vector<StoredEnvelope>> list(std::int64_t a, std::size_t l) override { return inner_.list(a, l); }
    Result<std::optional<StoredEnvelope>> find(const std::string& r, std::uint32_t v) override {
        return inner_.find(r, v);
    }
    Result<std::int64_t> count() override { return inner_.count(); }
    Result<std::int64_t> count_conflicts() override { return inner_.count_conflicts(); }
    Result<std::optional<DeviceRecord>> device(const std::string& d) override { return inner_.device(d); }
    Result<void> add_enrolment_code(const EnrolmentCode& c) override { return inner_.add_enrolment_code(c); }
    Result<RedeemOutcome> redeem_enrolment_code(const vault::Bytes& h, const DeviceRecord& d, std::int64_t n) override {
        return inner_.redeem_enrolment_code(h, d, n);
    }
    Result<void> revoke_device(const std::string& d, std::int64_t n) override { return inner_.revoke_device(d, n); }
    Result<std::string> restore_epoch() override { return inner_.restore_epoch(); }
    Result<std::string> new_restore_epoch() override { return inner_.new_restore_epoch(); }

private:
    EnvelopeStore& inner_;
};

} // namespace

TEST_CASE("a new envelope is stored with a receipt that verifies and names what was sent") {
    Fixture f;
    const auto envelope = seal(f.device, "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10", 1);
    const auto out = f.ingestor.ingest(envelope, "kiosk-1", 3);
    CHECK(out.index == 3);
    REQUIRE(out.result == UploadResult::stored);
    CHECK(out.reason.empty());
    CHECK(out.record_id == "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10");
    CHECK(out.revision == 1);
    CHECK(out.envelope_hash == vault::envelope_hash(envelope));
    REQUIRE(out.receipt.has_value());
    CHECK(out.receipt->server_time == kNow);
    CHECK(out.receipt->restore_epoch == f.store->restore_epoch().value());
    CHECK(protocol::receipt_matches(*out.receipt, f.key.public_key, out.record_id, 1, out.envelope_hash));

    auto stored = f.store->find(out.record_id, 1);
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    CHECK(stored->value().seq == out.receipt->server_seq);
    CHECK(stored->value().envelope == envelope);
    CHECK(stored->value().receipt_signature == out.receipt->signature); // what was committed is what was sent
}

TEST_CASE("tamper 9: an exact replay is a duplicate with the byte-identical original receipt and no new record") {
    Fixture f;
    const auto envelope = seal(f.device);
    const auto first = f.ingestor.ingest(envelope, "kiosk-1", 0);
    REQUIRE(first.result == UploadResult::stored);
    f.clock += 3600; // later, the server clock has moved on
    const auto replay = f.ingestor.ingest(envelope, "kiosk-1", 0);
    CHECK(replay.result == UploadResult::duplicate);
    REQUIRE(replay.receipt.has_value());
    CHECK(protocol::to_json(*replay.receipt) == protocol::to_json(*first.receipt));
    CHECK(stored_count(*f.store) == 1);
}

TEST_CASE("a duplicate after a new restore epoch is re-signed with the new epoch and the original seq and time") {
    Fixture f;
    const auto envelope = seal(f.device);
    const auto first = f.ingestor.ingest(envelope, "kiosk-1", 0);
    REQUIRE(first.result == UploadResult::stored);
    const std::string epoch = f.store->new_restore_epoch().value();
    f.clock += 60;
    const auto again = f.ingestor.ingest(envelope, "kiosk-1", 0);
    REQUIRE(again.result == UploadResult::duplicate);
    REQUIRE(again.receipt.has_value());
    CHECK(again.receipt->restore_epoch == epoch);
    CHECK(again.receipt->restore_epoch != first.receipt->restore_epoch);
    CHECK(again.receipt->server_seq == first.receipt->server_seq);
    CHECK(again.receipt->server_time == first.receipt->server_time);
    CHECK(again.receipt->signature != first.receipt->signature);
    CHECK(protocol::receipt_signature_valid(*again.receipt, f.key.public_key));
}

TEST_CASE("a batch that commits after a new restore epoch answers with the epoch its receipts were stored under") {
    Fixture f;
    const std::string read_before = f.store->restore_epoch().value(); // as the server reads it per request
    const std::string restored = f.store->new_restore_epoch().value(); // then the council restores
    const auto out = f.ingestor.ingest_batch({seal(f.device)}, "kiosk-1", read_before);
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].result == UploadResult::stored);
    REQUIRE(out[0].receipt.has_value());
    CHECK(out[0].receipt->restore_epoch == restored);
    CHECK(protocol::receipt_signature_valid(*out[0].receipt, f.key.public_key));
    auto stored = f.store->find(out[0].record_id, 1);
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    CHECK(stored->value().receipt_epoch == restored);
    CHECK(stored->value().receipt_signature == out[0].receipt->signature);
}

TEST_CASE("tamper 10: a different envelope for a stored record and revision is a conflict, the original untouched") {
    Fixture f;
    const std::string id = new_record_id();
    const auto original = seal(f.device, id, 1, "first answers");
    const auto rival = seal(f.device, id, 1, "different answers");
    REQUIRE(f.ingestor.ingest(original, "kiosk-1", 0).result == UploadResult::stored);
    const auto out = f.ingestor.ingest(rival, "kiosk-1", 0);
    CHECK(out.result == UploadResult::conflict);
    CHECK(out.reason == "record.revision_exists");
    CHECK_FALSE(out.receipt.has_value());
    CHECK(out.envelope_hash == vault::envelope_hash(rival));
    CHECK(f.store->find(id, 1).value()->envelope == original);
    CHECK(f.store->count_conflicts().value() == 1);
    f.ingestor.ingest(rival, "kiosk-1", 0);
    CHECK(f.store->count_conflicts().value() == 1);
    // A new revision is not a conflict.
    CHECK(f.ingestor.ingest(seal(f.device, id, 2, "amended"), "kiosk-1", 0).result == UploadResult::stored);
}

TEST_CASE("tamper 6: an envelope signed by a key that is not enrolled for its device id is rejected") {
    Fixture f;
    const Device impostor = make_device("kiosk-1"); // same id, its own key
    const auto out = f.ingestor.ingest(seal(impostor), "kiosk-1", 0);
    CHECK(out.result == UploadResult::rejected);
    CHECK(out.reason == "device.key_mismatch");
    const Device stranger = make_device("kiosk-99");
    const auto unknown = f.ingestor.ingest(seal(stranger), "kiosk-99", 0);
    CHECK(unknown.result == UploadResult::rejected);
    CHECK(unknown.reason == "device.not_enrolled");
    CHECK(stored_count(*f.store) == 0);
}

TEST_CASE("tamper 7: a revoked device's new envelopes are rejected and what it sent before stays") {
    Fixture f;
    REQUIRE(f.ingestor.ingest(seal(f.device), "kiosk-1", 0).result == UploadResult::stored);
    REQUIRE(f.store->revoke_device("kiosk-1", kNow).ok());
    const auto out = f.ingestor.ingest(seal(f.device), "kiosk-1", 0);
    CHECK(out.result == UploadResult::rejected);
    CHECK(out.reason == "device.revoked");
    CHECK(stored_count(*f.store) == 1);
}

TEST_CASE("an envelope naming another device than the batch's sender is rejected") {
    Fixture f;
    const auto out = f.ingestor.ingest(seal(f.device, EnvelopeSpec{{}, 1, "a", kNow, "kiosk-2"}), "kiosk-1", 0);
    CHECK(out.result == UploadResult::rejected);
    CHECK(out.reason == "device.not_sender");
}

TEST_CASE("a broken envelope is rejected with the envelope reason and nothing is stored") {
    Fixture f;
    const auto good = seal(f.device);

    auto flipped = good;
    flipped[flipped.size() / 2] ^= 0x01; // inside the ciphertext: the signature no longer verifies
    CHECK(f.ingestor.ingest(flipped, "kiosk-1", 0).reason == "envelope.bad_signature");

    auto version = good;
    version[4] = 2;
    CHECK(f.ingestor.ingest(version, "kiosk-1", 0).reason == "envelope.unsupported_version");

    const std::string text = "definitely not an envelope";
    CHECK(f.ingestor.ingest(vault::Bytes(text.begin(), text.end()), "kiosk-1", 0).reason == "envelope.malformed");
    CHECK(f.ingestor.ingest(vault::Bytes{}, "kiosk-1", 0).reason == "envelope.malformed");
    auto truncated = good;
    truncated.resize(truncated.size() - 1);
    CHECK(f.ingestor.ingest(truncated, "kiosk-1", 0).reason == "envelope.malformed");

    CHECK(f.ingestor.ingest(vault::Bytes(protocol::kMaxEnvelopeBytes + 1, 0), "kiosk-1", 0).reason ==
          "envelope.too_large");
    CHECK(stored_count(*f.store) == 0);
    CHECK(f.ingestor.ingest(good, "kiosk-1", 0).result == UploadResult::stored);
}

TEST_CASE("an envelope whose record id is not a lower-case UUID or whose revision is over 2^31-1 is malformed") {
    Fixture f;
    const auto odd_id = f.ingestor.ingest(seal(f.device, "RECORD-1\n2", 1), "kiosk-1", 0);
    CHECK(odd_id.result == UploadResult::rejected);
    CHECK(odd_id.reason == "envelope.malformed");
    const auto upper = f.ingestor.ingest(seal(f.device, "0B8F4A52-3C1E-4D7A-9E62-5F0C2D9B7A10", 1), "kiosk-1", 0);
    CHECK(upper.reason == "envelope.malformed");
    const auto huge = f.ingestor.ingest(seal(f.device, new_record_id(), 0x80000000u), "kiosk-1", 0);
    CHECK(huge.reason == "envelope.malformed");
    CHECK(f.ingestor.ingest(seal(f.device, new_record_id(), 0x7fffffffu), "kiosk-1", 0).result ==
          UploadResult::stored);
    CHECK(stored_count(*f.store) == 1);
}

TEST_CASE("tamper 22: a clock far in the future or past is accepted, flagged, and the receipt uses server time") {
    Fixture f;
    const auto future = seal(f.device, EnvelopeSpec{{}, 1, "a", kNow + 25 * 3600, {}});
    const auto past = seal(f.device, EnvelopeSpec{{}, 1, "b", kNow - 401LL * 24 * 3600, {}});
    const auto near = seal(f.device, EnvelopeSpec{{}, 1, "c", kNow + 23 * 3600, {}});
    const auto out_future = f.ingestor.ingest(future, "kiosk-1", 0);
    const auto out_past = f.ingestor.ingest(past, "kiosk-1", 1);
    const auto out_near = f.ingestor.ingest(near, "kiosk-1", 2);
    REQUIRE(out_future.result == UploadResult::stored);
    REQUIRE(out_past.result == UploadResult::stored);
    REQUIRE(out_near.result == UploadResult::stored);
    CHECK(out_future.receipt->server_time == kNow);
    CHECK(out_past.receipt->server_time == kNow);
    CHECK(f.store->find(out_future.record_id, 1).value()->clock_flag == "future");
    CHECK(f.store->find(out_past.record_id, 1).value()->clock_flag == "past");
    CHECK(f.store->find(out_near.record_id, 1).value()->clock_flag.empty());
    const auto metrics = nlohmann::json::parse(f.metrics.to_json());
    CHECK(metrics["clock_flags"]["future"] == 1);
    CHECK(metrics["clock_flags"]["past"] == 1);
}

TEST_CASE("a store that cannot commit answers error with no receipt, and nothing is stored") {
    Fixture f;
    FailingStore failing(*f.store);
    Ingestor ingestor(failing, f.key.secret_key, [] { return kNow; });
    const auto out = ingestor.ingest(seal(f.device), "kiosk-1", 0);
    CHECK(out.result == UploadResult::error);
    CHECK(out.reason == "server.storage");
    CHECK_FALSE(out.receipt.has_value());
    CHECK(stored_count(*f.store) == 0);
}

TEST_CASE("ingest counts each result in the metrics") {
    Fixture f;
    const auto envelope = seal(f.device);
    f.ingestor.ingest(envelope, "kiosk-1", 0);
    f.ingestor.ingest(envelope, "kiosk-1", 0);
    f.ingestor.ingest(seal(make_device("x")), "x", 0);
    const auto metrics = nlohmann::json::parse(f.metrics.to_json());
    CHECK(metrics["results"]["stored"] == 1);
    CHECK(metrics["results"]["duplicate"] == 1);
    CHECK(metrics["results"]["rejected"] == 1);
    CHECK(metrics["rejected_by_reason"]["device.not_enrolled"] == 1);
}

TEST_CASE("a batch is checked envelope by envelope and stored together, outcomes in request order") {
    Fixture f;
    const auto a = seal(f.device);
    const auto b = seal(f.device);
    const Device impostor = make_device("kiosk-1");
    const std::string junk = "junk";
    const auto outcomes = f.ingestor.ingest_batch({a, vault::Bytes(junk.begin(), junk.end()), vault::Bytes{}, seal(impostor), b, a},
                                                  "kiosk-1", f.store->restore_epoch().value(), {2});
    REQUIRE(outcomes.size() == 6);
    for (std::size_t i = 0; i < outcomes.size(); ++i) CHECK(outcomes[i].index == i);
    CHECK(outcomes[0].result == UploadResult::stored);
    CHECK(outcomes[1].reason == "envelope.malformed");
    CHECK(outcomes[2].reason == "envelope.too_large");
    CHECK(outcomes[3].reason == "device.key_mismatch");
    CHECK(outcomes[4].result == UploadResult::stored);
    CHECK(outcomes[5].result == UploadResult::duplicate);
    CHECK(protocol::to_json(*outcomes[5].receipt) == protocol::to_json(*outcomes[0].receipt));
    // What the store kept is what the batch answered.
    CHECK(f.store->find(outcomes[4].record_id, 1).value()->receipt_signature == outcomes[4].receipt->signature);
    CHECK(protocol::receipt_signature_valid(*outcomes[4].receipt, f.key.public_key));
    CHECK(stored_count(*f.store) == 2);
}

TEST_CASE("a batch from an unknown or revoked device is refused envelope by envelope without a store write") {
    Fixture f;
    const Device stranger = make_device("kiosk-77");
    for (const auto& o : f.ingestor.ingest_batch({seal(stranger), seal(stranger)}, "kiosk-77", "e")) {
        CHECK(o.reason == "device.not_enrolled");
    }
    REQUIRE(f.store->revoke_device("kiosk-1", kNow).ok());
    for (const auto& o : f.ingestor.ingest_batch({seal(f.device)}, "kiosk-1", "e")) CHECK(o.reason == "device.revoked");
    CHECK(stored_count(*f.store) == 0);
}

TEST_CASE("a batch whose store cannot commit answers error for every envelope that reached it") {
    Fixture f;
    FailingStore failing(*f.store);
    Ingestor ingestor(failing, f.key.secret_key, [] { return kNow; });
    const std::string junk = "junk";
    const auto outcomes =
        ingestor.ingest_batch({seal(f.device), vault::Bytes(junk.begin(), junk.end()), seal(f.device)}, "kiosk-1", "e");
    CHECK(outcomes[0].result == UploadResult::error);
    CHECK(outcomes[1].reason == "envelope.malformed");
    CHECK(outcomes[2].result == UploadResult::error);
    CHECK(stored_count(*f.store) == 0);
}
