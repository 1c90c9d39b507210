// The receiver under hostile clients on loopback, through raw sockets so the requests can be what
// no device sends: chunked bodies past the caps (they must be refused while being read, on every
// route, and never stored), many idle or trickling connections (the health route must still answer
// at once), a client that trickles its headers past the deadline, and a multipart body (refused by
// its content type before httplib tries to parse it).
#include "server_test_support.h"

#include <atomic>
#include <chrono>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace selfdirect;
using namespace selfdirect::sync;
using namespace selfdirect::sync::server_testing;
using Clock = std::chrono::steady_clock;

namespace {

// A raw TCP connection to 127.0.0.1:port.
class RawConnection {
public:
    explicit RawConnection(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    }
    ~RawConnection() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Sends all of `data` unless the server stops taking it; false then.
    bool send_all(std::string_view data) {
        while (!data.empty()) {
            const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    // Everything the server sends until it closes, a complete answer arrives, or `limit` passes.
    std::string read_answer(std::chrono::milliseconds limit) {
        std::string got;
        const auto deadline = Clock::now() + limit;
        char buf[4096];
        while (Clock::now() < deadline) {
            pollfd p{fd_, POLLIN, 0};
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (::poll(&p, 1, static_cast<int>(std::max<long long>(1, left.count()))) <= 0) continue;
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) {
                closed_ = true;
                break;
            }
            got.append(buf, static_cast<std::size_t>(n));
            if (complete(got)) break;
        }
        return got;
    }

    bool closed() const { return closed_; }

private:
    static bool complete(const std::string& text) {
        const auto end = text.find("\r\n\r\n");
        if (end == std::string::npos) return false;
        const auto at = text.find("Content-Length: ");
        if (at == std::string::npos || at > end) return false;
        return text.size() >= end + 4 + std::stoul(text.substr(at + 16));
    }
    int fd_ = -1;
    bool closed_ = false;
};

int status_of(const std::string& answer) {
    if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
}

std::string reason_in(const std::string& answer) {
    const auto body = answer.find("\r\n\r\n");
    if (body == std::string::npos) return "<no answer>";
    const auto j = nlohmann::json::parse(answer.substr(body + 4), nullptr, false);
    return j.is_object() && j.contains("reason") ? j["reason"].get<std::string>() : std::string("<none>");
}

std::string chunk(std::string_view data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return std::string(size) + std::string(data) + "\r\n";
}

// Sends `body` chunked (64 KiB chunks), stopping once `stop_after` bytes of it went out; with
// `finish`, the terminating chunk follows.
void send_chunked(RawConnection& connection, const std::string& path, std::string_view body, std::size_t stop_after,
                  bool finish) {
    REQUIRE(connection.send_all("POST " + path +
                                " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n"));
    std::size_t sent = 0;
    while (sent < body.size() && sent < stop_after) {
        const std::size_t n = std::min<std::size_t>(64 * 1024, body.size() - sent);
        if (!connection.send_all(chunk(body.substr(sent, n)))) return; // the server closed: fine
        sent += n;
    }
    if (finish) connection.send_all("0\r\n\r\n");
}

// Polls `done` until it holds (true) or `limit` passes (false): for state the server reaches on
// its own threads, e.g. how many body bytes it holds.
template <typename Done>
bool wait_until(std::chrono::milliseconds limit, Done done) {
    const auto deadline = Clock::now() + limit;
    while (!done()) {
        if (Clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

// A real upload batch of enrolled envelopes whose JSON is just over `size` bytes.
std::string upload_body_over(const Device& device, std::size_t size) {
    protocol::UploadRequest request;
    request.device_id = device.id;
    const std::string answer(2u * 1024u * 1024u, 'a'); // ~2.7 MiB of base64 per envelope
    std::string body;
    while ((body = protocol::to_json(request)).size() <= size) request.envelopes.push_back(seal(device, {}, 1, answer));
    return body;
}

} // namespace

TEST_CASE("a chunked upload over 16 MiB is refused with 413 body.too_large while it is read and nothing is stored") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const Device device = make_device("kiosk-1");
    enrol(server.store(), device);
    const std::string body = upload_body_over(device, protocol::kMaxBodyBytes + 1024 * 1024);
    REQUIRE(body.size() > protocol::kMaxBodyBytes);

    RawConnection connection(server.port());
    send_chunked(connection, protocol::kUploadPath, body, body.size(), true);
    const std::string answer = connection.read_answer(std::chrono::seconds(20));
    CHECK_MESSAGE(status_of(answer) == 413, answer.substr(0, 300));
    CHECK(reason_in(answer) == "body.too_large");
    CHECK(stored_count(server.store()) == 0);
    CHECK(get(server.url(), protocol::kHealthPath).status == 200);
}

TEST_CASE("a chunked body that goes on past the cap is answered 413 before it ends, on upload and enrolment") {
    TempDir dir;
    RunningServer server(dir / "server.db");

    SUBCASE("upload: answered once the cap is passed, with the body still unfinished") {
        const std::string endless(protocol::kMaxBodyBytes + 1024 * 1024, 'x');
        RawConnection connection(server.port());
        send_chunked(connection, protocol::kUploadPath, endless, endless.size(), false);
        const std::string answer = connection.read_answer(std::chrono::seconds(5));
        CHECK_MESSAGE(status_of(answer) == 413, answer.substr(0, 300));
        CHECK(reason_in(answer) == "body.too_large");
    }
    SUBCASE("enrolment: its cap is 64 KiB") {
        const std::string big(kMaxEnrolBodyBytes + 64 * 1024, 'x');
        RawConnection connection(server.port());
        send_chunked(connection, protocol::kEnrolPath, big, big.size(), false);
        const std::string answer = connection.read_answer(std::chrono::seconds(5));
        CHECK_MESSAGE(status_of(answer) == 413, answer.substr(0, 300));
        CHECK(reason_in(answer) == "body.too_large");
    }
    SUBCASE("enrolment: a finished chunked body over its cap") {
        const std::string big = R"({"protocol":2,"device_id":")" + std::string(kMaxEnrolBodyBytes, 'k') + R"("})";
        RawConnection connection(server.port());
        send_chunked(connection, protocol::kEnrolPath, big, big.size(), true);
        const std::string answer = connection.read_answer(std::chrono::seconds(5));
        CHECK_MESSAGE(status_of(answer) == 413, answer.substr(0, 300));
        CHECK(reason_in(answer) == "body.too_large");
    }
    SUBCASE("a route without a body: the connection is answered and closed, not read for ever") {
        const std::string endless(4 * 1024 * 1024, 'x');
        RawConnection connection(server.port());
        send_chunked(connection, "/v2/nowhere", endless, endless.size(), false);
        const std::string answer = connection.read_answer(std::chrono::seconds(5));
        CHECK_MESSAGE(status_of(answer) >= 400, answer.substr(0, 300));
    }
    CHECK(get(server.url(), protocol::kHealthPath).status == 200);
}

TEST_CASE("64 idle or trickling connections leave the health route answering within a second") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 64; ++i) slow.push_back(std::make_unique<RawConnection>(server.port()));
    // Half stay silent after connecting; the other half send their headers one byte a second.
    std::atomic<bool> done{false};
    std::thread trickler([&] {
        const std::string headers = "GET /v2/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        for (std::size_t i = 0; !done; ++i) {
            for (std::size_t c = 1; c < slow.size(); c += 2) slow[c]->send_all(std::string(1, headers[i % headers.size()]));
            for (int wait = 0; wait < 10 && !done; ++wait) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(1500)); // every connection accepted and waiting

    httplib::Client client(server.url());
    client.set_connection_timeout(2, 0);
    client.set_read_timeout(2, 0);
    const auto start = Clock::now();
    const auto health = client.Get(protocol::kHealthPath);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    done = true;
    trickler.join();
    REQUIRE_MESSAGE(static_cast<bool>(health), "no answer within 2 s: " << httplib::to_string(health.error()));
    CHECK(health->status == 200);
    CHECK_MESSAGE(took < std::chrono::milliseconds(1000), "health took " << took.count() << " ms");
}

TEST_CASE("a client trickling its headers is cut off at the header deadline however often it sends") {
    TempDir dir;
    SyncServerOptions options;
    options.limits.headers = std::chrono::milliseconds(800);
    options.limits.io = std::chrono::milliseconds(500);
    RunningServer server(dir / "server.db", options);
    RawConnection connection(server.port());
    const std::string headers = "GET /v2/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(100, 'a');
    const auto start = Clock::now();
    std::string answer;
    // One byte every 100 ms: each read makes progress well inside the io limit, so only a deadline
    // on the whole request's headers stops it.
    for (const char c : headers) {
        if (!connection.send_all(std::string(1, c))) break;
        answer = connection.read_answer(std::chrono::milliseconds(100));
        if (!answer.empty() || connection.closed()) break;
        if (Clock::now() - start > std::chrono::seconds(3)) break; // bounded even when nothing cuts it off
    }
    const auto took = Clock::now() - start;
    CHECK_MESSAGE((connection.closed() || status_of(answer) == 400), answer);
    CHECK(answer.find("\"status\":\"ok\"") == std::string::npos);
    CHECK(took > std::chrono::milliseconds(700));
    CHECK(took < std::chrono::milliseconds(3000));
}

TEST_CASE("bodies held at once are bounded across connections: past the allowance a body gets 503 server.busy") {
    TempDir dir;
    SyncServerOptions options;
    options.max_buffered_body_bytes = 1024 * 1024;
    RunningServer server(dir / "server.db", options);
    constexpr std::size_t kHeld = 800 * 1024;
    {
        // One slow upload holds 800 KiB of the 1 MiB allowance...
        RawConnection holder(server.port());
        send_chunked(holder, protocol::kUploadPath, std::string(kHeld, 'x'), kHeld, false);
        // ...once the server has read all of it: the sends return when the kernel has the bytes,
        // not the server, and a post racing the holder's last chunks would take the allowance
        // first and get the holder refused instead.
        REQUIRE(wait_until(std::chrono::seconds(10), [&] { return server.server().buffered_body_bytes() == kHeld; }));
        // So a 400 KiB body is refused while it is read, not buffered...
        const Answer busy = post(server.url(), protocol::kUploadPath, std::string(400 * 1024, 'x'));
        CHECK(busy.status == 503);
        CHECK(busy.json()["reason"] == "server.busy");
        CHECK(busy.json()["result"] == "error");
        // ...giving back what it took, while the holder keeps its share.
        CHECK(server.server().buffered_body_bytes() == kHeld);
    }
    // The holder gone, its share is given back.
    REQUIRE(wait_until(std::chrono::seconds(10), [&] { return server.server().buffered_body_bytes() == 0; }));
    const Answer after = post(server.url(), protocol::kUploadPath, std::string(400 * 1024, 'x'));
    CHECK(after.status == 400);
    CHECK(after.json()["reason"] == "request.malformed");
}

TEST_CASE("a multipart/form-data upload or enrolment is refused as request.content_type") {
    TempDir dir;
    RunningServer server(dir / "server.db");
    const std::string body = "--xyz\r\nContent-Disposition: form-data; name=\"envelopes\"\r\n\r\n[]\r\n--xyz--\r\n";
    for (const std::string path : {protocol::kUploadPath, protocol::kEnrolPath}) {
        const Answer answer = post(server.url(), path, body, "multipart/form-data; boundary=xyz");
        CHECK_MESSAGE(answer.status == 400, path);
        CHECK_MESSAGE(answer.json()["reason"] == "request.content_type", path << ": " << answer.body);
    }
    CHECK(get(server.url(), protocol::kHealthPath).status == 200);
}
