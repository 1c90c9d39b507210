// JSON POST over cpp-httplib (see http_post.h).
#include "sync/client/http_post.h"

#include "sync/protocol/sync_wire.h"

#include <httplib.h>

namespace selfdirect::sync::detail {

std::optional<HttpAnswer> post_json(const std::string& base_url, const std::string& path, const std::string& body,
                                    const HttpOptions& options, std::string& error) {
    httplib::Client client(base_url);
    if (!client.is_valid()) {
        error = "sync.bad_url: cannot use the server address";
        return std::nullopt;
    }
    client.set_connection_timeout(options.connect_timeout_seconds, 0);
    client.set_read_timeout(options.read_write_timeout_seconds, 0);
    client.set_write_timeout(options.read_write_timeout_seconds, 0);
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    // Only the named CA is trusted when there is one; the receipt key is pinned separately anyway.
    if (!options.ca_file.empty()) client.set_ca_cert_path(options.ca_file.string());
    client.enable_server_certificate_verification(true);
#endif
    auto response = client.Post(path.c_str(), body, protocol::kJsonContentType);
    if (!response) {
        error = "sync.network: " + httplib::to_string(response.error());
        return std::nullopt;
    }
    return HttpAnswer{response->status, response->body};
}

} // namespace selfdirect::sync::detail
