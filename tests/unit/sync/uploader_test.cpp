// The device side of sync v2 against canned receivers (a small httplib server answering with
// sync_wire's own encoders) and against the real SyncServer on loopback: enrolment checks the pinned
// receipt key; rows go safeguarding first in batches of 50; a row is ACKED only with a receipt that
// verifies with the pinned key and names what was sent (tamper case 15); conflict/rejected are held;
// failures back off with jitter; a new restore epoch re-offers retained rows; purge waits for retention.
#include "sync/client/backoff.h"
#include "sync/client/uploader.h"
#include "sync/protocol/sync_wire.h"
#include "sync/server/envelope_store.h"
#include "sync/server/receipt_key.h"
#include "sync/server/sync_server.h"
#include "vault/device_vault.h"
#include "vault/envelope.h"
#include "vault/signature.h"
#include "../vault/test_dir.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

using namespace selfdirect;
using namespace selfdirect::sync;

namespace {

constexpr std::int64_t kT0 = 1795000000;
constexpr std::int64_t kDay = 86400;

using Dir = vault::testing::TestDir; // a fresh temp dir per test

const vault::CouncilPublicKey& council() {
    static const vault::CouncilPublicKey key = [] {
        auto pair = vault::generate_council_keypair("test-council");
        REQUIRE(pair.ok());
        return vault::CouncilPublicKey{pair->key_id, pair->public_key};
    }();
    return key;
}

std::unique_ptr<vault::DeviceVault> open_device(const std::filesystem::path& dir, const std::string& id = "kiosk-1") {
    auto device = vault::DeviceVault::open(dir, id);
    REQUIRE_MESSAGE(device.ok(), (device.ok() ? "" : device.error().message));
    return std::move(device).value();
}

vault::OutboxEntry submit(vault::DeviceVault& device, bool safeguarding = false) {
    auto s = device.begin_session();
    REQUIRE(s.ok());
    auto entry = device.submit(*s, vault::SecureBytes::from_string(R"({"resourceType":"QuestionnaireResponse"})"),
                               "SKEL-1", "1", council(), safeguarding);
    REQUIRE(entry.ok());
    return std::move(entry).value();
}

// The receiver's side of a canned exchange: a receipt key, an epoch, and what each envelope gets.
struct Canned {
    vault::SignKeyPair key = vault::generate_sign_keypair();
    std::string epoch = "0123456789abcdef";
    std::int64_t seq = 0;
    // Per envelope: default "stored" with a good receipt; tests override.
    std::function<protocol::EnvelopeOutcome(const vault::EnvelopeHeader&, const std::string& hash, std::size_t index)> decide;

