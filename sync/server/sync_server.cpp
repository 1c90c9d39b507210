// SyncServer: routes, request checks in cheap-to-expensive order (size cap, content type,
// structure + signature), then the store; the answer is written only after the store's commit.
#include "sync/server/sync_server.h"

#include "sync/protocol/envelope_protocol.h"
#include "vault/envelope.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <thread>

#include <sys/socket.h>
#include <unistd.h>

namespace selfdirect::sync {

// httplib closes its listening socket only when stop() reaches a running accept loop; a server
// that is bound but stopped before it runs would keep a socket the kernel still accepts on.
class HttpServer : public httplib::Server {
public:
    void close_listening_socket() {
        const auto sock = svr_sock_.exchange(INVALID_SOCKET);
        if (sock != INVALID_SOCKET) {
            ::shutdown(sock, SHUT_RDWR);
            ::close(sock);
        }
    }
};

namespace {

constexpr const char* kJson = "application/json";

std::int64_t now_unix() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// "application/octet-stream; foo=bar" -> "application/octet-stream", lower-cased.
std::string media_type(const std::string& header) {
    std::string type = header.substr(0, header.find(';'));
    type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }), type.end());
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    return type;
}

void answer(httplib::Response& res, int status, const protocol::SubmitResponse& body) {
    res.status = status;
    res.set_content(protocol::to_json(body), kJson);
}

void reject(httplib::Response& res, int status, std::string reason) {
    protocol::SubmitResponse body;
    body.result = protocol::SubmitResult::rejected;
    body.reason = std::move(reason);
    answer(res, status, body);
}

} // namespace

SyncServer::SyncServer(EnvelopeStore& store, Logger logger)
    : store_(store), logger_(std::move(logger)), http_(std::make_unique<HttpServer>()) {
    // httplib's default also sets SO_REUSEPORT, which lets a second receiver bind the same port and
    // silently take half the traffic; SO_REUSEADDR alone still allows a quick restart.
    http_->set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    // httplib enforces the cap itself: it drains an oversized body and hands us status 413, so
    // the client reads our answer instead of a reset connection.
    http_->set_payload_max_length(protocol::kMaxEnvelopeBytes);
    http_->Post(protocol::kEnvelopesPath,
                [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
                    handle_submit(req, res, reader);
                });
    http_->Get(protocol::kHealthPath, [this](const httplib::Request&, httplib::Response& res) { handle_health(res); });
}

SyncServer::~SyncServer() {
    stop();
    http_->close_listening_socket();
}

bool SyncServer::bind(const std::string& host, int port) {
    if (port == 0) {
        port_ = http_->bind_to_any_port(host);
    } else {
        port_ = http_->bind_to_port(host, port) ? port : -1;
    }
    if (port_ < 0) return false;
    log("listening on " + host + ":" + std::to_string(port_));
    return true;
}

void SyncServer::run() {
    if (port_ < 0) return;
    in_run_ = true;
    if (!stop_requested_) http_->listen_after_bind();
    http_->close_listening_socket(); // already closed if the accept loop ran; not if stop() came first
    in_run_ = false;
}

void SyncServer::stop() {
    if (stop_requested_.exchange(true)) return;
    // httplib ignores a stop() that arrives before its accept loop has marked itself running, so
    // wait for that moment if run() has started; run() itself checks stop_requested_ first.
    while (in_run_ && !http_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    http_->stop();
}

void SyncServer::log(const std::string& line) const {
    if (logger_) {
        logger_(line);
        return;
    }
    const std::string text = "selfdirect-sync: " + line + "\n";
    std::fwrite(text.data(), 1, text.size(), stderr); // one write per line: threads do not interleave
}

void SyncServer::handle_submit(const httplib::Request& req, httplib::Response& res,
                               const httplib::ContentReader& reader) {
    vault::Bytes body;
    const bool read_ok = reader([&body](const char* data, std::size_t size) {
        body.insert(body.end(), reinterpret_cast<const std::uint8_t*>(data),
                    reinterpret_cast<const std::uint8_t*>(data) + size);
        return true;
    });
    if (!read_ok) {
        const bool too_large = res.status == 413;
        log(std::string("rejected a submission: ") + (too_large ? protocol::kReasonTooLarge : "request.read_failed"));
        reject(res, too_large ? 413 : 400, too_large ? protocol::kReasonTooLarge : "request.read_failed");
        return;
    }
    if (media_type(req.get_header_value("Content-Type")) != protocol::kEnvelopeContentType) {
        log(std::string("rejected a submission: ") + protocol::kReasonContentType);
        reject(res, 400, protocol::kReasonContentType);
        return;
    }

    auto header = vault::verify_envelope(body);
    if (!header) {
        log("rejected a submission: " + header.error().code);
        reject(res, 400, header.error().code);
        return;
    }

    IncomingEnvelope in;
    in.record_id = header->record_id;
    in.revision = header->revision;
    in.envelope_hash = vault::envelope_hash(body);
    in.device_id = header->device_id;
    in.device_sign_public_key = header->device_sign_public_key;
    in.received_unix = now_unix();
    in.envelope = std::move(body);

    protocol::SubmitResponse out;
    out.record_id = in.record_id;
    out.revision = in.revision;
    out.envelope_hash = in.envelope_hash;
    const std::string what = "record " + in.record_id + " rev " + std::to_string(in.revision) + " from device " +
                             in.device_id;

    auto put = store_.put(in);
    if (!put) {
        log("could not store " + what + ": " + put.error().code + ": " + put.error().message);
        out.result = protocol::SubmitResult::error;
        out.reason = protocol::kReasonStorage;
        answer(res, protocol::http_status(out.result), out);
        return;
    }
    switch (put->outcome) {
    case PutOutcome::stored:
        out.result = protocol::SubmitResult::stored;
        out.seq = put->seq;
        log("stored " + what + " as seq " + std::to_string(put->seq));
        break;
    case PutOutcome::duplicate:
        out.result = protocol::SubmitResult::duplicate;
        out.seq = put->seq;
        log("duplicate of seq " + std::to_string(put->seq) + ": " + what);
        break;
    case PutOutcome::conflict:
        out.result = protocol::SubmitResult::conflict;
        out.reason = protocol::kReasonRevisionExists;
        log("conflict kept aside: " + what);
        break;
    case PutOutcome::key_mismatch:
        out.result = protocol::SubmitResult::rejected;
        out.reason = protocol::kReasonKeyMismatch;
        log("rejected " + what + ": " + protocol::kReasonKeyMismatch);
        break;
    }
    answer(res, protocol::http_status(out.result), out);
}

void SyncServer::handle_health(httplib::Response& res) {
    auto records = store_.count();
    nlohmann::ordered_json body;
    if (records) {
        body["status"] = "ok";
        body["records"] = records.value();
        res.status = 200;
    } else {
        log("health check failed: " + records.error().code);
        body["status"] = "error";
        res.status = 503;
    }
    res.set_content(body.dump(), kJson);
}

} // namespace selfdirect::sync
