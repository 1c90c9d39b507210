// How long and how much one connection to the receiver may take (docs/sync-protocol.md, "Limits").
// cpp-httplib 0.11 (Debian 12) gives each connection a worker from a fixed pool of eight and bounds
// only each single read, so a client trickling one byte per read kept a worker for ever, and it
// does not cap a chunked body at all. Here each connection is served through a stream that holds
// every request to deadlines (first byte, headers, whole request) and to a byte budget for its body
// per route, and connections run on a pool that grows to `max_connections` threads, so slow clients
// cannot take the workers the others need.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <openssl/ssl.h>

namespace httplib {
class Stream;
class Request;
class TaskQueue;
} // namespace httplib

namespace selfdirect::sync {

struct ConnectionLimits {
    // Wait for the first byte of a request: after connecting (and the TLS handshake) and between
    // keep-alive requests. Also the TLS handshake's own limit.
    std::chrono::milliseconds idle{5000};
    // From a request's first byte to the end of its headers.
    std::chrono::milliseconds headers{10000};
    // From a request's first byte to the last byte of its body, whatever the pace of the bytes.
    std::chrono::milliseconds request{120000};
    // Longest wait for any single read or write to make progress.
    std::chrono::milliseconds io{10000};
    std::size_t max_requests_per_connection = 100;
    // Connections served at once (one thread each); more wait for a free thread.
    std::size_t max_connections = 256;
};

// Bytes of a request body a route may have on the wire (chunk framing included): its body cap plus
// room for framing. A read past it fails, whatever the route's handler does.
using BodyBudget = std::function<std::size_t(const httplib::Request&)>;

// Serves one accepted connection until it closes, fails a limit, or `stopping()` turns true
// between requests, then closes the socket. `ssl_context` null: plain HTTP. `process` is the
// server's own request processing (httplib::Server::process_request), given the stream, whether
// this is the connection's last request, and where to say the client asked to close; it must call
// `setup` once the headers are read (httplib's setup_request).
using ProcessRequest = std::function<bool(httplib::Stream& stream, bool last_request, bool& connection_closed,
                                          const std::function<void(httplib::Request&)>& setup)>;
void serve_connection(int socket, SSL_CTX* ssl_context, const ConnectionLimits& limits, const BodyBudget& budget,
                      const std::function<bool()>& stopping, const ProcessRequest& process);

// For a route handler, about the request being handled on this thread: whether its body ran past
// the route's budget (answer 413), and a way to close the connection after the answer (a body left
// unread must never be parsed as the next request).
bool body_over_budget();
void close_after_answer();

// A task queue for httplib::Server::new_task_queue: one thread per connection, started as needed
// up to `max_threads` and kept for later connections; joined by shutdown().
std::unique_ptr<httplib::TaskQueue> make_connection_threads(std::size_t max_threads);

} // namespace selfdirect::sync