    protocol::Receipt receipt(const std::string& record_id, std::uint32_t revision, const std::string& hash) {
        protocol::Receipt r{record_id, revision, hash, ++seq, kT0, epoch, {}};
        auto sig = protocol::sign_receipt(r, key.secret_key);
        REQUIRE(sig.ok());
        r.signature = std::move(sig).value();
        return r;
    }
    protocol::EnvelopeOutcome stored(const vault::EnvelopeHeader& h, const std::string& hash, std::size_t index) {
        protocol::EnvelopeOutcome o;
        o.index = index;
        o.result = protocol::UploadResult::stored;
        o.record_id = h.record_id;
        o.revision = h.revision;
        o.envelope_hash = hash;
        o.receipt = receipt(h.record_id, h.revision, hash);
        return o;
    }
};

// A tiny receiver on 127.0.0.1 speaking v2 with canned answers, recording every upload.
class CannedReceiver {
public:
    explicit CannedReceiver(Canned& canned) : canned_(canned) {
        server_.Post(protocol::kUploadPath, [this](const httplib::Request& req, httplib::Response& res) {
            auto request = protocol::parse_upload_request(req.body);
            REQUIRE(request.ok());
            std::lock_guard lock(mutex_);
            batches_.push_back({});
            protocol::UploadResponse answer;
            answer.restore_epoch = canned_.epoch;
            answer.server_time = kT0;
            for (std::size_t i = 0; i < request->envelopes.size(); ++i) {
                const auto& bytes = request->envelopes[i];
                auto header = vault::verify_envelope(bytes);
                REQUIRE(header.ok());
                const std::string hash = vault::envelope_hash(bytes);
                batches_.back().push_back(header->record_id);
                answer.results.push_back(canned_.decide ? canned_.decide(*header, hash, i) : canned_.stored(*header, hash, i));
            }
            if (status_ != 200) {
                res.status = status_;
                res.set_content(protocol::rejection_json("error", protocol::reason::kStorage), protocol::kJsonContentType);
                return;
            }
            res.set_content(protocol::to_json(answer), protocol::kJsonContentType);
        });
        server_.Post(protocol::kEnrolPath, [this](const httplib::Request& req, httplib::Response& res) {
            auto request = protocol::parse_enrol_request(req.body);
            REQUIRE(request.ok());
            std::lock_guard lock(mutex_);
            enrol_requests_.push_back(*request);
            protocol::EnrolResponse answer;
            answer.device_id = request->device_id;
            answer.restore_epoch = canned_.epoch;
            answer.receipt_key = enrol_claims_key_.empty() ? canned_.key.public_key : enrol_claims_key_;
            auto sig = vault::sign_detached(
                protocol::enrolled_signed_text(request->device_id, request->sign_public_key, canned_.epoch),
                enrol_signs_with_ ? *enrol_signs_with_ : canned_.key.secret_key);
            REQUIRE(sig.ok());
            answer.signature = std::move(sig).value();
            res.set_content(protocol::to_json(answer), protocol::kJsonContentType);
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~CannedReceiver() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<std::vector<std::string>> batches() {
        std::lock_guard lock(mutex_);
        return batches_;
    }
    std::vector<protocol::EnrolRequest> enrolments() {
        std::lock_guard lock(mutex_);
        return enrol_requests_;
    }
    void set_status(int status) { status_ = status; }
    void enrol_claims_key(vault::Bytes key) { enrol_claims_key_ = std::move(key); }
    void enrol_signs_with(const vault::SecureBytes* key) { enrol_signs_with_ = key; }

private:
    Canned& canned_;
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    int status_ = 200;
    vault::Bytes enrol_claims_key_;
    const vault::SecureBytes* enrol_signs_with_ = nullptr;
    std::mutex mutex_;
    std::vector<std::vector<std::string>> batches_;
    std::vector<protocol::EnrolRequest> enrol_requests_;
};

struct FakeClock {
    std::int64_t now = kT0;
    ClientHooks hooks() {
        return ClientHooks{[this] { return now; }, [] { return 0.0; }};
    }
};

ClientConfig config_for(const std::string& url, const Canned& canned) {
    ClientConfig config;
    config.base_url = url;
    config.receipt_key = canned.key.public_key;
    config.enrolment_code = "7G2K-QM4T-X9PA-HW3D";
    return config;
}

std::size_t pending(vault::DeviceVault& device) {
    auto rows = device.pending_outbox();
    REQUIRE(rows.ok());
    return rows->size();
}

// The code of a report's last problem ("" none).
std::string code_of(const UploadReport& report) { return report.last_error ? report.last_error->code : std::string(); }

UploadReport pass(SyncClient& client) {
    auto report = client.sync_once();
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
    return std::move(report).value();
}

} // namespace

TEST_CASE("the backoff doubles from 5 s to a 3600 s cap and is jittered down to half") {
    CHECK(backoff_seconds(1, 0.999999) == 5);
    CHECK(backoff_seconds(1, 0.0) == 3); // 2.5 s, rounded
    CHECK(backoff_seconds(2, 0.0) == 5);
    CHECK(backoff_seconds(3, 0.5) == 15);
    CHECK(backoff_seconds(4, 0.999999) == 40);
    CHECK(backoff_seconds(11, 0.999999) == 3600);
    CHECK(backoff_seconds(400, 0.0) == 1800);
    CHECK(backoff_seconds(0, 0.0) == 3);
    for (int n = 1; n < 40; ++n) {
        CHECK(backoff_seconds(n, 0.0) >= 1);
        CHECK(backoff_seconds(n, 0.999999) <= 3600);
    }
}

TEST_CASE("enrolment sends a proof made with the device key and accepts only the pinned receiver") {
    Dir dir;
    Canned canned;
    CannedReceiver receiver(canned);
    auto device = open_device(dir / "device");
    FakeClock clock;
    SyncClient client(*device, config_for(receiver.url(), canned), clock.hooks());
    REQUIRE(client.enrol().ok());
    const auto sent = receiver.enrolments();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].code == "7G2K-QM4T-X9PA-HW3D");
    CHECK(vault::verify_detached(protocol::enrol_proof_text(sent[0]), sent[0].proof, device->identity().sign_public_key));
    auto state = device->sync_state();
    REQUIRE(state.ok());
    CHECK(state->enrolled_with(canned.key.public_key));
    CHECK(state->restore_epoch == canned.epoch);
}

TEST_CASE("enrolment refuses an answer from another receipt key or one not signed by the pinned key") {
    Dir dir;
    Canned canned;
    const auto impostor = vault::generate_sign_keypair();
    for (int variant = 0; variant < 2; ++variant) {
        CAPTURE(variant);
        CannedReceiver receiver(canned);
        if (variant == 0) {
            receiver.enrol_claims_key(impostor.public_key);
            receiver.enrol_signs_with(&impostor.secret_key);
        } else {
            receiver.enrol_signs_with(&impostor.secret_key); // claims the pinned key, cannot sign for it
        }
        auto device = open_device(dir / ("device" + std::to_string(variant)));
        submit(*device);
        FakeClock clock;
        SyncClient client(*device, config_for(receiver.url(), canned), clock.hooks());
        auto enrolled = client.enrol();
        REQUIRE_FALSE(enrolled.ok());
        CHECK(enrolled.error().code == "sync.wrong_receiver");
        auto report = pass(client); // the pass tries to enrol, fails the same way, sends nothing
        CHECK(code_of(report) == "sync.wrong_receiver");
        CHECK(receiver.batches().empty());
        CHECK(pending(*device) == 1);
        auto state = device->sync_state();
        REQUIRE(state.ok());
        CHECK_FALSE(state->enrolled_with(canned.key.public_key));
    }
}

TEST_CASE("a pass enrols, then sends safeguarding rows first in batches of 50 and acknowledges each with its receipt") {
    Dir dir;
    Canned canned;
    CannedReceiver receiver(canned);
    auto device = open_device(dir / "device");
    std::vector<std::string> order;
    std::vector<std::string> flagged;
    for (int i = 0; i < 120; ++i) {
        const auto e = submit(*device, i % 40 == 39);
        (i % 40 == 39 ? flagged : order).push_back(e.record_id);
    }
    order.insert(order.begin(), flagged.begin(), flagged.end());
    FakeClock clock;
    SyncClient client(*device, config_for(receiver.url(), canned), clock.hooks());
    const auto report = pass(client);
    CHECK(report.enrolled_now);
    CHECK(report.pending == 120);
    CHECK(report.acknowledged == 120);
    CHECK(report.failed == 0);
    CHECK_FALSE(report.last_error.has_value());
    CHECK(report.status.acked == 120);
    CHECK(report.status.queued == 0);
    CHECK(report.status.last_success_unix == kT0);
    const auto batches = receiver.batches();
    REQUIRE(batches.size() == 3);
    CHECK(batches[0].size() == 50);
    CHECK(batches[1].size() == 50);
    CHECK(batches[2].size() == 20);
    std::vector<std::string> sent;
    for (const auto& b : batches) sent.insert(sent.end(), b.begin(), b.end());
    CHECK(sent == order);
    CHECK(pending(*device) == 0);
    // Kept, not deleted: the envelopes stay until the retention has passed.
    CHECK(report.purged == 0);
    // Another pass sends nothing: a stored receipt means never sent again.
    CHECK(pass(client).pending == 0);
    CHECK(receiver.batches().size() == 3);
}

TEST_CASE("tamper case 15: an unsigned, wrongly signed or mismatched receipt acknowledges and purges nothing") {
    Dir dir;
    Canned canned;
    const auto other_key = vault::generate_sign_keypair();
    int variant = 0;
    canned.decide = [&](const vault::EnvelopeHeader& h, const std::string& hash, std::size_t index) {
        auto outcome = canned.stored(h, hash, index);
        switch (variant) {
        case 0: outcome.receipt.reset(); break; // no receipt at all
        case 1: outcome.receipt->signature = vault::Bytes(64, 0); break; // unsigned
        case 2: { // signed by a key that is not the pin
            auto sig = protocol::sign_receipt(*outcome.receipt, other_key.secret_key);
            REQUIRE(sig.ok());
            outcome.receipt->signature = *sig;
            break;
        }
        case 3: { // validly signed, for another hash
            outcome.receipt = canned.receipt(h.record_id, h.revision, std::string(64, 'a'));
            break;
        }
        case 4: { // validly signed, for another record
            outcome.receipt = canned.receipt("00000000-0000-4000-8000-000000000000", h.revision, hash);
            break;
        }
        case 5: { // validly signed, for another revision
            outcome.receipt = canned.receipt(h.record_id, h.revision + 1, hash);
            break;
        }
        }
        return outcome;
    };
    CannedReceiver receiver(canned);
    for (variant = 0; variant < 6; ++variant) {
        CAPTURE(variant);
        auto device = open_device(dir / ("device" + std::to_string(variant)));
        const auto entry = submit(*device);
        FakeClock clock;
        SyncClient client(*device, config_for(receiver.url(), canned), clock.hooks());
        auto report = pass(client);
        CHECK(report.acknowledged == 0);
        CHECK(report.failed == 1);
        CHECK(code_of(report) == "sync.bad_receipt");
        auto receipt = device->receipt_for(entry.record_id, 1);
        REQUIRE(receipt.ok());
        CHECK_FALSE(receipt->has_value());
        // Long after any retention, nothing is purged and the row is still there to send.
        clock.now += 400 * kDay;
        report = pass(client);
        CHECK(report.purged == 0);
        CHECK(pending(*device) == 1);
        CHECK(report.status.acked == 0);
        CHECK(report.status.sending == 1);
    }
}

TEST_CASE("conflict and rejected rows are held for staff while the rest of the batch is acknowledged") {
    Dir dir;
    Canned canned;
    canned.decide = [&](const vault::EnvelopeHeader& h, const std::string& hash, std::size_t index) {
        if (index == 0) {
            protocol::EnvelopeOutcome o;
            o.index = index;
            o.result = protocol::UploadResult::conflict;
            o.record_id = h.record_id;
            o.revision = h.revision;
            o.envelope_hash = hash;
            o.reason = protocol::reason::kRevisionExists;
            return o;
        }
        if (index == 1) {
            protocol::EnvelopeOutcome o;
            o.index = index;
            o.result = protocol::UploadResult::rejected;
            o.reason = protocol::reason::kBadSignature;
            return o;
        }
        return canned.stored(h, hash, index);
    };
    CannedReceiver receiver(canned);
    auto device = open_device(dir / "device");
    for (int i = 0; i < 4; ++i) submit(*device);
    FakeClock clock;
    SyncClient client(*device, config_for(receiver.url(), canned), clock.hooks());
    const auto report = pass(client);
    CHECK(report.acknowledged == 2);
    CHECK(report.held == 2);
    CHECK(report.status.held == 2);
    CHECK(report.status.acked == 2);
    CHECK(pending(*device) == 0);
    CHECK(pass(client).pending == 0); // held rows are not retried automatically
    CHECK(receiver.batches().size() == 1);
}

TEST_CASE("an error answer or no receiver backs off with jitter, and a success resets the backoff") {
    Dir dir;
    Canned canned;
    bool fail = true;
    canned.decide = [&](const vault::EnvelopeHeader& h, const std::string& hash, std::size_t index) {
        if (!fail) return canned.stored(h, hash, index);
        protocol::EnvelopeOutcome o;
        o.index = index;
        o.result = protocol::UploadResult::error;
        o.reason = protocol::reason::kStorage;
        return o;
    };
    CannedReceiver receiver(canned);
    auto device = open_device(dir / "device");
    submit(*device);
    FakeClock clock;
    SyncClient client(*device, config_for(receiver.url(), canned), clock.hooks());
    auto report = pass(client);
    CHECK(report.failed == 1);
    CHECK(code_of(report) == "sync.error");
    CHECK(report.receiver_reason == "server.storage");
    auto state = device->sync_state();
    REQUIRE(state.ok());
    CHECK(state->consecutive_failures == 1);
    CHECK(state->next_attempt_unix == kT0 + 3); // 5 s × 0.5, the lowest jitter
    // Inside the backoff nothing is sent.
    clock.now = kT0 + 2;
    report = pass(client);
    CHECK(report.backed_off);
    CHECK(receiver.batches().size() == 1);
    clock.now = kT0 + 3;
    report = pass(client);
    CHECK(receiver.batches().size() == 2);
    state = device->sync_state();
    REQUIRE(state.ok());
    CHECK(state->consecutive_failures == 2);
    CHECK(state->next_attempt_unix == kT0 + 3 + 5);
    // HTTP 503 for the whole batch counts the same way.
    receiver.set_status(503);
    clock.now = kT0 + 8;
    report = pass(client);
    CHECK(code_of(report) == "sync.refused");
    CHECK(report.receiver_reason == "server.storage");
    CHECK(report.last_error->message.find("HTTP 503") != std::string::npos);
    state = device->sync_state();
    REQUIRE(state.ok());
    CHECK(state->consecutive_failures == 3);
    CHECK(state->next_attempt_unix == kT0 + 8 + 10);
    receiver.set_status(200);
    fail = false;
    clock.now = kT0 + 18;
    report = pass(client);
    CHECK(report.acknowledged == 1);
    state = device->sync_state();
    REQUIRE(state.ok());
    CHECK(state->consecutive_failures == 0);
    CHECK(state->next_attempt_unix == 0);
    CHECK_FALSE(report.status.last_error.has_value());

    // No receiver at all: a transport failure, backed off the same way.
    Dir other;
    auto lonely = open_device(other / "device");
    submit(*lonely);
    REQUIRE(lonely->note_enrolled(canned.key.public_key, canned.epoch, kT0).ok());
    ClientConfig dead = config_for("http://127.0.0.1:1", canned);
    SyncClient nowhere(*lonely, dead, clock.hooks());
    report = pass(nowhere);
    CHECK(code_of(report) == "sync.network");
    CHECK(report.status.sending == 1);
    auto lonely_state = lonely->sync_state();
    REQUIRE(lonely_state.ok());
    CHECK(lonely_state->next_attempt_unix == clock.now + 3);
}

namespace {

// A TCP listener on 127.0.0.1 that the kernel completes connections to but nobody ever answers
// (never accept()ed); or, with `hang_up`, one that accepts each connection and closes it at once.
class SilentReceiver {
public:
    explicit SilentReceiver(bool hang_up = false) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        REQUIRE(::listen(fd_, 8) == 0);
        socklen_t size = sizeof addr;
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &size) == 0);
        port_ = ntohs(addr.sin_port);
        if (hang_up) {
            thread_ = std::thread([fd = fd_] {
                const int conn = ::accept(fd, nullptr, nullptr);
                if (conn >= 0) ::close(conn);
            });
        }
    }
    ~SilentReceiver() {
        ::shutdown(fd_, SHUT_RDWR); // wakes a pending accept()
        if (thread_.joinable()) thread_.join();
        ::close(fd_);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    int fd_ = -1;
    int port_ = 0;
    std::thread thread_;
};

} // namespace

