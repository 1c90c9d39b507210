// One JSON POST from the device to the receiver, over HTTP or HTTPS (cpp-httplib with OpenSSL).
// With a CA file, only that file is trusted (docs/sync-protocol.md, "Transport"); otherwise the
// system store. Transport failures are values, so the sync client can back off instead of throwing.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace selfdirect::sync::detail {

struct HttpAnswer {
    int status = 0;
    std::string body;
};

struct HttpOptions {
    std::filesystem::path ca_file;
    int connect_timeout_seconds = 5;
    int read_write_timeout_seconds = 30;
};

// nullopt with `error` set when no HTTP answer arrived (bad URL, refused, timeout, TLS failure).
std::optional<HttpAnswer> post_json(const std::string& base_url, const std::string& path, const std::string& body,
                                    const HttpOptions& options, std::string& error);

} // namespace selfdirect::sync::detail
