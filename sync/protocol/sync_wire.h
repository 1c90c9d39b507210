// The wire contract of sync protocol v2 (docs/sync-protocol.md), shared by the device uploader, the
// council receiver, the bundle code and the test-vector writer, so no side can drift from another on
// field names, caps, result strings or the bytes a receipt signs. Pure: JSON in, structs out; the
// only crypto here is Ed25519 over the documented signed texts.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"
#include "vault/receipt.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::sync::protocol {

inline constexpr int kProtocolVersion = 2;
inline constexpr const char* kUploadPath = "/v2/upload";
inline constexpr const char* kEnrolPath = "/v2/enrol";
inline constexpr const char* kHealthPath = "/v2/health";
inline constexpr const char* kMetricsPath = "/v2/metrics";
inline constexpr const char* kJsonContentType = "application/json";

inline constexpr std::size_t kMaxBodyBytes = 16u * 1024u * 1024u;
inline constexpr std::size_t kMaxEnvelopeBytes = 4u * 1024u * 1024u;
inline constexpr std::size_t kMaxBatchEnvelopes = 100;
inline constexpr std::size_t kDeviceBatchSize = 50; // what a device sends at once
inline constexpr std::int64_t kClockFutureSeconds = 24 * 3600;
inline constexpr std::int64_t kClockPastSeconds = 400LL * 24 * 3600;

// Per-envelope result of an upload.
enum class UploadResult { stored, duplicate, conflict, rejected, error };
std::string_view to_string(UploadResult result);
std::optional<UploadResult> upload_result_from(std::string_view text);

// Stable reason codes (docs/sync-protocol.md).
namespace reason {
inline constexpr const char* kBodyTooLarge = "body.too_large";
inline constexpr const char* kContentType = "request.content_type";
inline constexpr const char* kMalformedRequest = "request.malformed";
inline constexpr const char* kEnvelopeMalformed = "envelope.malformed";
inline constexpr const char* kEnvelopeTooLarge = "envelope.too_large";
inline constexpr const char* kEnvelopeVersion = "envelope.unsupported_version";
inline constexpr const char* kBadSignature = "envelope.bad_signature";
inline constexpr const char* kNotEnrolled = "device.not_enrolled";
inline constexpr const char* kRevoked = "device.revoked";
inline constexpr const char* kKeyMismatch = "device.key_mismatch";
inline constexpr const char* kNotSender = "device.not_sender";
inline constexpr const char* kRevisionExists = "record.revision_exists";
inline constexpr const char* kStorage = "server.storage";
inline constexpr const char* kBusy = "server.busy"; // 503: too many bodies being read at once; retry later
inline constexpr const char* kEnrolBadCode = "enrol.bad_code";
inline constexpr const char* kEnrolExpired = "enrol.expired";
inline constexpr const char* kEnrolBadProof = "enrol.bad_proof";
inline constexpr const char* kEnrolSlowDown = "enrol.slow_down";
} // namespace reason

// --- Receipts -------------------------------------------------------------------------------
// The vault's receipt type: the device stores a verified receipt exactly as it arrived.
using Receipt = vault::StoredReceipt;

// The exact bytes a receipt signature covers ("selfdirect-receipt-v2\n" + six lines).
std::string receipt_signed_text(const Receipt& receipt);
// Signs with an Ed25519 secret key (64 bytes); "sync.bad_key" on a wrong size.
Result<vault::Bytes> sign_receipt(const Receipt& receipt, const vault::SecureBytes& receipt_secret_key);
// True only when the signature verifies with the 32-byte public key.
bool receipt_signature_valid(const Receipt& receipt, const vault::Bytes& receipt_public_key);
// What a device checks before it trusts a receipt: signature, and that it names what was sent.
bool receipt_matches(const Receipt& receipt, const vault::Bytes& receipt_public_key, std::string_view record_id,
                     std::uint32_t revision, std::string_view envelope_hash);

