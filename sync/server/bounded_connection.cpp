// serve_connection(): the receiver's own per-connection loop in place of httplib's, over a stream
// that enforces ConnectionLimits on every read (plain sockets and OpenSSL alike), and the growing
// connection thread pool. httplib still parses requests and routes them (Server::process_request).
#include "sync/server/bounded_connection.h"

#include <httplib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include <csignal>

#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace selfdirect::sync {

namespace {

using Clock = std::chrono::steady_clock;
// Waits are cut into slices this long so a stopping server need not wait out a slow client.
constexpr std::chrono::milliseconds kSlice{100};
// After refusing a body it did not read, the receiver drains what the client still sends for at
// most this long before closing, so the client reads the answer instead of a reset connection.
constexpr std::chrono::milliseconds kLinger{2000};

enum class Phase { idle, headers, body };

// Waits until `fd` is ready for `events` or `deadline` passes; gives up early when `stopping` says so
// (if given). True when ready.
bool wait_ready(int fd, short events, Clock::time_point deadline, const std::function<bool()>* stopping) {
    for (;;) {
        const auto now = Clock::now();
        if (now >= deadline) return false;
        const auto slice = std::min<Clock::duration>(deadline - now, kSlice);
        pollfd p{fd, events, 0};
        const int ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(slice).count()) + 1;
        const int ready = ::poll(&p, 1, ms);
        if (ready > 0) return true;
        if (ready < 0 && errno != EINTR) return false;
        if (stopping && *stopping && (*stopping)()) return false;
    }
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int got = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                         : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    if (got != 0) return;
    std::array<char, NI_MAXHOST> host{};
    std::array<char, NI_MAXSERV> serv{};
    if (::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host.data(), host.size(), serv.data(), serv.size(),
                      NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
        ip = host.data();
        port = std::atoi(serv.data());
    }
}

class GuardedStream;
thread_local GuardedStream* t_current = nullptr;

class GuardedStream final : public httplib::Stream {
public:
    GuardedStream(int fd, SSL* ssl, const ConnectionLimits& limits, const std::function<bool()>& stopping)
        : fd_(fd), ssl_(ssl), limits_(limits), stopping_(stopping) {}

    // Between requests: true once the next request's first byte has arrived within limits.idle.
    bool wait_for_request() {
        phase_ = Phase::idle;
        idle_deadline_ = Clock::now() + limits_.idle;
        return pos_ < len_ || fill();
    }

    void begin_request() {
        const auto now = Clock::now();
        phase_ = Phase::headers;
        headers_deadline_ = now + limits_.headers;
        request_deadline_ = now + limits_.request;
        body_read_ = 0;
        budget_ = SIZE_MAX;
        over_budget_ = false;
        close_after_ = false;
    }

    // httplib has read the headers: from here on bytes are the body, counted against `budget`.
    void headers_done(std::size_t budget) {
        phase_ = Phase::body;
        budget_ = budget;
    }

    bool over_budget() const { return over_budget_; }
    void close_after_answer() { close_after_ = true; }
    // The connection cannot carry another request (a limit tripped, a body left unread, I/O failed).
    bool must_close() const { return broken_ || over_budget_ || close_after_; }
    // A body may be on its way that nobody will read: drain it before closing.
    bool should_linger() const { return over_budget_ || close_after_; }

    bool is_readable() const override {
        if (pos_ < len_ || (ssl_ && SSL_pending(ssl_) > 0)) return true;
        return wait_ready(fd_, POLLIN, read_deadline(), nullptr);
    }
    bool is_writable() const override { return wait_ready(fd_, POLLOUT, Clock::now() + limits_.io, nullptr); }

