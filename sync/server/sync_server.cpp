// SyncServer: routes and whole-request checks (cap, content type, JSON shape, enrolment slow-down),
// then the Ingestor per envelope or the store's enrolment transaction; answers only after commits.
#include "sync/server/sync_server.h"

#include "sync/protocol/sync_wire.h"
#include "vault/signature.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <type_traits>

#include <sys/socket.h>
#include <unistd.h>

namespace selfdirect::sync {

namespace {

namespace reason = protocol::reason;
constexpr const char* kJson = "application/json";
// An enrolment request is well under 1 KiB; anything far larger is not one.
constexpr std::size_t kMaxEnrolBody = kMaxEnrolBodyBytes;

// Routes' body caps on the wire: the cap plus room for chunk framing (a sane client's chunks are
// kilobytes, each framed by a few bytes). Every other route takes no body worth reading.
std::size_t body_budget(const httplib::Request& req) {
    if (req.path == protocol::kUploadPath) return protocol::kMaxBodyBytes + protocol::kMaxBodyBytes / 16;
    if (req.path == protocol::kEnrolPath) return 2 * kMaxEnrolBody;
    return 64 * 1024;
}

// Both the plain and the TLS server are served through serve_connection() (bounded_connection.h)
// instead of httplib's own loop, which bounds only each single read and no chunked body. It also
// needs an escape hatch to the protected listening socket: httplib closes it only when stop()
// reaches a running accept loop, so a server bound but stopped before it runs would keep a socket
// the kernel still accepts on.
template <typename Base>
class GuardedServer : public Base {
public:
    using Base::Base;
    void guard(const ConnectionLimits& limits) {
        limits_ = limits;
        const std::size_t threads = limits.max_connections;
        this->new_task_queue = [threads] { return make_connection_threads(threads).release(); };
    }
    void close_listening_socket() {
        const auto sock = this->svr_sock_.exchange(INVALID_SOCKET);
        if (sock != INVALID_SOCKET) {
            ::shutdown(sock, SHUT_RDWR);
            ::close(sock);
        }
    }
    // httplib listens with a backlog of 5; a burst of clients must not have its connections dropped.
    void widen_backlog() {
        const auto sock = this->svr_sock_.load();
        if (sock != INVALID_SOCKET) ::listen(sock, SOMAXCONN);
    }

private:
    bool process_and_close_socket(socket_t sock) override {
        SSL_CTX* context = nullptr;
        if constexpr (std::is_same_v<Base, httplib::SSLServer>) context = this->ssl_context();
        serve_connection(
            sock, context, limits_, body_budget, [this] { return this->svr_sock_ == INVALID_SOCKET; },
            [this](httplib::Stream& stream, bool last, bool& closed,
                   const std::function<void(httplib::Request&)>& setup) {
                return this->process_request(stream, last, closed, setup);
            });
        return true;
    }

    ConnectionLimits limits_;
};

// "application/json; charset=utf-8" -> "application/json", lower-cased.
std::string media_type(const std::string& header) {
    std::string type = header.substr(0, header.find(';'));
    type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }), type.end());
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    return type;
}

void answer(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, kJson);
}

// Gives back, when a handler ends, the body bytes it took of the server-wide allowance.
struct HeldBodyBytes {
    std::atomic<std::size_t>& total;
    std::size_t bytes = 0;
    ~HeldBodyBytes() { total.fetch_sub(bytes); }
};

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