TEST_CASE("a receiver that takes the connection but never answers is sync.timeout, told apart from one that hangs up (sync.network)") {
    Canned canned;
    for (const bool hang_up : {false, true}) {
        CAPTURE(hang_up);
        Dir dir;
        SilentReceiver receiver(hang_up);
        auto device = open_device(dir / "device");
        submit(*device);
        REQUIRE(device->note_enrolled(canned.key.public_key, canned.epoch, kT0).ok());
        ClientConfig config = config_for(receiver.url(), canned);
        config.connect_timeout_seconds = 1;
        // Short for the silent receiver; long for the one that hangs up, so a slow accept() under load
        // cannot pass for a timeout.
        config.read_write_timeout_seconds = hang_up ? 10 : 1;
        FakeClock clock;
        SyncClient client(*device, config, clock.hooks());
        const auto started = std::chrono::steady_clock::now();
        const auto report = pass(client);
        const auto took = std::chrono::steady_clock::now() - started;
        CHECK(code_of(report) == (hang_up ? "sync.network" : "sync.timeout"));
        CHECK(report.receiver_reason.empty()); // nothing came from the receiver
        CHECK(report.failed == 1);
        CHECK(report.status.sending == 1); // backed off like any transport failure
        CHECK(took < std::chrono::seconds(5)); // the test's timeout, not the default 30 s; a hang-up at once
        // Kept as it was, for staff after a restart.
        auto state = device->sync_state();
        REQUIRE(state.ok());
        REQUIRE(state->last_error.has_value());
        CHECK(state->last_error->code == code_of(report));
    }
}