    ssize_t read(char* ptr, std::size_t size) override {
        if (size == 0) return 0;
        if (phase_ == Phase::body) {
            if (body_read_ >= budget_) {
                over_budget_ = true;
                return -1;
            }
            size = std::min(size, budget_ - body_read_);
        }
        if (pos_ == len_ && !fill()) return -1;
        const std::size_t n = std::min(size, len_ - pos_);
        std::memcpy(ptr, buffer_.data() + pos_, n);
        pos_ += n;
        if (phase_ == Phase::body) body_read_ += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, std::size_t size) override {
        if (write_broken_) return -1;
        size = std::min<std::size_t>(size, INT_MAX);
        for (;;) {
            short wait_for = POLLOUT;
            if (ssl_) {
                const int n = SSL_write(ssl_, ptr, static_cast<int>(size));
                if (n > 0) return n;
                const int err = SSL_get_error(ssl_, n);
                if (err == SSL_ERROR_WANT_READ) {
                    wait_for = POLLIN;
                } else if (err != SSL_ERROR_WANT_WRITE) {
                    break;
                }
            } else {
                const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
                if (n >= 0) return n;
                if (errno == EINTR) continue;
                if (errno != EAGAIN && errno != EWOULDBLOCK) break;
            }
            if (!wait_ready(fd_, wait_for, Clock::now() + limits_.io, nullptr)) break;
        }
        write_broken_ = broken_ = true;
        return -1;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(fd_, true, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(fd_, false, ip, port); }
    socket_t socket() const override { return fd_; }

private:
    // The deadline the current phase allows a read, never further than one io limit away.
    Clock::time_point read_deadline() const {
        Clock::time_point deadline = request_deadline_;
        if (phase_ == Phase::idle) deadline = idle_deadline_;
        if (phase_ == Phase::headers) deadline = std::min(headers_deadline_, request_deadline_);
        return std::min(deadline, Clock::now() + limits_.io);
    }

    // Refills the buffer with at least one byte; false (and the connection broken) on end of
    // stream, error, a deadline passed, or a stopping server while no body is being read.
    bool fill() {
        if (broken_) return false;
        pos_ = len_ = 0;
        for (;;) {
            short wait_for = POLLIN;
            if (ssl_) {
                const int n = SSL_read(ssl_, buffer_.data(), static_cast<int>(buffer_.size()));
                if (n > 0) {
                    len_ = static_cast<std::size_t>(n);
                    return true;
                }
                const int err = SSL_get_error(ssl_, n);
                if (err == SSL_ERROR_WANT_WRITE) {
                    wait_for = POLLOUT;
                } else if (err != SSL_ERROR_WANT_READ) {
                    break;
                }
            } else {
                const ssize_t n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
                if (n > 0) {
                    len_ = static_cast<std::size_t>(n);
                    return true;
                }
                if (n < 0 && errno == EINTR) continue;
                if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) break;
            }
            // A body already under way is finished (or times out); otherwise a stop ends the wait.
            const std::function<bool()>* stop = phase_ == Phase::body ? nullptr : &stopping_;
            if (!wait_ready(fd_, wait_for, read_deadline(), stop)) break;
        }
        broken_ = true;
        return false;
    }

    int fd_;
    SSL* ssl_;
    const ConnectionLimits& limits_;
    const std::function<bool()>& stopping_;
    std::array<char, 16 * 1024> buffer_{};
    std::size_t pos_ = 0;
    std::size_t len_ = 0;
    Phase phase_ = Phase::idle;
    Clock::time_point idle_deadline_{};
    Clock::time_point headers_deadline_{};
    Clock::time_point request_deadline_{};
    std::size_t body_read_ = 0;
    std::size_t budget_ = SIZE_MAX;
    bool over_budget_ = false;
    bool close_after_ = false;
    bool broken_ = false;
    bool write_broken_ = false;
};

// Non-blocking TLS handshake within `limit`.
bool tls_accept(int fd, SSL* ssl, std::chrono::milliseconds limit, const std::function<bool()>& stopping) {
    const auto deadline = Clock::now() + limit;
    for (;;) {
        const int r = SSL_accept(ssl);
        if (r == 1) return true;
        const int err = SSL_get_error(ssl, r);
        short wait_for = 0;
        if (err == SSL_ERROR_WANT_READ) wait_for = POLLIN;
        if (err == SSL_ERROR_WANT_WRITE) wait_for = POLLOUT;
        if (wait_for == 0 || !wait_ready(fd, wait_for, deadline, &stopping)) return false;
    }
}

