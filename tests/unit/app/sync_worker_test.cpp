// The sync worker runs the v2 client on its own thread: trigger() returns at once, a pass enrols and
// acknowledges with receipts from the pinned key, a dead network leaves rows queued behind a backoff
// (and a trigger does not break the backoff), exports run on the worker, and every pass is reported.
#include "app/sync_worker.h"
#include "sync/protocol/sync_wire.h"
#include "vault/device_vault.h"
#include "vault/envelope.h"
#include "vault/signature.h"
#include "../vault/test_dir.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

using namespace selfdirect;
using namespace std::chrono_literals;

namespace {

using Dir = vault::testing::TestDir; // a fresh temp dir per test

// Answers enrolment and uploads like a receiver with `key`, storing everything.
class AckingReceiver {
public:
    // `delay`: how long each upload takes to answer (a slow network).
    explicit AckingReceiver(std::chrono::milliseconds delay = 0ms) {
        server_.Post(sync::protocol::kEnrolPath, [this](const httplib::Request& req, httplib::Response& res) {
            auto request = sync::protocol::parse_enrol_request(req.body);
            if (!request) return;
            sync::protocol::EnrolResponse answer{request->device_id, epoch_, key_.public_key, {}};
            answer.signature = *vault::sign_detached(
                sync::protocol::enrolled_signed_text(request->device_id, request->sign_public_key, epoch_), key_.secret_key);
            res.set_content(sync::protocol::to_json(answer), sync::protocol::kJsonContentType);
        });
        server_.Post(sync::protocol::kUploadPath, [this, delay](const httplib::Request& req, httplib::Response& res) {
            std::this_thread::sleep_for(delay);
            auto request = sync::protocol::parse_upload_request(req.body);
            if (!request) return;
            sync::protocol::UploadResponse answer{epoch_, 1795000000, {}};
            for (std::size_t i = 0; i < request->envelopes.size(); ++i) {
                auto header = vault::verify_envelope(request->envelopes[i]);
                if (!header) return;
                sync::protocol::EnvelopeOutcome o;
                o.index = i;
                o.result = sync::protocol::UploadResult::stored;
                o.record_id = header->record_id;
                o.revision = header->revision;
                o.envelope_hash = vault::envelope_hash(request->envelopes[i]);
                sync::protocol::Receipt r{o.record_id, o.revision, o.envelope_hash, ++seq_, 1795000000, epoch_, {}};
                r.signature = *sync::protocol::sign_receipt(r, key_.secret_key);
                o.receipt = r;
                answer.results.push_back(o);
            }
            ++uploads;
            res.set_content(sync::protocol::to_json(answer), sync::protocol::kJsonContentType);
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
    }
    ~AckingReceiver() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    const vault::Bytes& public_key() const { return key_.public_key; }
    std::atomic<int> uploads{0};

private:
    vault::SignKeyPair key_ = vault::generate_sign_keypair();
    std::string epoch_ = "0123456789abcdef";
    std::int64_t seq_ = 0;
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
};

std::unique_ptr<vault::DeviceVault> device_with_records(const std::filesystem::path& dir, int records = 1) {
    auto device = vault::DeviceVault::open(dir, "kiosk-1");
    REQUIRE(device.ok());
    auto council = vault::generate_council_keypair("c-1");
    REQUIRE(council.ok());
    for (int i = 0; i < records; ++i) {
        auto s = (*device)->begin_session();
        REQUIRE(s.ok());
        REQUIRE((*device)->submit(*s, vault::SecureBytes::from_string("{}"), "SKEL-1", "1",
                                  vault::CouncilPublicKey{council->key_id, council->public_key})
                    .ok());
    }
    return std::move(device).value();
}

template <typename Pred>
bool eventually(Pred pred) {
    for (int i = 0; i < 500; ++i) {
        if (pred()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return pred();
}

} // namespace

TEST_CASE("the sync worker enrols, uploads the outbox in the background and reports the acknowledgement") {
    Dir dir;
    AckingReceiver receiver;
    auto device = device_with_records(dir / "device");
    sync::ClientConfig config;
    config.base_url = receiver.url();
    config.receipt_key = receiver.public_key();
    config.enrolment_code = "7G2K-QM4T-X9PA-HW3D";
    std::atomic<int> reports{0};
    app::SyncWorker worker(*device, config, 30s, [&](const sync::UploadReport&) { ++reports; });
    REQUIRE(eventually([&] { return worker.latest().has_value(); }));
    const auto report = *worker.latest();
    CHECK(report.enrolled_now);
    CHECK(report.acknowledged == 1);
    CHECK(report.status.acked == 1);
    CHECK(app::describe(report).find("1 acknowledged") != std::string::npos);
    CHECK(reports.load() >= 1);
}

TEST_CASE("with no receiver the worker keeps the row queued behind a backoff, and trigger returns at once") {
    Dir dir;
    auto device = device_with_records(dir / "device");
    sync::ClientConfig config;
    config.base_url = "http://127.0.0.1:1";
    config.receipt_key = vault::generate_sign_keypair().public_key;
    REQUIRE(device->note_enrolled(config.receipt_key, "0123456789abcdef", 1).ok());
    std::atomic<int> reports{0};
    app::SyncWorker worker(*device, config, 30s, [&](const sync::UploadReport&) { ++reports; });
    REQUIRE(eventually([&] { return reports.load() >= 1; }));
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 100; ++i) worker.trigger();
    CHECK(std::chrono::steady_clock::now() - started < 100ms);
    REQUIRE(eventually([&] { return reports.load() >= 2; }));
    const auto report = *worker.latest();
    CHECK(report.backed_off); // the triggers woke it, the backoff held
    CHECK(report.status.sending == 1);
    REQUIRE(report.last_error.has_value());
    CHECK(report.last_error->code == "sync.network");
}

TEST_CASE("an export requested from the worker writes a bundle and keeps the rows queued") {
    Dir dir;
    auto device = device_with_records(dir / "device");
    std::filesystem::create_directories(dir / "stick");
    sync::ClientConfig config;
    config.base_url = "http://127.0.0.1:1";
    app::SyncWorker worker(*device, config, 30s, {});
    std::atomic<bool> done{false};
    std::atomic<bool> ok{false};
    worker.request_export(dir / "stick", [&](const Result<sync::bundle::ExportResult>& r) {
        ok = r.ok() && r->envelopes == 1;
        done = true;
    });
    REQUIRE(eventually([&] { return done.load(); }));
    CHECK(ok.load());
    auto pending = device->pending_outbox();
    REQUIRE(pending.ok());
    CHECK(pending->size() == 1);
}

// The live progress: while a pass sends, progress() says "n of m" (only growing, up to m of m) and
// on_change is called so a screen showing sync can redraw; when the pass ends the progress is gone
// and the report is there, and a later pass that changes nothing calls nobody.
TEST_CASE("while a pass sends the worker shows n of m and says so, and after it only the report remains") {
    Dir dir;
    AckingReceiver receiver;
    auto opened = device_with_records(dir / "device", 60); // two batches: 50 and 10
    vault::DeviceVault& device = *opened;
    sync::ClientConfig config;
    config.base_url = receiver.url();
    config.receipt_key = receiver.public_key();
    config.enrolment_code = "7G2K-QM4T-X9PA-HW3D";

    std::atomic<app::SyncWorker*> self{nullptr};
    std::mutex seen_mutex;
    std::vector<app::SyncProgress> seen; // what progress() said at each on_change during the pass
    std::atomic<int> changes{0};
    std::atomic<int> reports{0};
    std::atomic<int> caller_calls{0};
    sync::ClientHooks hooks;
    hooks.on_progress = [&caller_calls](int, int) { ++caller_calls; }; // a caller's own hook still runs
    {
        app::SyncWorker worker(
            device, config, 30s, [&](const sync::UploadReport&) { ++reports; }, hooks,
            [&] {
                ++changes;
                // The worker may report before `self` is set: only the first (0 of 60) could be missed.
                if (app::SyncWorker* w = self.load())
                    if (auto p = w->progress()) {
                        std::lock_guard lock(seen_mutex);
                        seen.push_back(*p);
                    }
            });
        self = &worker;
        REQUIRE(eventually([&] { return reports.load() >= 1 && changes.load() >= 4; }));
        CHECK_FALSE(worker.progress().has_value()); // the pass is over
        REQUIRE(worker.latest().has_value());
        CHECK(worker.latest()->acknowledged == 60);
        CHECK(caller_calls.load() == 3); // (0, 60), (50, 60), (60, 60)
        CHECK(changes.load() == 4);      // three progress steps and the end of the pass
        {
            std::lock_guard lock(seen_mutex);
            REQUIRE(seen.size() >= 2);
            for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i].sent >= seen[i - 1].sent);
            for (const auto& p : seen) CHECK(p.total == 60);
            CHECK(seen.back().sent == 60);
        }

        // A quiet pass (nothing pending, nothing changed) does not wake a screen.
        // (Two passes: the worker calls on_change after on_report, so the first one's call, had
        // there been one, has happened by the time the second reports.)
        worker.trigger();
        REQUIRE(eventually([&] { return reports.load() >= 2; }));
        worker.trigger();
        REQUIRE(eventually([&] { return reports.load() >= 3; }));
        CHECK(changes.load() == 4);
        self = nullptr;
    }
}

TEST_CASE("stopping the worker during a long pass returns after at most one more batch, and the rest stays queued") {
    Dir dir;
    AckingReceiver receiver(150ms); // each batch takes 150 ms to answer
    auto device = device_with_records(dir / "device", 12);
    sync::ClientConfig config;
    config.base_url = receiver.url();
    config.receipt_key = receiver.public_key();
    config.enrolment_code = "7G2K-QM4T-X9PA-HW3D";
    config.batch_size = 1; // 12 batches in one pass
    int at_stop = 0;
    {
        app::SyncWorker worker(*device, config, 30s, {});
        REQUIRE(eventually([&] { return receiver.uploads.load() >= 2; })); // the pass is under way
        at_stop = receiver.uploads.load();
    } // the destructor stops the worker
    const int after = receiver.uploads.load();
    CHECK(after <= at_stop + 1); // the batch in flight finishes; no other starts
    auto status = device->sync_status();
    REQUIRE(status.ok());
    CHECK(status->acked == after);
    CHECK(status->queued + status->sending == 12 - after); // not sent yet: stays for the next pass
}
