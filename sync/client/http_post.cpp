// JSON POST over cpp-httplib (see http_post.h).
#include "sync/client/http_post.h"

#include "sync/protocol/sync_wire.h"

#include <httplib.h>

#include <chrono>
#include <string_view>

namespace selfdirect::sync::detail {

namespace {

// cpp-httplib 0.11 (Debian 12) names a connect timeout (Error::ConnectionTimeout) but reports a
// read or write that timed out as Error::Read / Error::Write, the same as a peer that closed the
// connection. A closed connection fails as soon as it closes; a timeout only after the whole
// read/write timeout, so the time the request took tells the two apart.
bool timed_out(httplib::Error error, std::chrono::steady_clock::duration took, const HttpOptions& options) {
    if (error == httplib::Error::ConnectionTimeout) return true;
    if (error != httplib::Error::Read && error != httplib::Error::Write) return false;
    const auto limit = std::chrono::seconds(options.read_write_timeout_seconds);
    return took * 10 >= limit * 9; // poll() never wakes early; a margin for the clocks' rounding
}

// cpp-httplib throws std::invalid_argument for a scheme it does not speak and takes anything else
// as a host name; so the address is checked here, and a bad one is a value like any other failure.
bool usable_url(const std::string& url) {
    for (const std::string_view scheme : {"http://", "https://"}) {
        if (url.rfind(scheme, 0) != 0) continue;
        const std::string_view rest = std::string_view(url).substr(scheme.size());
        return !rest.empty() && rest.front() != '/' && rest.front() != ':' &&
               rest.find_first_of(" \t\r\n") == std::string_view::npos;
    }
    return false;
}

} // namespace

Result<HttpAnswer> post_json(const std::string& base_url, const std::string& path, const std::string& body,
                             const HttpOptions& options) {
    if (!usable_url(base_url)) return make_error("sync.bad_url", "the server address is not an http:// or https:// address");
    httplib::Client client(base_url);
    if (!client.is_valid()) return make_error("sync.bad_url", "cannot use the server address");
    client.set_connection_timeout(options.connect_timeout_seconds, 0);
    client.set_read_timeout(options.read_write_timeout_seconds, 0);
    client.set_write_timeout(options.read_write_timeout_seconds, 0);
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    // Only the named CA is trusted when there is one; the receipt key is pinned separately anyway.
    if (!options.ca_file.empty()) client.set_ca_cert_path(options.ca_file.string());
    client.enable_server_certificate_verification(true);
#endif
    const auto started = std::chrono::steady_clock::now();
    auto response = client.Post(path.c_str(), body, protocol::kJsonContentType);
    if (!response) {
        const httplib::Error error = response.error();
        if (timed_out(error, std::chrono::steady_clock::now() - started, options))
            return make_error("sync.timeout", "no answer within the timeout (" + httplib::to_string(error) + ")");
        return make_error("sync.network", httplib::to_string(error));
    }
    return HttpAnswer{response->status, response->body};
}

} // namespace selfdirect::sync::detail