TEST_CASE("a server address that cannot be used is sync.bad_url, before enrolling and after") {
    Canned canned;
    for (const char* url : {"http://", "https://:8470", "ftp://sync.example.gov.uk"}) { // ftp: httplib would throw
        CAPTURE(url);
        Dir dir;
        auto device = open_device(dir / "device");
        submit(*device);
        FakeClock clock;
        SyncClient client(*device, config_for(url, canned), clock.hooks());
        CHECK(code_of(pass(client)) == "sync.bad_url"); // while enrolling: not "sync.network" with the words inside
        clock.now += 7200;
        REQUIRE(device->note_enrolled(canned.key.public_key, canned.epoch, kT0).ok());
        CHECK(code_of(pass(client)) == "sync.bad_url"); // while uploading
    }
}

TEST_CASE("a receipt under a new restore epoch re-offers every retained row, and purge waits for the retention") {
    Dir dir;
    Canned canned;
    CannedReceiver receiver(canned);
    auto device = open_device(dir / "device");
    std::vector<std::string> first;
    for (int i = 0; i < 3; ++i) first.push_back(submit(*device).record_id);
    FakeClock clock;
    SyncClient client(*device, config_for(receiver.url(), canned), clock.hooks());
    CHECK(pass(client).acknowledged == 3);

    // The receiver's store is restored from a backup: a new epoch. The next receipt carries it.
    canned.epoch = "fedcba9876543210";
    const auto later = submit(*device);
    clock.now += kDay;
    const auto report = pass(client);
    CHECK(report.acknowledged == 4); // the new record, then the three retained ones again
    const auto batches = receiver.batches();
    REQUIRE(batches.size() == 3);
    CHECK(batches[1] == std::vector<std::string>{later.record_id});
    CHECK(batches[2] == first);
    CHECK(report.status.acked == 4);
    CHECK(report.status.restore_epoch == canned.epoch);

    // Purged only once retention_days have passed since the receipts (14 by default).
    clock.now += 13 * kDay;
    CHECK(pass(client).purged == 0);
    clock.now += kDay;
    const auto purged = pass(client);
    CHECK(purged.purged == 4);
    CHECK(purged.status.purged == 4);
    CHECK(purged.status.acked == 0);
}

