// Fixtures for the receiver-side v2 tests (store, ingest, server): a temporary directory, a receipt
// key, enrolled device identities, real sealed envelopes (vault::seal_record), a SyncServer on
// 127.0.0.1 in its own thread, and a raw HTTP(S) client for requests a device would never make.
// Own namespace, so these never collide with other test fixtures of the sync layer.
#pragma once

#include "sync/protocol/sync_wire.h"
#include "sync/server/envelope_store.h"
#include "sync/server/receipt_key.h"
#include "sync/server/sync_server.h"
#include "vault/envelope.h"
#include "vault/signature.h"
#include "../vault/test_dir.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace selfdirect::sync::server_testing {

inline constexpr std::int64_t kNow = 1795000000; // the fixed server clock of these tests

using TempDir = vault::testing::TestDir; // a fresh temp dir per test

inline ReceiptKey make_receipt_key() {
    auto pair = vault::generate_sign_keypair();
    return ReceiptKey{std::move(pair.secret_key), pair.public_key};
}

inline std::unique_ptr<EnvelopeStore> open_store(const std::filesystem::path& path) {
    auto store = open_sqlite_envelope_store(path, {});
    REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().code + ": " + store.error().message));
    return std::move(store).value();
}

// A device identity: signing key pair plus a box public key (the receiver only stores the latter).
struct Device {
    std::string id;
    vault::SignKeyPair sign;
    vault::Bytes box_public_key;
};

inline Device make_device(const std::string& id) {
    return Device{id, vault::generate_sign_keypair(), vault::random_bytes(32)};
}

// Enrols `device` straight through the store (what POST /v2/enrol does after checking the proof).
inline void enrol(EnvelopeStore& store, const Device& device, std::int64_t now = kNow) {
    const std::string code(protocol::generate_enrolment_code().view());
    EnrolmentCode entry{protocol::enrolment_code_hash(code), device.id, now + 3600, {}};
    REQUIRE(store.add_enrolment_code(entry).ok());
    DeviceRecord record{device.id, device.sign.public_key, device.box_public_key, 0, std::nullopt};
    auto redeemed = store.redeem_enrolment_code(entry.code_hash, record, now);
    REQUIRE(redeemed.ok());
    REQUIRE(redeemed.value() == RedeemOutcome::enrolled);
}

inline const vault::CouncilKeyPair& council() {
    static const vault::CouncilKeyPair pair = [] {
        auto made = vault::generate_council_keypair("test-council");
        REQUIRE(made.ok());
        return std::move(made).value();
    }();
    return pair;
}

inline std::string new_record_id() {
    const std::string hex = vault::to_hex(vault::random_bytes(16));
    // UUID v4 text shape; only uniqueness matters to the receiver.
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-4" + hex.substr(13, 3) + "-8" + hex.substr(17, 3) + "-" +
           hex.substr(20, 12);
}

struct EnvelopeSpec {
    std::string record_id;
    std::uint32_t revision = 1;
    std::string answer = "answer";
    std::int64_t created_unix = kNow;
    std::string header_device_id; // empty: the signing device's id
};

// A real sealed envelope signed by `device`.
inline vault::Bytes seal(const Device& device, const EnvelopeSpec& spec) {
    vault::EnvelopeHeader header;
    header.record_id = spec.record_id.empty() ? new_record_id() : spec.record_id;
    header.revision = spec.revision;
    header.form_id = "SKEL-1";
    header.form_version = "1";
    header.device_id = spec.header_device_id.empty() ? device.id : spec.header_device_id;
    header.device_sign_public_key = device.sign.public_key;
    header.council_key_ids = {council().key_id};
    header.created_unix = spec.created_unix;
    const vault::CouncilPublicKey pub{council().key_id, council().public_key};
    auto sealed = vault::seal_record(vault::SecureBytes::from_string(spec.answer), header, pub, device.sign.secret_key);
    REQUIRE_MESSAGE(sealed.ok(), (sealed.ok() ? "" : sealed.error().code + ": " + sealed.error().message));
    return std::move(sealed).value();
}

inline vault::Bytes seal(const Device& device, const std::string& record_id = {}, std::uint32_t revision = 1,
                         const std::string& answer = "answer") {
    return seal(device, EnvelopeSpec{record_id, revision, answer, kNow, {}});
}

// A SyncServer serving in a background thread until destroyed. Log lines are kept for inspection.
class RunningServer {
public:
    explicit RunningServer(const std::filesystem::path& store_path, SyncServerOptions options = {})
        : store_(open_store(store_path)), key_(make_receipt_key()) {
        if (!options.clock) options.clock = [] { return kNow; };
        server_ = std::make_unique<SyncServer>(
            *store_, key_,
            [this](std::string_view line) {
                std::lock_guard lock(log_mutex_);
                log_.emplace_back(line);
            },
            std::move(options));
        REQUIRE(server_->valid());
        REQUIRE(server_->bind("127.0.0.1", 0));
        REQUIRE(server_->port() > 0);
        thread_ = std::thread([this] { server_->run(); });
    }
    ~RunningServer() { shut_down(); }

    void shut_down() {
        if (!thread_.joinable()) return;
        server_->stop();
        thread_.join();
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
    int port() const { return server_->port(); }
    SyncServer& server() { return *server_; }
    EnvelopeStore& store() { return *store_; }
    const ReceiptKey& key() const { return key_; }
    std::vector<std::string> log() {
        std::lock_guard lock(log_mutex_);
        return log_;
    }

private:
    std::unique_ptr<EnvelopeStore> store_;
    ReceiptKey key_;
    std::mutex log_mutex_;
    std::vector<std::string> log_;
    std::unique_ptr<SyncServer> server_;
    std::thread thread_;
};

struct Answer {
    int status = 0;
    std::string body;
    nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

inline Answer post(const std::string& url, const std::string& path, const std::string& body,
                   const std::string& content_type = "application/json") {
    httplib::Client client(url);
    client.set_read_timeout(30, 0);
    client.set_write_timeout(30, 0);
    auto response = client.Post(path.c_str(), body, content_type.c_str());
    REQUIRE_MESSAGE(static_cast<bool>(response), "no HTTP answer: " << httplib::to_string(response.error()));
    return Answer{response->status, response->body};
}

inline Answer get(const std::string& url, const std::string& path) {
    httplib::Client client(url);
    client.set_read_timeout(10, 0);
    auto response = client.Get(path.c_str());
    REQUIRE_MESSAGE(static_cast<bool>(response), "no HTTP answer: " << httplib::to_string(response.error()));
    return Answer{response->status, response->body};
}

inline protocol::UploadResponse upload(const std::string& url, const std::string& device_id,
                                       const std::vector<vault::Bytes>& envelopes) {
    protocol::UploadRequest request;
    request.device_id = device_id;
    request.envelopes = envelopes;
    const Answer answer = post(url, protocol::kUploadPath, protocol::to_json(request));
    REQUIRE_MESSAGE(answer.status == 200, answer.body);
    auto parsed = protocol::parse_upload_response(answer.body);
    REQUIRE_MESSAGE(parsed.ok(), answer.body);
    REQUIRE(parsed->results.size() == envelopes.size());
    return std::move(parsed).value();
}

inline std::int64_t stored_count(EnvelopeStore& store) {
    auto n = store.count();
    REQUIRE(n.ok());
    return n.value();
}

} // namespace selfdirect::sync::server_testing
