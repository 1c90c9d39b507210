// One JSON POST from the device to the receiver, over HTTP or HTTPS (cpp-httplib with OpenSSL).
// With a CA file, only that file is trusted (docs/sync-protocol.md, "Transport"); otherwise the
// system store. Transport failures are values, so the sync client can back off instead of throwing.
#pragma once

#include "core/result.h"

#include <filesystem>
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

// The receiver's HTTP answer, whatever its status, or why none arrived:
//   "sync.bad_url"  the server address cannot be used (the profile needs changing);
//   "sync.timeout"  no connection, or no answer, within the timeouts (something answers the
//                   address, or holds it, but does not reply: a stuck receiver or a proxy);
//   "sync.network"  anything else on the way (refused, unresolvable, reset, TLS failure).
Result<HttpAnswer> post_json(const std::string& base_url, const std::string& path, const std::string& body,
                             const HttpOptions& options);

} // namespace selfdirect::sync::detail