TEST_CASE("a device.not_enrolled rejection holds nothing and makes the device enrol again") {
    Dir dir;
    Canned canned;
    bool forgotten = true;
    canned.decide = [&](const vault::EnvelopeHeader& h, const std::string& hash, std::size_t index) {
        if (!forgotten) return canned.stored(h, hash, index);
        protocol::EnvelopeOutcome o;
        o.index = index;
        o.result = protocol::UploadResult::rejected;
        o.reason = protocol::reason::kNotEnrolled;
        return o;
    };
    CannedReceiver receiver(canned);
    auto device = open_device(dir / "device");
    submit(*device);
    FakeClock clock;
    SyncClient client(*device, config_for(receiver.url(), canned), clock.hooks());
    auto report = pass(client);
    CHECK(report.held == 0);
    CHECK(report.status.held == 0);
    CHECK(receiver.enrolments().size() == 1);
    forgotten = false;
    clock.now += 3600;
    report = pass(client);
    CHECK(receiver.enrolments().size() == 2);
    CHECK(report.acknowledged == 1);
}

TEST_CASE("without a receipt key or an enrolment code nothing is sent and the profile problem is reported") {
    Dir dir;
    Canned canned;
    CannedReceiver receiver(canned);
    auto device = open_device(dir / "device");
    submit(*device);
    FakeClock clock;
    ClientConfig no_code = config_for(receiver.url(), canned);
    no_code.enrolment_code.clear();
    SyncClient client(*device, no_code, clock.hooks());
    auto report = pass(client);
    CHECK(code_of(report) == "sync.config");
    ClientConfig no_pin = config_for(receiver.url(), canned);
    no_pin.receipt_key.clear();
    SyncClient unpinned(*device, no_pin, clock.hooks());
    report = pass(unpinned);
    CHECK(code_of(report) == "sync.config");
    CHECK(receiver.batches().empty());
    CHECK(receiver.enrolments().empty());
}

