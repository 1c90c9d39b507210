// Sync protocol v2 on the wire (docs/sync-protocol.md): JSON encoding and strict decoding of every
// request and answer, the exact texts receipts and enrolment proofs sign, enrolment codes and restore
// epochs. Every parser treats its input as hostile: types are checked, numbers range-checked, base64
// lengths compared with their caps before anything is decoded, and failures are values.
#include "sync/protocol/sync_wire.h"
#include "sync/protocol/untrusted_json.h"

#include "vault/signature.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <utility>

namespace selfdirect::sync::protocol {

namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr std::array<std::pair<UploadResult, std::string_view>, 5> kResultNames{{
    {UploadResult::stored, "stored"},
    {UploadResult::duplicate, "duplicate"},
    {UploadResult::conflict, "conflict"},
    {UploadResult::rejected, "rejected"},
    {UploadResult::error, "error"},
}};

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kCodeChars = 16;
constexpr std::size_t kMaxTypedCode = 64;     // a typed code with generous spacing; longer is not a code
constexpr std::size_t kMaxReasonChars = 128;  // reason codes are short identifiers
constexpr std::size_t kMaxRecordIdChars = 64; // the envelope format's cap
constexpr std::size_t kMaxHashChars = 64;
constexpr std::size_t kMaxEpochChars = 64;

// Base64 text length (with padding) of `bytes` bytes: the cap is checked on this before decoding.
constexpr std::size_t base64_length(std::size_t bytes) { return (bytes + 2) / 3 * 4; }

Error bad_request(const std::string& why) { return make_error("sync.bad_request", why); }
Error bad_response(const std::string& why) { return make_error("sync.bad_response", why); }

json parse_json(std::string_view text) { return parse_untrusted_json(text); }

// Decodes base64 whose decoded size must be exactly `size` (keys, signatures).
bool decode_exact(const json& value, std::size_t size, vault::Bytes& out) {
    if (!value.is_string()) return false;
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() != base64_length(size)) return false;
    vault::Bytes bytes;
    if (!vault::from_base64(text, bytes) || bytes.size() != size) return false;
    out = std::move(bytes);
    return true;
}

bool get_string(const json& object, const char* name, std::size_t max_chars, std::string& out) {
    auto it = object.find(name);
    if (it == object.end() || !it->is_string()) return false;
    const auto& text = it->get_ref<const std::string&>();
    if (text.size() > max_chars) return false;
    out = text;
    return true;
}

// Integers: nlohmann keeps non-negative JSON integers as unsigned, negative ones as signed; floats
// ("1.0", "1e3") are not integers here.
bool get_int(const json& object, const char* name, std::int64_t min, std::int64_t max, std::int64_t& out) {
    auto it = object.find(name);
    if (it == object.end()) return false;
    if (it->is_number_unsigned()) {
        const auto v = it->get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
        out = static_cast<std::int64_t>(v);
    } else if (it->is_number_integer()) {
        out = it->get<std::int64_t>();
    } else {
        return false;
    }
    return out >= min && out <= max;
}

bool protocol_is_current(const json& object) {
    std::int64_t version = 0;
    return get_int(object, "protocol", 0, std::numeric_limits<std::int64_t>::max(), version) &&
           version == kProtocolVersion;
}

constexpr std::int64_t kMaxWireRevision = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();

ojson receipt_object(const Receipt& r) {
    ojson j;
    j["record_id"] = r.record_id;
    j["revision"] = r.revision;
    j["envelope_hash"] = r.envelope_hash;
    j["server_seq"] = r.server_seq;
    j["server_time"] = r.server_time;
    j["restore_epoch"] = r.restore_epoch;
    j["signature"] = vault::to_base64(r.signature);
    return j;
}

std::optional<Receipt> receipt_from(const json& j) {
    if (!j.is_object()) return std::nullopt;
    Receipt r;
    std::int64_t revision = 0;
    auto sig = j.find("signature");
    if (!get_string(j, "record_id", kMaxRecordIdChars, r.record_id) ||
        !get_int(j, "revision", 1, kMaxWireRevision, revision) ||
        !get_string(j, "envelope_hash", kMaxHashChars, r.envelope_hash) ||
        !get_int(j, "server_seq", 0, kMaxInt, r.server_seq) || !get_int(j, "server_time", 0, kMaxInt, r.server_time) ||
        !get_string(j, "restore_epoch", kMaxEpochChars, r.restore_epoch) || sig == j.end() ||
        !decode_exact(*sig, vault::kSignatureBytes, r.signature)) {
        return std::nullopt;
    }
    // A newline inside a field would let one signed text be split into lines another way.
    for (const std::string* field : {&r.record_id, &r.envelope_hash, &r.restore_epoch}) {
        if (field->find('\n') != std::string::npos) return std::nullopt;
    }
    r.revision = static_cast<std::uint32_t>(revision);
    return r;
}

} // namespace

