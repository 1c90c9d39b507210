// The wire contract of the skeleton sync protocol (docs/sync-protocol.md), shared by the device
// uploader and the council receiver so both sides agree on paths, limits and the response shape.
// Issue 6 extends it with device enrolment and signed receipts.
#pragma once

#include "core/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace selfdirect::sync::protocol {

inline constexpr const char* kEnvelopesPath = "/v1/envelopes";
inline constexpr const char* kHealthPath = "/v1/health";
inline constexpr const char* kEnvelopeContentType = "application/octet-stream";
// A questionnaire envelope is a few KiB; the cap bounds memory per request, well above any real one.
inline constexpr std::size_t kMaxEnvelopeBytes = 16u * 1024u * 1024u;

// What the server did with one submitted envelope.
enum class SubmitResult { stored, duplicate, conflict, rejected, error };

std::string_view to_string(SubmitResult result);

// Stable reason codes carried in "reason" (rejected/conflict/error answers).
inline constexpr const char* kReasonTooLarge = "body.too_large";
inline constexpr const char* kReasonContentType = "request.content_type";
inline constexpr const char* kReasonKeyMismatch = "device.key_mismatch";
inline constexpr const char* kReasonRevisionExists = "record.revision_exists";
inline constexpr const char* kReasonStorage = "server.storage";

// The JSON body of every POST /v1/envelopes answer. `seq` is the server sequence of the stored
// copy (stored/duplicate only, 0 otherwise); `reason` is empty for stored/duplicate.
struct SubmitResponse {
    SubmitResult result = SubmitResult::rejected;
    std::string record_id;
    std::uint32_t revision = 0;
    std::string envelope_hash;
    std::int64_t seq = 0;
    std::string reason;
};

std::string to_json(const SubmitResponse& response);
// Fails with "sync.bad_response" when the text is not a well-formed answer.
Result<SubmitResponse> parse_submit_response(std::string_view json_text);

// The HTTP status that goes with each result (201, 200, 409, 400, 503); 413 is chosen separately.
int http_status(SubmitResult result);

} // namespace selfdirect::sync::protocol