namespace {

// The real receiver on loopback over a temporary SQLite store, with a receipt key and one enrolment code.
class RealReceiver {
public:
    RealReceiver(const std::filesystem::path& dir, const std::string& device_id, SyncServerOptions options = {})
        : tls_(!options.tls_cert_file.empty()) {
        std::filesystem::create_directories(dir);
        auto store = open_sqlite_envelope_store(dir / "server.db", StoreOptions{});
        REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
        store_ = std::move(store).value();
        auto pair = vault::generate_sign_keypair();
        key_.public_key = pair.public_key;
        key_.secret_key = std::move(pair.secret_key);
        const auto code = protocol::generate_enrolment_code();
        code_ = std::string(code.view());
        const auto normalised = protocol::normalise_enrolment_code(code_);
        REQUIRE(normalised.has_value());
        EnrolmentCode issued;
        issued.code_hash = protocol::enrolment_code_hash(*normalised);
        issued.device_id = device_id;
        issued.expires_unix = static_cast<std::int64_t>(std::time(nullptr)) + 3600;
        REQUIRE(store_->add_enrolment_code(issued).ok());
        server_ = std::make_unique<SyncServer>(*store_, key_, [](std::string_view) {}, options);
        REQUIRE(server_->bind("127.0.0.1", 0));
        thread_ = std::thread([this] { server_->run(); });
    }
    ~RealReceiver() {
        server_->stop();
        thread_.join();
    }
    std::string url() const { return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(server_->port()); }
    const vault::Bytes& receipt_key() const { return key_.public_key; }
    const std::string& code() const { return code_; }
    EnvelopeStore& store() { return *store_; }

private:
    bool tls_ = false;
    std::unique_ptr<EnvelopeStore> store_;
    ReceiptKey key_;
    std::string code_;
    std::unique_ptr<SyncServer> server_;
    std::thread thread_;
};

} // namespace

