// Shared fixtures for the sync tests: a temporary directory, a real SyncServer on 127.0.0.1 with a
// free port in its own thread over a temporary SQLite store, a real DeviceVault with submitted
// records, and a raw HTTP client for requests the uploader would never make.
#pragma once

#include "sync/protocol/envelope_protocol.h"
#include "sync/server/envelope_store.h"
#include "sync/server/sync_server.h"
#include "vault/device_vault.h"
#include "vault/envelope.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace selfdirect::sync::testing {

class TestDir {
public:
    TestDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "selfdirect-sync-XXXXXX").string();
        const char* made = mkdtemp(pattern.data());
        REQUIRE(made != nullptr);
        path_ = made;
    }
    ~TestDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TestDir(const TestDir&) = delete;
    TestDir& operator=(const TestDir&) = delete;

    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// A SyncServer serving in a background thread until destroyed. Log lines are kept for inspection.
class RunningServer {
public:
    explicit RunningServer(const std::filesystem::path& store_path) {
        auto store = open_sqlite_envelope_store(store_path);
        REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
        store_ = std::move(store.value());
        server_ = std::make_unique<SyncServer>(*store_, [this](std::string_view line) {
            std::lock_guard lock(log_mutex_);
            log_.emplace_back(line);
        });
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
    EnvelopeStore& store() { return *store_; }
    std::vector<std::string> log() {
        std::lock_guard lock(log_mutex_);
        return log_;
    }

private:
    std::unique_ptr<EnvelopeStore> store_;
    std::mutex log_mutex_;
    std::vector<std::string> log_;
    std::unique_ptr<SyncServer> server_;
    std::thread thread_;
};

inline vault::CouncilKeyPair make_council_keys() {
    auto pair = vault::generate_council_keypair("test-council");
    REQUIRE(pair.ok());
    return std::move(pair).value();
}

inline vault::CouncilPublicKey public_part(const vault::CouncilKeyPair& pair) {
    return vault::CouncilPublicKey{pair.key_id, pair.public_key};
}

inline std::unique_ptr<vault::DeviceVault> open_device(const std::filesystem::path& dir, const std::string& device_id) {
    auto device = vault::DeviceVault::open(dir, device_id);
    REQUIRE_MESSAGE(device.ok(), (device.ok() ? "" : device.error().code + ": " + device.error().message));
    return std::move(device).value();
}

// A minimal FHIR QuestionnaireResponse, distinguishable by `marker`.
inline std::string response_json(const std::string& marker) {
    return R"({"resourceType":"QuestionnaireResponse","status":"completed","item":[{"linkId":"q1","answer":[{"valueString":")" +
           marker + R"("}]}]})";
}

inline vault::OutboxEntry submit_record(vault::DeviceVault& device, const vault::CouncilPublicKey& council,
                                        const std::string& marker) {
    auto session = device.begin_session();
    REQUIRE(session.ok());
    auto entry = device.submit(session.value(), vault::SecureBytes::from_string(response_json(marker)), "SKEL-1", "1",
                               council);
    REQUIRE_MESSAGE(entry.ok(), (entry.ok() ? "" : entry.error().code + ": " + entry.error().message));
    return std::move(entry).value();
}

inline std::size_t outbox_size(vault::DeviceVault& device) {
    auto pending = device.pending_outbox();
    REQUIRE(pending.ok());
    return pending->size();
}

struct RawAnswer {
    int status = 0;
    protocol::SubmitResponse body;
};

// POSTs bytes exactly as given, bypassing the uploader.
inline RawAnswer post_raw(const std::string& url, const std::string& body,
                          const std::string& content_type = protocol::kEnvelopeContentType) {
    httplib::Client client(url);
    client.set_read_timeout(30, 0);
    client.set_write_timeout(30, 0);
    auto response = client.Post(protocol::kEnvelopesPath, body, content_type.c_str());
    REQUIRE_MESSAGE(static_cast<bool>(response), "no HTTP answer: " << httplib::to_string(response.error()));
    auto parsed = protocol::parse_submit_response(response->body);
    REQUIRE_MESSAGE(parsed.ok(), "not a submit answer: " << response->body);
    return RawAnswer{response->status, std::move(parsed).value()};
}

inline RawAnswer post_raw(const std::string& url, const vault::Bytes& envelope) {
    return post_raw(url, std::string(envelope.begin(), envelope.end()));
}

inline std::int64_t stored_count(EnvelopeStore& store) {
    auto n = store.count();
    REQUIRE(n.ok());
    return n.value();
}

inline std::vector<StoredEnvelope> stored(EnvelopeStore& store) {
    auto all = store.list(0, 1000);
    REQUIRE(all.ok());
    return std::move(all).value();
}

} // namespace selfdirect::sync::testing
