// The council receiver's HTTP front: accepts sealed envelopes (POST /v1/envelopes), checks their
// structure and device signature, stores them through an EnvelopeStore and answers only after the
// store's durable commit. It never decrypts: the server holds no council secret key.
// Protocol: docs/sync-protocol.md.
#pragma once

#include "sync/server/envelope_store.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace httplib {
class Request;
class Response;
class ContentReader;
} // namespace httplib

namespace selfdirect::sync {

class HttpServer; // httplib::Server plus closing a socket it bound but never served (sync_server.cpp)

class SyncServer {
public:
    // One line per event; lines name record ids, revisions, device ids and reason codes only,
    // never envelope contents. An empty logger writes to stderr.
    using Logger = std::function<void(std::string_view line)>;

    explicit SyncServer(EnvelopeStore& store, Logger logger = {});
    ~SyncServer();
    // Stops serving; the thread that called run() must have returned from it first.
    SyncServer(const SyncServer&) = delete;
    SyncServer& operator=(const SyncServer&) = delete;

    // Binds the listening socket; port 0 picks a free port (see port()). False when binding fails.
    bool bind(const std::string& host, int port);
    int port() const { return port_; }

    // Serves until stop() is called (from any thread). Returns at once if bind() did not succeed.
    void run();
    // Safe to call from another thread, before, during or after run(), and more than once.
    void stop();

private:
    void handle_submit(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader);
    void handle_health(httplib::Response& res);
    void log(const std::string& line) const;

    EnvelopeStore& store_;
    Logger logger_;
    std::unique_ptr<HttpServer> http_;
    int port_ = -1;
    std::atomic<bool> stop_requested_{false};
    std::atomic<bool> in_run_{false};
};

} // namespace selfdirect::sync