TEST_CASE("against the real receiver: enrol with a code, upload with verified receipts, re-offer after a restore") {
    Dir dir;
    RealReceiver receiver(dir / "server", "kiosk-1");
    auto device = open_device(dir / "device");
    std::vector<vault::OutboxEntry> sent;
    for (int i = 0; i < 3; ++i) sent.push_back(submit(*device, i == 2));
    ClientConfig config;
    config.base_url = receiver.url();
    config.receipt_key = receiver.receipt_key();
    config.enrolment_code = receiver.code();
    SyncClient client(*device, config);

    auto report = pass(client);
    CHECK(report.enrolled_now);
    CHECK(report.acknowledged == 3);
    CHECK_FALSE(report.last_error.has_value());
    CHECK(receiver.store().count().value() == 3);
    for (const auto& e : sent) {
        auto receipt = device->receipt_for(e.record_id, 1);
        REQUIRE(receipt.ok());
        REQUIRE(receipt->has_value());
        auto stored = receiver.store().find(e.record_id, 1);
        REQUIRE(stored.ok());
        REQUIRE(stored->has_value());
        CHECK((*stored)->envelope_hash == e.envelope_hash);
        CHECK((*receipt)->server_seq == (*stored)->seq);
    }

    // The store is restored from a backup: a new epoch. A new record's receipt carries it, and the
    // three retained records are offered again, answered as duplicates, and stored once.
    auto epoch = receiver.store().new_restore_epoch();
    REQUIRE(epoch.ok());
    submit(*device);
    report = pass(client);
    CHECK(report.acknowledged == 4);
    CHECK(report.status.restore_epoch == *epoch);
    CHECK(report.status.acked == 4);
    CHECK(receiver.store().count().value() == 4);

    // A device pinning another receipt key refuses this receiver at enrolment.
    auto other = open_device(dir / "other", "kiosk-2");
    submit(*other);
    ClientConfig wrong = config;
    wrong.receipt_key = vault::generate_sign_keypair().public_key;
    SyncClient impostor_client(*other, wrong);
    CHECK(impostor_client.enrol().error().code == "sync.enrol_rejected"); // the code is for kiosk-1 anyway
}

namespace {

void make_certificate(const std::filesystem::path& cert, const std::filesystem::path& key) {
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                                "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
                                key.string() + "' -out '" + cert.string() + "' >/dev/null 2>&1";
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, "the openssl CLI could not make a test certificate");
}

} // namespace