SyncServer::SyncServer(EnvelopeStore& store, const ReceiptKey& receipt_key, Logger logger, SyncServerOptions options)
    : store_(store), receipt_key_(receipt_key), logger_(std::move(logger)), options_(std::move(options)),
      ingestor_(store, receipt_key.secret_key, options_.clock, &metrics_) {
    if (!options_.tls_cert_file.empty() || !options_.tls_key_file.empty()) {
        auto tls = std::make_unique<GuardedServer<httplib::SSLServer>>(options_.tls_cert_file.c_str(),
                                                                        options_.tls_key_file.c_str());
        auto* raw = tls.get();
        raw->guard(options_.limits);
        close_listening_socket_ = [raw] { raw->close_listening_socket(); };
        widen_backlog_ = [raw] { raw->widen_backlog(); };
        http_ = std::move(tls);
    } else {
        auto plain = std::make_unique<GuardedServer<httplib::Server>>();
        auto* raw = plain.get();
        raw->guard(options_.limits);
        close_listening_socket_ = [raw] { raw->close_listening_socket(); };
        widen_backlog_ = [raw] { raw->widen_backlog(); };
        http_ = std::move(plain);
    }
    // httplib's default also sets SO_REUSEPORT, which lets a second receiver bind the same port and
    // silently take half the traffic; SO_REUSEADDR alone still allows a quick restart.
    http_->set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    // The handlers enforce each route's cap as they read (chunked bodies too) and the connection
    // stream enforces its budget on every route; httplib's own cap only covers a declared
    // Content-Length on routes that read the body into memory themselves (none here).
    http_->set_payload_max_length(protocol::kMaxBodyBytes);
    http_->Post(protocol::kUploadPath,
                [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
                    handle_upload(req, res, reader);
                });
    http_->Post(protocol::kEnrolPath,
                [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
                    handle_enrol(req, res, reader);
                });
    http_->Get(protocol::kHealthPath, [this](const httplib::Request&, httplib::Response& res) { handle_health(res); });
    http_->Get(protocol::kMetricsPath, [this](const httplib::Request&, httplib::Response& res) { handle_metrics(res); });
}

SyncServer::~SyncServer() {
    stop();
    close_listening_socket_();
}

bool SyncServer::valid() const { return http_->is_valid(); }

bool SyncServer::bind(const std::string& host, int port) {
    if (!valid()) {
        log("event=listen_failed reason=tls_setup");
        return false;
    }
    if (port == 0) {
        port_ = http_->bind_to_any_port(host);
    } else {
        port_ = http_->bind_to_port(host, port) ? port : -1;
    }
    if (port_ < 0) return false;
    widen_backlog_();
    const bool tls = !options_.tls_cert_file.empty();
    log("event=listening host=" + host + " port=" + std::to_string(port_) + " tls=" + (tls ? "yes" : "no"));
    return true;
}

void SyncServer::run() {
    if (port_ < 0) return;
    in_run_ = true;
    if (!stop_requested_) http_->listen_after_bind();
    close_listening_socket_(); // already closed if the accept loop ran; not if stop() came first
    in_run_ = false;
}