// A receipt as the JSON object documented in docs/sync-protocol.md (for stores, bundles, tools).
std::string to_json(const Receipt& receipt);
// "sync.bad_response" unless every field is present with the right type (signature: 64 bytes).
Result<Receipt> parse_receipt(std::string_view json_text);

// True for 1-64 characters of A-Z a-z 0-9 - _ . : (docs/sync-protocol.md, "Encodings").
bool is_valid_device_id(std::string_view device_id);
// True for a lower-case UUID text (36 characters, 8-4-4-4-12 hex digits): what the receiver accepts
// as an envelope's record id, so no signed receipt line can carry a newline or other surprise.
bool is_valid_record_id(std::string_view record_id);
// The receiver's accepted revisions: 1 ... 2^31-1.
inline constexpr std::uint32_t kMaxRevision = 0x7fffffffu;

// --- Upload ---------------------------------------------------------------------------------
struct UploadRequest {
    std::string device_id;
    std::vector<vault::Bytes> envelopes;
    // Indexes whose base64 text was longer than kMaxEnvelopeBytes allows: not decoded, left empty in
    // `envelopes`, and answered envelope.too_large so one oversized envelope never blocks the others.
    std::vector<std::size_t> oversized;
};

struct EnvelopeOutcome {
    std::size_t index = 0;
    UploadResult result = UploadResult::rejected;
    std::string record_id;        // empty if the envelope could not be read
    std::uint32_t revision = 0;
    std::string envelope_hash;    // empty if not read
    std::optional<Receipt> receipt; // stored / duplicate
    std::string reason;           // conflict / rejected / error
};

struct UploadResponse {
    std::string restore_epoch;
    std::int64_t server_time = 0;
    std::vector<EnvelopeOutcome> results;
};

std::string to_json(const UploadRequest& request);
// "sync.bad_request" (reason request.malformed semantics): not JSON, wrong types, wrong protocol,
// a device_id that is not 1-64 of A-Z a-z 0-9 - _ . :, 0 or more than kMaxBatchEnvelopes envelopes,
// bad base64. Checks each base64 text length against kMaxEnvelopeBytes before decoding anything: an
// envelope over the cap is not decoded but listed in `oversized` (the batch itself is still read).
Result<UploadRequest> parse_upload_request(std::string_view json_text);
std::string to_json(const UploadResponse& response);
// "sync.bad_response" when the text is not a well-formed answer.
Result<UploadResponse> parse_upload_response(std::string_view json_text);

// --- Enrolment ------------------------------------------------------------------------------
struct EnrolRequest {
    std::string device_id;
    std::string code;
    vault::Bytes sign_public_key; // 32
    vault::Bytes box_public_key;  // 32
    vault::Bytes proof;           // 64
};

struct EnrolResponse {
    std::string device_id;
    std::string restore_epoch;
    vault::Bytes receipt_key; // 32: the receiver's receipt public key (the device compares it with its pin)
    vault::Bytes signature;   // 64: over enrolled_signed_text
};

std::string enrol_proof_text(const EnrolRequest& request);
std::string enrolled_signed_text(const std::string& device_id, const vault::Bytes& sign_public_key,
                                 const std::string& restore_epoch);
std::string to_json(const EnrolRequest& request);
Result<EnrolRequest> parse_enrol_request(std::string_view json_text);
std::string to_json(const EnrolResponse& response);
Result<EnrolResponse> parse_enrol_response(std::string_view json_text);

// Whole-request rejection or error body: {"result":"rejected"|"error","reason":...}.
std::string rejection_json(std::string_view result, std::string_view reason);

// One-time enrolment codes: 16 Crockford base32 characters as XXXX-XXXX-XXXX-XXXX.
vault::SecureBytes generate_enrolment_code();
// Upper-cases, maps I/L→1 and O→0, and re-inserts dashes; nullopt when it cannot be a code.
std::optional<std::string> normalise_enrolment_code(std::string_view typed);
vault::Bytes enrolment_code_hash(std::string_view normalised_code); // BLAKE2b-256

// A restore epoch: 16 random lower-case hex characters.
std::string generate_restore_epoch();

} // namespace selfdirect::sync::protocol
