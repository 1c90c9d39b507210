// JSON encoding and decoding of the submit answer, kept in one place so the uploader and the
// server cannot drift apart on field names or result strings.
#include "sync/protocol/envelope_protocol.h"

#include <nlohmann/json.hpp>

#include <array>
#include <limits>
#include <utility>

namespace selfdirect::sync::protocol {

namespace {

constexpr std::array<std::pair<SubmitResult, std::string_view>, 5> kNames{{
    {SubmitResult::stored, "stored"},
    {SubmitResult::duplicate, "duplicate"},
    {SubmitResult::conflict, "conflict"},
    {SubmitResult::rejected, "rejected"},
    {SubmitResult::error, "error"},
}};

} // namespace

std::string_view to_string(SubmitResult result) {
    for (const auto& [value, name] : kNames) {
        if (value == result) return name;
    }
    return "error";
}

int http_status(SubmitResult result) {
    switch (result) {
    case SubmitResult::stored: return 201;
    case SubmitResult::duplicate: return 200;
    case SubmitResult::conflict: return 409;
    case SubmitResult::rejected: return 400;
    case SubmitResult::error: return 503;
    }
    return 500;
}

std::string to_json(const SubmitResponse& response) {
    nlohmann::ordered_json j; // field order as documented
    j["result"] = std::string(to_string(response.result));
    j["record_id"] = response.record_id;
    j["revision"] = response.revision;
    j["envelope_hash"] = response.envelope_hash;
    j["seq"] = response.seq;
    if (!response.reason.empty()) j["reason"] = response.reason;
    return j.dump();
}

Result<SubmitResponse> parse_submit_response(std::string_view json_text) {
    const auto j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("result") || !j["result"].is_string()) {
        return make_error("sync.bad_response", "server answer is not a submit response");
    }
    SubmitResponse response;
    const auto name = j["result"].get<std::string>();
    bool known = false;
    for (const auto& [value, text] : kNames) {
        if (text == name) {
            response.result = value;
            known = true;
        }
    }
    if (!known) return make_error("sync.bad_response", "unknown result \"" + name + "\"");
    // Optional fields: a rejected answer may not be able to name the record it could not parse.
    if (auto it = j.find("record_id"); it != j.end() && it->is_string()) response.record_id = it->get<std::string>();
    // Numbers that do not fit are refused, not silently wrapped into a revision or seq the server
    // never stated (found by fuzz_sync_request).
    if (auto it = j.find("revision"); it != j.end() && it->is_number_unsigned()) {
        if (it->get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max())
            return make_error("sync.bad_response", "revision out of range");
        response.revision = static_cast<std::uint32_t>(it->get<std::uint64_t>());
    }
    if (auto it = j.find("seq"); it != j.end() && it->is_number_unsigned() &&
                                 it->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return make_error("sync.bad_response", "seq out of range");
    if (auto it = j.find("envelope_hash"); it != j.end() && it->is_string()) {
        response.envelope_hash = it->get<std::string>();
    }
    if (auto it = j.find("seq"); it != j.end() && it->is_number_integer()) response.seq = it->get<std::int64_t>();
    if (auto it = j.find("reason"); it != j.end() && it->is_string()) response.reason = it->get<std::string>();
    return response;
}

} // namespace selfdirect::sync::protocol