void SyncServer::stop() {
    if (stop_requested_.exchange(true)) return;
    // httplib ignores a stop() that arrives before its accept loop has marked itself running, so wait
    // for that moment if run() has started; run() itself checks stop_requested_ first.
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

bool SyncServer::read_json_body(const httplib::Request& req, httplib::Response& res,
                                const httplib::ContentReader& reader, std::string& body, std::size_t cap,
                                std::size_t& held, std::string_view what) {
    auto refuse = [&](int status, const char* why) {
        metrics_.count_request_rejection(why);
        log("event=" + std::string(what) + "_refused reason=" + why + " status=" + std::to_string(status));
        answer(res, status, protocol::rejection_json(status == 503 ? "error" : "rejected", why));
        return false;
    };
    // Refused before reading the body: the connection closes after the answer, so what is left of
    // the body is never taken for the next request.
    auto refuse_unread = [&](int status, const char* why) {
        close_after_answer();
        res.set_header("Connection", "close");
        return refuse(status, why);
    };
    // Cheapest first: a declared length over the cap, the content type (before httplib would try to
    // parse a multipart body), then the body itself, counted as it arrives whatever its framing.
    if (req.has_header("Content-Length")) {
        const std::string declared = req.get_header_value("Content-Length");
        char* end = nullptr;
        errno = 0;
        const unsigned long long length = std::strtoull(declared.c_str(), &end, 10);
        if (errno == ERANGE || length > cap) return refuse_unread(413, reason::kBodyTooLarge);
    }
    if (media_type(req.get_header_value("Content-Type")) != protocol::kJsonContentType) {
        return refuse_unread(400, reason::kContentType);
    }
    bool too_large = false;
    bool busy = false;
    const bool read_ok = reader([&](const char* data, std::size_t size) {
        if (size > cap - body.size()) {
            too_large = true;
            return false;
        }
        if (buffered_body_bytes_.fetch_add(size) + size > options_.max_buffered_body_bytes) {
            buffered_body_bytes_.fetch_sub(size);
            busy = true;
            return false;
        }
        held += size;
        body.append(data, size);
        return true;
    });
    if (!read_ok) {
        body.clear();
        body.shrink_to_fit();
        if (too_large || body_over_budget()) return refuse_unread(413, reason::kBodyTooLarge);
        if (busy) return refuse_unread(503, reason::kBusy);
        return refuse_unread(400, reason::kMalformedRequest);
    }
    return true;
}

void SyncServer::handle_upload(const httplib::Request& req, httplib::Response& res,
                               const httplib::ContentReader& reader) {
    const auto start = std::chrono::steady_clock::now();
    std::string body;
    HeldBodyBytes held{buffered_body_bytes_};
    if (!read_json_body(req, res, reader, body, protocol::kMaxBodyBytes, held.bytes, "upload")) return;
    auto request = protocol::parse_upload_request(body);
    body.clear();
    body.shrink_to_fit();
    if (!request) {
        metrics_.count_request_rejection(reason::kMalformedRequest);
        log("event=upload_refused reason=request.malformed status=400");
        answer(res, 400, protocol::rejection_json("rejected", reason::kMalformedRequest));
        return;
    }
    auto epoch = ingestor_.restore_epoch();
    if (!epoch) {
        metrics_.count_request_rejection(reason::kStorage);
        log("event=upload_failed reason=server.storage status=503 error=" + epoch.error().code);
        answer(res, 503, protocol::rejection_json("error", reason::kStorage));
        return;
    }

    protocol::UploadResponse response;
    response.restore_epoch = epoch.value();
    const std::string& device_id = request->device_id;
    response.results = ingestor_.ingest_batch(request->envelopes, device_id, response.restore_epoch, request->oversized);
    for (const auto& outcome : response.results) {
        std::string line = "event=envelope device=" + device_id + " index=" + std::to_string(outcome.index) +
                           " result=" + std::string(protocol::to_string(outcome.result));
        if (!outcome.record_id.empty()) {
            line += " record=" + outcome.record_id + " rev=" + std::to_string(outcome.revision);
        }
        if (outcome.receipt) line += " seq=" + std::to_string(outcome.receipt->server_seq);
        if (!outcome.reason.empty()) line += " reason=" + outcome.reason;
        log(line);
    }
    response.server_time = ingestor_.now();
    answer(res, 200, protocol::to_json(response));
    const double ms = ms_since(start);
    metrics_.count_batch(ms);
    log("event=batch device=" + device_id + " envelopes=" + std::to_string(response.results.size()) +
        " ms=" + std::to_string(static_cast<long long>(ms)));
}

bool SyncServer::enrol_slowed(const std::string& address) {
    std::lock_guard lock(enrol_mutex_);
    auto it = enrol_failures_.find(address);
    if (it == enrol_failures_.end()) return false;
    const auto cutoff = std::chrono::steady_clock::now() - std::chrono::minutes(1);
    auto& times = it->second;
    while (!times.empty() && times.front() < cutoff) times.pop_front();
    if (times.empty()) {
        enrol_failures_.erase(it);
        return false;
    }
    return static_cast<int>(times.size()) >= options_.enrol_failures_per_minute;
}

void SyncServer::note_enrol_failure(const std::string& address) {
    std::lock_guard lock(enrol_mutex_);
    // Bounded memory under a flood of addresses: forget the oldest-keyed entries first.
    if (enrol_failures_.size() > 10000) enrol_failures_.erase(enrol_failures_.begin());
    enrol_failures_[address].push_back(std::chrono::steady_clock::now());
}

void SyncServer::handle_enrol(const httplib::Request& req, httplib::Response& res,
                              const httplib::ContentReader& reader) {
    const std::string address = req.remote_addr;
    std::string body;
    HeldBodyBytes held{buffered_body_bytes_};
    if (!read_json_body(req, res, reader, body, kMaxEnrolBody, held.bytes, "enrol")) return;
    if (enrol_slowed(address)) {
        metrics_.count_enrolment(reason::kEnrolSlowDown);
        log("event=enrol_refused reason=enrol.slow_down status=429");
        answer(res, 429, protocol::rejection_json("rejected", reason::kEnrolSlowDown));
        return;
    }
    auto reject = [&](const char* why, const std::string& device_id) {
        note_enrol_failure(address);
        metrics_.count_enrolment(why);
        log("event=enrol_refused device=" + (device_id.empty() ? std::string("-") : device_id) + " reason=" + why +
            " status=400");
        answer(res, 400, protocol::rejection_json("rejected", why));
    };
    auto request = protocol::parse_enrol_request(body);
    if (!request) return reject(reason::kMalformedRequest, {});
    auto code = protocol::normalise_enrolment_code(request->code);
    if (!code) return reject(reason::kEnrolBadCode, request->device_id);
    // The proof signs the code as the council tool prints it (normalised), whatever was typed.
    request->code = *code;
    if (!vault::verify_detached(protocol::enrol_proof_text(request.value()), request->proof,
                                request->sign_public_key)) {
        return reject(reason::kEnrolBadProof, request->device_id);
    }
    auto epoch = store_.restore_epoch();
    if (!epoch) {
        metrics_.count_enrolment(reason::kStorage);
        log("event=enrol_failed device=" + request->device_id + " reason=server.storage status=503");
        answer(res, 503, protocol::rejection_json("error", reason::kStorage));
        return;
    }
    DeviceRecord device;
    device.device_id = request->device_id;
    device.sign_public_key = request->sign_public_key;
    device.box_public_key = request->box_public_key;
    auto redeemed = store_.redeem_enrolment_code(protocol::enrolment_code_hash(*code), device, ingestor_.now());
    if (!redeemed) {
        metrics_.count_enrolment(reason::kStorage);
        log("event=enrol_failed device=" + request->device_id + " reason=server.storage status=503");
        answer(res, 503, protocol::rejection_json("error", reason::kStorage));
        return;
    }
    switch (redeemed.value()) {
    case RedeemOutcome::bad_code: return reject(reason::kEnrolBadCode, request->device_id);
    case RedeemOutcome::expired: return reject(reason::kEnrolExpired, request->device_id);
    case RedeemOutcome::enrolled:
    case RedeemOutcome::repeated: break;
    }
    protocol::EnrolResponse response;
    response.device_id = request->device_id;
    response.restore_epoch = epoch.value();
    response.receipt_key = receipt_key_.public_key;
    auto signature = vault::sign_detached(
        protocol::enrolled_signed_text(response.device_id, request->sign_public_key, response.restore_epoch),
        receipt_key_.secret_key);
    if (!signature) {
        log("event=enrol_failed device=" + request->device_id + " reason=receipt_key status=503");
        answer(res, 503, protocol::rejection_json("error", reason::kStorage));
        return;
    }
    response.signature = signature.value();
    const bool repeated = redeemed.value() == RedeemOutcome::repeated;
    metrics_.count_enrolment(repeated ? "repeated" : "enrolled");
    log("event=enrolled device=" + response.device_id + (repeated ? " repeated=yes" : " repeated=no"));
    answer(res, 200, protocol::to_json(response));
}

void SyncServer::handle_health(httplib::Response& res) {
    auto records = store_.count();
    auto epoch = records ? store_.restore_epoch() : Result<std::string>(records.error());
    nlohmann::ordered_json body;
    if (records && epoch) {
        body["status"] = "ok";
        body["records"] = records.value();
        body["restore_epoch"] = epoch.value();
        res.status = 200;
    } else {
        log("event=health_failed error=" + (records ? epoch.error().code : records.error().code));
        body["status"] = "error";
        res.status = 503;
    }
    res.set_content(body.dump(), kJson);
}

void SyncServer::handle_metrics(httplib::Response& res) { answer(res, 200, metrics_.to_json()); }

} // namespace selfdirect::sync