// Half-closes, then reads and discards whatever the client still sends until it closes or kLinger
// passes, then closes.
void linger_and_close(int fd) {
    ::shutdown(fd, SHUT_WR);
    const auto deadline = Clock::now() + kLinger;
    std::array<char, 16 * 1024> scratch{};
    while (wait_ready(fd, POLLIN, deadline, nullptr)) {
        const ssize_t n = ::recv(fd, scratch.data(), scratch.size(), 0);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) break;
    }
    ::close(fd);
}

class ConnectionThreads final : public httplib::TaskQueue {
public:
    explicit ConnectionThreads(std::size_t max_threads) : max_threads_(std::max<std::size_t>(1, max_threads)) {}
    ~ConnectionThreads() override { shutdown(); }

    void enqueue(std::function<void()> fn) override {
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back(std::move(fn));
            // A new thread only when every idle one already has a job waiting for it.
            if (idle_ < jobs_.size() && threads_.size() < max_threads_) threads_.emplace_back([this] { work(); });
        }
        ready_.notify_one();
    }

    void shutdown() override {
        std::vector<std::thread> threads;
        {
            std::lock_guard lock(mutex_);
            shutdown_ = true;
            threads.swap(threads_);
        }
        ready_.notify_all();
        for (auto& t : threads) t.join();
    }

private:
    void work() {
        // A client gone before its answer is written must cost an EPIPE, not the process: OpenSSL
        // writes with write(), which raises SIGPIPE in the writing thread unless it is blocked there.
        sigset_t pipe;
        sigemptyset(&pipe);
        sigaddset(&pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
        std::unique_lock lock(mutex_);
        for (;;) {
            ++idle_;
            ready_.wait(lock, [this] { return !jobs_.empty() || shutdown_; });
            --idle_;
            if (jobs_.empty()) return; // shut down with nothing left to serve
            auto job = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            job();
            lock.lock();
        }
    }

    const std::size_t max_threads_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    std::size_t idle_ = 0;
    bool shutdown_ = false;
};

} // namespace

void serve_connection(int socket, SSL_CTX* ssl_context, const ConnectionLimits& limits, const BodyBudget& budget,
                      const std::function<bool()>& stopping, const ProcessRequest& process) {
    const int flags = ::fcntl(socket, F_GETFL, 0);
    if (flags < 0 || ::fcntl(socket, F_SETFL, flags | O_NONBLOCK) != 0) {
        ::close(socket);
        return;
    }
    SSL* ssl = nullptr;
    if (ssl_context) {
        ssl = SSL_new(ssl_context);
        if (!ssl || SSL_set_fd(ssl, socket) != 1 || !tls_accept(socket, ssl, limits.idle, stopping)) {
            if (ssl) SSL_free(ssl);
            ::close(socket);
            return;
        }
    }

    bool linger = false;
    {
        GuardedStream stream(socket, ssl, limits, stopping);
        GuardedStream* const outer = t_current;
        t_current = &stream;
        const std::function<void(httplib::Request&)> setup = [&stream, &budget](httplib::Request& req) {
            stream.headers_done(budget ? budget(req) : SIZE_MAX);
        };
        for (std::size_t served = 0; served < limits.max_requests_per_connection; ++served) {
            if (!stream.wait_for_request()) break;
            stream.begin_request();
            const bool last = served + 1 >= limits.max_requests_per_connection || stopping();
            bool closed = false;
            const bool ok = process(stream, last, closed, setup);
            if (!ok || closed || last || stream.must_close()) break;
        }
        t_current = outer;
        linger = stream.should_linger();
    }
    if (ssl) {
        SSL_shutdown(ssl); // one close_notify, not waiting for the client's
        SSL_free(ssl);
    }
    if (linger) {
        linger_and_close(socket);
    } else {
        ::close(socket);
    }
}

bool body_over_budget() { return t_current && t_current->over_budget(); }

void close_after_answer() {
    if (t_current) t_current->close_after_answer();
}

std::unique_ptr<httplib::TaskQueue> make_connection_threads(std::size_t max_threads) {
    return std::make_unique<ConnectionThreads>(max_threads);
}

} // namespace selfdirect::sync
