// The council receiver's HTTP(S) front (docs/sync-protocol.md, v2): POST /v2/enrol, POST /v2/upload,
// GET /v2/health, GET /v2/metrics. Whole-request checks run cheapest first (body size, content type,
// JSON shape), then each envelope goes through the Ingestor; answers are written only after the
// store's durable commit and carry receipts signed with the receipt key. It never decrypts: the
// server holds no council secret key. Log lines are structured (key=value) and name record ids,
// revisions, device ids, sequence numbers and reason codes only, never envelope contents.
#pragma once

#include "sync/server/bounded_connection.h"
#include "sync/server/envelope_store.h"
#include "sync/server/ingest.h"
#include "sync/server/receipt_key.h"
#include "sync/server/sync_metrics.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace httplib {
class Server;
class Request;
class Response;
class ContentReader;
} // namespace httplib

namespace selfdirect::sync {

// POST /v2/enrol's body cap (a real request is under 1 KiB); POST /v2/upload's is protocol::kMaxBodyBytes.
inline constexpr std::size_t kMaxEnrolBodyBytes = 64u * 1024u;

struct SyncServerOptions {
    // Both set: HTTPS with this PEM certificate (chain) and key; both empty: plain HTTP.
    std::string tls_cert_file;
    std::string tls_key_file;
    // Server clock in Unix seconds (tests fix it); empty: the system clock.
    Ingestor::Clock clock;
    // Failed enrolment attempts one address may make per minute before it gets 429 enrol.slow_down.
    int enrol_failures_per_minute = 10;
    // Upload and enrolment body bytes held in memory at once, across all connections; a body that
    // would pass it is refused with 503 server.busy (the device backs off and retries).
    std::size_t max_buffered_body_bytes = 256u * 1024u * 1024u;
    // Deadlines, keep-alive and connection limits (docs/sync-protocol.md, "Limits"); tests shorten them.
    ConnectionLimits limits;
};

class SyncServer {
public:
    using Logger = std::function<void(std::string_view line)>;

    // `store` and `receipt_key` must outlive the server. An empty logger writes to stderr.
    SyncServer(EnvelopeStore& store, const ReceiptKey& receipt_key, Logger logger = {},
               SyncServerOptions options = {});
    ~SyncServer();
    SyncServer(const SyncServer&) = delete;
    SyncServer& operator=(const SyncServer&) = delete;

    // False when TLS was asked for and the certificate or key could not be loaded.
    bool valid() const;

    // Binds the listening socket; port 0 picks a free port (see port()). False when binding fails.
    bool bind(const std::string& host, int port);
    int port() const { return port_; }

    // Serves until stop() is called (from any thread). Returns at once if bind() did not succeed.
    void run();
    // Safe to call from another thread, before, during or after run(), and more than once.
    void stop();

    SyncMetrics& metrics() { return metrics_; }
    // Bytes of request bodies being read now, counted against max_buffered_body_bytes; lets a test
    // know the server really holds a body before it checks what the allowance refuses.
    std::size_t buffered_body_bytes() const { return buffered_body_bytes_.load(); }

private:
    void handle_upload(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader);
    void handle_enrol(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader);
    void handle_health(httplib::Response& res);
    void handle_metrics(httplib::Response& res);
    // Checks the declared length and content type, then reads the body counting it against `cap`
    // (chunked or not) and against max_buffered_body_bytes (`held` is what this body took of it,
    // for the caller to give back); false (answer written) when the request is refused.
    bool read_json_body(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
                        std::string& body, std::size_t cap, std::size_t& held, std::string_view what);
    bool enrol_slowed(const std::string& address);
    void note_enrol_failure(const std::string& address);
    void log(const std::string& line) const;

    EnvelopeStore& store_;
    const ReceiptKey& receipt_key_;
    Logger logger_;
    SyncServerOptions options_;
    SyncMetrics metrics_;
    Ingestor ingestor_;
    std::unique_ptr<httplib::Server> http_;
    std::function<void()> close_listening_socket_;
    std::function<void()> widen_backlog_;
    int port_ = -1;
    std::atomic<bool> stop_requested_{false};
    std::atomic<bool> in_run_{false};
    std::atomic<std::size_t> buffered_body_bytes_{0};

    std::mutex enrol_mutex_;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> enrol_failures_;
};

} // namespace selfdirect::sync