TEST_CASE("over HTTPS the device trusts exactly sync.ca_file: with it records are acknowledged, without it nothing is sent") {
    Dir dir;
    std::filesystem::create_directories(dir / "tls");
    make_certificate(dir / "tls/cert.pem", dir / "tls/key.pem");
    make_certificate(dir / "tls/other.pem", dir / "tls/other.key");
    SyncServerOptions options;
    options.tls_cert_file = (dir / "tls/cert.pem").string();
    options.tls_key_file = (dir / "tls/key.pem").string();
    RealReceiver receiver(dir / "server", "kiosk-1", options);
    REQUIRE(receiver.url().rfind("https://", 0) == 0);
    auto device = open_device(dir / "device");
    submit(*device);
    ClientConfig config;
    config.base_url = receiver.url();
    config.receipt_key = receiver.receipt_key();
    config.enrolment_code = receiver.code();

    for (const char* ca : {"", "other.pem"}) {
        CAPTURE(ca);
        ClientConfig untrusting = config;
        if (*ca) untrusting.ca_file = dir / "tls" / ca;
        SyncClient client(*device, untrusting);
        auto enrolled = client.enrol();
        REQUIRE_FALSE(enrolled.ok());
        CHECK(enrolled.error().code == "sync.network");
    }
    config.ca_file = dir / "tls/cert.pem";
    SyncClient client(*device, config);
    const auto report = pass(client);
    CHECK(report.enrolled_now);
    CHECK(report.acknowledged == 1);
    CHECK(receiver.store().count().value() == 1);
}

TEST_CASE("the next attempt is the running backoff, or nothing when every row was already offered") {
    Dir dir;
    Canned canned;
    CannedReceiver receiver(canned);
    auto device = open_device(dir / "device");
    submit(*device);
    FakeClock clock;
    ClientConfig no_code = config_for(receiver.url(), canned);
    no_code.enrolment_code.clear();
    SyncClient idle(*device, no_code, clock.hooks());
    pass(idle); // sync.config: cannot enrol; nothing to wake early for
    CHECK(idle.next_attempt_unix().value() == 0);

    canned.decide = [&](const vault::EnvelopeHeader&, const std::string&, std::size_t index) {
        protocol::EnvelopeOutcome o;
        o.index = index;
        o.result = protocol::UploadResult::error;
        o.reason = protocol::reason::kStorage;
        return o;
    };
    SyncClient client(*device, config_for(receiver.url(), canned), clock.hooks());
    pass(client);
    CHECK(client.next_attempt_unix().value() == kT0 + 3);
    clock.now = kT0 + 100; // the backoff is over: the row is due, a pass is what is needed
    CHECK(client.next_attempt_unix().value() == 0);
}

TEST_CASE("against the real receiver a pass reports its progress batch by batch, only growing, ending at n of n") {
    Dir dir;
    RealReceiver receiver(dir / "server", "kiosk-1");
    auto device = open_device(dir / "device");
    for (int i = 0; i < 120; ++i) submit(*device, i == 70); // 3 batches: 50, 50, 20
    ClientConfig config;
    config.base_url = receiver.url();
    config.receipt_key = receiver.receipt_key();
    config.enrolment_code = receiver.code();
    std::vector<std::pair<int, int>> calls; // on the calling thread: sync_once runs here
    ClientHooks hooks;
    hooks.on_progress = [&calls](int sent, int total) { calls.emplace_back(sent, total); };
    SyncClient client(*device, config, hooks);

    const auto report = pass(client);
    CHECK(report.acknowledged == 120);
    REQUIRE(calls.size() == 4); // (0, 120) before the first batch goes, then one after each batch's receipts
    CHECK(calls.front() == std::pair{0, 120});
    CHECK(calls[1] == std::pair{50, 120});
    CHECK(calls[2] == std::pair{100, 120});
    for (std::size_t i = 1; i < calls.size(); ++i) {
        CHECK(calls[i].first >= calls[i - 1].first);
        CHECK(calls[i].second >= calls[i - 1].second);
        CHECK(calls[i].first <= calls[i].second);
    }
    CHECK(calls.back() == std::pair{120, 120});

    // Nothing pending: a pass says nothing about progress.
    calls.clear();
    CHECK(pass(client).pending == 0);
    CHECK(calls.empty());
}