std::string_view to_string(UploadResult result) {
    for (const auto& [value, name] : kResultNames) {
        if (value == result) return name;
    }
    return "error";
}

std::optional<UploadResult> upload_result_from(std::string_view text) {
    for (const auto& [value, name] : kResultNames) {
        if (name == text) return value;
    }
    return std::nullopt;
}

bool is_valid_device_id(std::string_view device_id) {
    if (device_id.empty() || device_id.size() > 64) return false;
    for (const char c : device_id) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.' || c == ':';
        if (!ok) return false;
    }
    return true;
}

bool is_valid_record_id(std::string_view record_id) {
    if (record_id.size() != 36) return false;
    for (std::size_t i = 0; i < record_id.size(); ++i) {
        const char c = record_id[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

// --- Receipts -------------------------------------------------------------------------------

std::string receipt_signed_text(const Receipt& r) {
    return "selfdirect-receipt-v2\n" + r.record_id + "\n" + std::to_string(r.revision) + "\n" + r.envelope_hash + "\n" +
           std::to_string(r.server_seq) + "\n" + std::to_string(r.server_time) + "\n" + r.restore_epoch + "\n";
}

Result<vault::Bytes> sign_receipt(const Receipt& receipt, const vault::SecureBytes& receipt_secret_key) {
    if (receipt_secret_key.size() != vault::kSignSecretKeyBytes) {
        return make_error("sync.bad_key", "a receipt secret key is 64 bytes");
    }
    auto signature = vault::sign_detached(receipt_signed_text(receipt), receipt_secret_key);
    if (!signature) return make_error("sync.bad_key", signature.error().message);
    return std::move(signature.value());
}

bool receipt_signature_valid(const Receipt& receipt, const vault::Bytes& receipt_public_key) {
    return vault::verify_detached(receipt_signed_text(receipt), receipt.signature, receipt_public_key);
}

bool receipt_matches(const Receipt& receipt, const vault::Bytes& receipt_public_key, std::string_view record_id,
                     std::uint32_t revision, std::string_view envelope_hash) {
    return receipt.record_id == record_id && receipt.revision == revision && receipt.envelope_hash == envelope_hash &&
           receipt_signature_valid(receipt, receipt_public_key);
}

std::string to_json(const Receipt& receipt) { return receipt_object(receipt).dump(); }

Result<Receipt> parse_receipt(std::string_view json_text) {
    auto receipt = receipt_from(parse_json(json_text));
    if (!receipt) return bad_response("not a well-formed receipt");
    return std::move(*receipt);
}

// --- Upload ---------------------------------------------------------------------------------

std::string to_json(const UploadRequest& request) {
    ojson j;
    j["protocol"] = kProtocolVersion;
    j["device_id"] = request.device_id;
    ojson list = ojson::array();
    for (const auto& envelope : request.envelopes) list.push_back(vault::to_base64(envelope));
    j["envelopes"] = std::move(list);
    return j.dump();
}

Result<UploadRequest> parse_upload_request(std::string_view json_text) {
    const json j = parse_json(json_text);
    if (!j.is_object()) return bad_request("body is not a JSON object");
    if (!protocol_is_current(j)) return bad_request("protocol is not 2");
    UploadRequest request;
    if (!get_string(j, "device_id", 64, request.device_id) || !is_valid_device_id(request.device_id)) {
        return bad_request("device_id missing or not a valid device id");
    }
    auto list = j.find("envelopes");
    if (list == j.end() || !list->is_array()) return bad_request("envelopes missing or not an array");
    if (list->empty() || list->size() > kMaxBatchEnvelopes) return bad_request("a batch holds 1-100 envelopes");
    request.envelopes.reserve(list->size());
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& item = (*list)[i];
        if (!item.is_string()) return bad_request("envelope " + std::to_string(i) + " is not a string");
        const auto& text = item.get_ref<const std::string&>();
        if (text.size() > base64_length(kMaxEnvelopeBytes)) {
            request.envelopes.emplace_back();
            request.oversized.push_back(i);
            continue;
        }
        vault::Bytes bytes;
        if (!vault::from_base64(text, bytes)) return bad_request("envelope " + std::to_string(i) + " is not base64");
        if (bytes.size() > kMaxEnvelopeBytes) { // a length that passed may still decode one byte over
            request.envelopes.emplace_back();
            request.oversized.push_back(i);
            continue;
        }
        request.envelopes.push_back(std::move(bytes));
    }
    return request;
}

std::string to_json(const UploadResponse& response) {
    ojson j;
    j["protocol"] = kProtocolVersion;
    j["restore_epoch"] = response.restore_epoch;
    j["server_time"] = response.server_time;
    ojson results = ojson::array();
    for (const auto& outcome : response.results) {
        ojson r;
        r["index"] = outcome.index;
        r["result"] = std::string(to_string(outcome.result));
        r["record_id"] = outcome.record_id;
        r["revision"] = outcome.revision;
        r["envelope_hash"] = outcome.envelope_hash;
        if (outcome.receipt) r["receipt"] = receipt_object(*outcome.receipt);
        if (!outcome.reason.empty()) r["reason"] = outcome.reason;
        results.push_back(std::move(r));
    }
    j["results"] = std::move(results);
    return j.dump();
}

Result<UploadResponse> parse_upload_response(std::string_view json_text) {
    const json j = parse_json(json_text);
    if (!j.is_object()) return bad_response("answer is not a JSON object");
    if (!protocol_is_current(j)) return bad_response("protocol is not 2");
    UploadResponse response;
    if (!get_string(j, "restore_epoch", kMaxEpochChars, response.restore_epoch)) {
        return bad_response("restore_epoch missing");
    }
    if (!get_int(j, "server_time", 0, kMaxInt, response.server_time)) return bad_response("server_time missing");
    auto results = j.find("results");
    if (results == j.end() || !results->is_array() || results->size() > kMaxBatchEnvelopes) {
        return bad_response("results missing, not an array or too long");
    }
    for (const auto& item : *results) {
        if (!item.is_object()) return bad_response("a result is not an object");
        EnvelopeOutcome outcome;
        std::int64_t index = 0;
        if (!get_int(item, "index", 0, static_cast<std::int64_t>(kMaxBatchEnvelopes) - 1, index)) {
            return bad_response("result index missing or out of range");
        }
        outcome.index = static_cast<std::size_t>(index);
        std::string name;
        if (!get_string(item, "result", 16, name)) return bad_response("result missing");
        const auto result = upload_result_from(name);
        if (!result) return bad_response("unknown result \"" + name + "\"");
        outcome.result = *result;
        // A rejected envelope may not have been readable: record_id/revision/hash may be empty/0.
        if (item.contains("record_id") && !get_string(item, "record_id", kMaxRecordIdChars, outcome.record_id)) {
            return bad_response("record_id is not a string");
        }
        if (item.contains("revision")) {
            std::int64_t revision = 0;
            if (!get_int(item, "revision", 0, kMaxWireRevision, revision)) return bad_response("revision out of range");
            outcome.revision = static_cast<std::uint32_t>(revision);
        }
        if (item.contains("envelope_hash") &&
            !get_string(item, "envelope_hash", kMaxHashChars, outcome.envelope_hash)) {
            return bad_response("envelope_hash is not a string");
        }
        if (auto it = item.find("receipt"); it != item.end() && !it->is_null()) {
            outcome.receipt = receipt_from(*it);
            if (!outcome.receipt) return bad_response("a receipt is not well formed");
        }
        if (item.contains("reason") && !get_string(item, "reason", kMaxReasonChars, outcome.reason)) {
            return bad_response("reason is not a string");
        }
        response.results.push_back(std::move(outcome));
    }
    return response;
}

// --- Enrolment ------------------------------------------------------------------------------

std::string enrol_proof_text(const EnrolRequest& request) {
    return "selfdirect-enrol-v2\n" + request.device_id + "\n" + request.code + "\n" +
           vault::to_base64(request.sign_public_key) + "\n" + vault::to_base64(request.box_public_key) + "\n";
}

std::string enrolled_signed_text(const std::string& device_id, const vault::Bytes& sign_public_key,
                                 const std::string& restore_epoch) {
    return "selfdirect-enrolled-v2\n" + device_id + "\n" + vault::to_base64(sign_public_key) + "\n" + restore_epoch +
           "\n";
}

std::string to_json(const EnrolRequest& request) {
    ojson j;
    j["protocol"] = kProtocolVersion;
    j["device_id"] = request.device_id;
    j["code"] = request.code;
    j["sign_public_key"] = vault::to_base64(request.sign_public_key);
    j["box_public_key"] = vault::to_base64(request.box_public_key);
    j["proof"] = vault::to_base64(request.proof);
    return j.dump();
}

Result<EnrolRequest> parse_enrol_request(std::string_view json_text) {
    const json j = parse_json(json_text);
    if (!j.is_object()) return bad_request("body is not a JSON object");
    if (!protocol_is_current(j)) return bad_request("protocol is not 2");
    EnrolRequest request;
    if (!get_string(j, "device_id", 64, request.device_id) || !is_valid_device_id(request.device_id)) {
        return bad_request("device_id missing or not a valid device id");
    }
    if (!get_string(j, "code", kMaxTypedCode, request.code)) return bad_request("code missing or too long");
    auto sign = j.find("sign_public_key");
    auto box = j.find("box_public_key");
    auto proof = j.find("proof");
    if (sign == j.end() || !decode_exact(*sign, vault::kSignPublicKeyBytes, request.sign_public_key)) {
        return bad_request("sign_public_key missing or not 32 bytes of base64");
    }
    if (box == j.end() || !decode_exact(*box, 32, request.box_public_key)) {
        return bad_request("box_public_key missing or not 32 bytes of base64");
    }
    if (proof == j.end() || !decode_exact(*proof, vault::kSignatureBytes, request.proof)) {
        return bad_request("proof missing or not 64 bytes of base64");
    }
    return request;
}

std::string to_json(const EnrolResponse& response) {
    ojson j;
    j["result"] = "enrolled";
    j["device_id"] = response.device_id;
    j["restore_epoch"] = response.restore_epoch;
    j["receipt_key"] = vault::to_base64(response.receipt_key);
    j["signature"] = vault::to_base64(response.signature);
    return j.dump();
}

Result<EnrolResponse> parse_enrol_response(std::string_view json_text) {
    const json j = parse_json(json_text);
    if (!j.is_object()) return bad_response("answer is not a JSON object");
    std::string result;
    if (!get_string(j, "result", 16, result) || result != "enrolled") return bad_response("result is not enrolled");
    EnrolResponse response;
    if (!get_string(j, "device_id", 64, response.device_id) || !is_valid_device_id(response.device_id)) {
        return bad_response("device_id missing");
    }
    if (!get_string(j, "restore_epoch", kMaxEpochChars, response.restore_epoch)) {
        return bad_response("restore_epoch missing");
    }
    auto key = j.find("receipt_key");
    auto sig = j.find("signature");
    if (key == j.end() || !decode_exact(*key, vault::kSignPublicKeyBytes, response.receipt_key)) {
        return bad_response("receipt_key missing or not 32 bytes");
    }
    if (sig == j.end() || !decode_exact(*sig, vault::kSignatureBytes, response.signature)) {
        return bad_response("signature missing or not 64 bytes");
    }
    return response;
}

std::string rejection_json(std::string_view result, std::string_view reason) {
    ojson j;
    j["result"] = std::string(result);
    j["reason"] = std::string(reason);
    return j.dump();
}

// --- Codes and epochs -----------------------------------------------------------------------

vault::SecureBytes generate_enrolment_code() {
    // 10 random bytes are exactly 80 bits = 16 base32 characters.
    const vault::Bytes random = vault::random_bytes(10);
    std::string code;
    code.reserve(19);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const std::uint8_t byte : random) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            if (code.size() == 4 || code.size() == 9 || code.size() == 14) code.push_back('-');
            code.push_back(kCrockford[(buffer >> bits) & 31u]);
        }
    }
    vault::SecureBytes out = vault::SecureBytes::from_string(code);
    std::fill(code.begin(), code.end(), '\0');
    return out;
}

std::optional<std::string> normalise_enrolment_code(std::string_view typed) {
    if (typed.size() > kMaxTypedCode) return std::nullopt;
    std::string chars;
    for (const char raw : typed) {
        if (raw == '-' || raw == ' ') continue;
        char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
        if (c == 'I' || c == 'L') c = '1';
        if (c == 'O') c = '0';
        if (kCrockford.find(c) == std::string_view::npos) return std::nullopt;
        chars.push_back(c);
    }
    if (chars.size() != kCodeChars) return std::nullopt;
    return chars.substr(0, 4) + "-" + chars.substr(4, 4) + "-" + chars.substr(8, 4) + "-" + chars.substr(12, 4);
}

vault::Bytes enrolment_code_hash(std::string_view normalised_code) { return vault::blake2b_256(normalised_code); }

std::string generate_restore_epoch() { return vault::to_hex(vault::random_bytes(8)); }

} // namespace selfdirect::sync::protocol
