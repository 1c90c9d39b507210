// The sync worker's live progress: while a pass sends, progress() says "n of m" (only growing, up to
// m of m) and on_change is called so a screen showing sync can redraw; when the pass ends the
// progress is gone and the report is there, and a later pass that changes nothing calls nobody.
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
#include <mutex>
#include <thread>
#include <vector>

using namespace selfdirect;
using namespace std::chrono_literals;

namespace {

// Answers enrolment and uploads like a receiver with its own key, storing everything.
class AckingReceiver {
public:
    AckingReceiver() {
        server_.Post(sync::protocol::kEnrolPath, [this](const httplib::Request& req, httplib::Response& res) {
            auto request = sync::protocol::parse_enrol_request(req.body);
            if (!request) return;
            sync::protocol::EnrolResponse answer{request->device_id, epoch_, key_.public_key, {}};
            answer.signature = *vault::sign_detached(
                sync::protocol::enrolled_signed_text(request->device_id, request->sign_public_key, epoch_), key_.secret_key);
            res.set_content(sync::protocol::to_json(answer), sync::protocol::kJsonContentType);
        });
        server_.Post(sync::protocol::kUploadPath, [this](const httplib::Request& req, httplib::Response& res) {
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

private:
    vault::SignKeyPair key_ = vault::generate_sign_keypair();
    std::string epoch_ = "0123456789abcdef";
    std::int64_t seq_ = 0;
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
};

template <typename Pred>
bool eventually(Pred pred) {
    for (int i = 0; i < 500; ++i) {
        if (pred()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return pred();
}

} // namespace

TEST_CASE("while a pass sends the worker shows n of m and says so, and after it only the report remains") {
    vault::testing::TestDir dir;
    AckingReceiver receiver;
    auto opened = vault::DeviceVault::open(dir / "device", "tablet-7");
    REQUIRE(opened.ok());
    vault::DeviceVault& device = **opened;
    auto council = vault::generate_council_keypair("c-1");
    REQUIRE(council.ok());
    for (int i = 0; i < 60; ++i) { // two batches: 50 and 10
        auto s = device.begin_session();
        REQUIRE(s.ok());
        REQUIRE(device.submit(*s, vault::SecureBytes::from_string("{}"), "SKEL-1", "1",
                              vault::CouncilPublicKey{council->key_id, council->public_key})
                    .ok());
    }
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
