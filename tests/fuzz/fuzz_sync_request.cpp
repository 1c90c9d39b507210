// Fuzzes every parser of sync protocol v2's JSON (sync/protocol/sync_wire.h) on the same bytes:
//   Server side: the input is a POST /v2/upload or /v2/enrol body. parse_upload_request and
//   parse_enrol_request must refuse (with "sync.bad_request") or accept without crashing; an
//   accepted request respects the caps (1-100 envelopes, none decoded over 4 MiB, valid device id,
//   exact key and proof sizes) and survives to_json and a second parse unchanged.
//   Device side: the same bytes are a server's answer. parse_upload_response, parse_enrol_response
//   and parse_receipt must refuse ("sync.bad_response") or accept; an accepted answer states its
//   numbers exactly (no silent wrap of a revision, index or seq) and survives to_json and a second
//   parse unchanged, because the device deletes data on the strength of that reading.
#include "fuzz_check.h"
#include "sync/protocol/sync_wire.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace selfdirect;
namespace protocol = selfdirect::sync::protocol;

bool same_receipt(const protocol::Receipt& a, const protocol::Receipt& b) {
    return a.record_id == b.record_id && a.revision == b.revision && a.envelope_hash == b.envelope_hash &&
           a.server_seq == b.server_seq && a.server_time == b.server_time && a.restore_epoch == b.restore_epoch &&
           a.signature == b.signature;
}

bool same_outcome(const protocol::EnvelopeOutcome& a, const protocol::EnvelopeOutcome& b) {
    if (a.receipt.has_value() != b.receipt.has_value()) return false;
    if (a.receipt && !same_receipt(*a.receipt, *b.receipt)) return false;
    return a.index == b.index && a.result == b.result && a.record_id == b.record_id && a.revision == b.revision &&
           a.envelope_hash == b.envelope_hash && a.reason == b.reason;
}

void check_upload_request(std::string_view text) {
    auto request = protocol::parse_upload_request(text);
    if (!request) {
        FUZZ_CHECK(request.error().code == "sync.bad_request", "every refused request has the code sync.bad_request");
        return;
    }
    FUZZ_CHECK(!request->envelopes.empty() && request->envelopes.size() <= protocol::kMaxBatchEnvelopes,
               "an accepted batch holds 1-100 envelopes");
    FUZZ_CHECK(protocol::is_valid_device_id(request->device_id), "an accepted batch names a valid device id");
    for (const auto& envelope : request->envelopes) {
        FUZZ_CHECK(envelope.size() <= protocol::kMaxEnvelopeBytes, "no envelope over the cap is decoded");
    }
    for (const std::size_t i : request->oversized) {
        FUZZ_CHECK(i < request->envelopes.size() && request->envelopes[i].empty(), "oversized slots are left empty");
    }
    if (!request->oversized.empty()) return; // to_json cannot restate an envelope it never decoded
    auto again = protocol::parse_upload_request(protocol::to_json(*request));
    FUZZ_CHECK(again.ok() && again->device_id == request->device_id && again->envelopes == request->envelopes,
               "an accepted request survives to_json and a second parse");
}

void check_enrol_request(std::string_view text) {
    auto request = protocol::parse_enrol_request(text);
    if (!request) {
        FUZZ_CHECK(request.error().code == "sync.bad_request", "every refused enrolment has the code sync.bad_request");
        return;
    }
    FUZZ_CHECK(request->sign_public_key.size() == 32 && request->box_public_key.size() == 32 &&
                   request->proof.size() == 64,
               "an accepted enrolment has exact key and proof sizes");
    // Whatever was typed, normalising is total and idempotent.
    if (auto code = protocol::normalise_enrolment_code(request->code)) {
        FUZZ_CHECK(protocol::normalise_enrolment_code(*code) == code, "a normalised code is its own normal form");
    }
    auto again = protocol::parse_enrol_request(protocol::to_json(*request));
    FUZZ_CHECK(again.ok() && again->device_id == request->device_id && again->code == request->code &&
                   again->sign_public_key == request->sign_public_key && again->proof == request->proof,
               "an accepted enrolment survives to_json and a second parse");
}

void check_upload_response(std::string_view text) {
    auto response = protocol::parse_upload_response(text);
    if (!response) {
        FUZZ_CHECK(response.error().code == "sync.bad_response", "every refused answer has the code sync.bad_response");
        return;
    }
    // The answer parsed, so it is a JSON object; compare with the numbers it really stated.
    const auto j = nlohmann::json::parse(text, nullptr, false);
    const auto& results = j["results"];
    FUZZ_CHECK(results.size() == response->results.size(), "every stated result is read");
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& stated = results[i];
        const auto& read = response->results[i];
        FUZZ_CHECK(stated["index"].get<std::uint64_t>() == read.index, "an index is read exactly");
        if (auto it = stated.find("revision"); it != stated.end()) {
            FUZZ_CHECK(it->is_number_unsigned() && it->get<std::uint64_t>() == read.revision,
                       "a stated revision is read exactly, never wrapped");
        }
        if (read.receipt) {
            const auto& r = stated["receipt"];
            FUZZ_CHECK(r["server_seq"].get<std::uint64_t>() == static_cast<std::uint64_t>(read.receipt->server_seq),
                       "a stated seq is read exactly, never wrapped");
            FUZZ_CHECK(read.receipt->signature.size() == 64, "a receipt signature is 64 bytes");
        }
    }
    auto again = protocol::parse_upload_response(protocol::to_json(*response));
    FUZZ_CHECK(again.ok(), "an accepted answer survives to_json");
    bool same = again->restore_epoch == response->restore_epoch && again->server_time == response->server_time &&
                again->results.size() == response->results.size();
    for (std::size_t i = 0; same && i < response->results.size(); ++i) {
        same = same_outcome(again->results[i], response->results[i]);
    }
    FUZZ_CHECK(same, "an accepted answer reads back unchanged");
}

void check_enrol_response(std::string_view text) {
    auto response = protocol::parse_enrol_response(text);
    if (!response) {
        FUZZ_CHECK(response.error().code == "sync.bad_response", "every refused answer has the code sync.bad_response");
        return;
    }
    FUZZ_CHECK(response->receipt_key.size() == 32 && response->signature.size() == 64,
               "an accepted enrolment answer has exact key and signature sizes");
    auto again = protocol::parse_enrol_response(protocol::to_json(*response));
    FUZZ_CHECK(again.ok() && again->device_id == response->device_id && again->receipt_key == response->receipt_key &&
                   again->signature == response->signature && again->restore_epoch == response->restore_epoch,
               "an accepted enrolment answer survives to_json and a second parse");
}

void check_receipt(std::string_view text) {
    auto receipt = protocol::parse_receipt(text);
    if (!receipt) return;
    auto again = protocol::parse_receipt(protocol::to_json(*receipt));
    FUZZ_CHECK(again.ok() && same_receipt(*again, *receipt), "an accepted receipt survives to_json and a second parse");
    // The signed text has exactly seven lines unless a field smuggles a newline (which then cannot verify
    // with a different split: the record id is part of the signed bytes).
    const std::string signed_text = protocol::receipt_signed_text(*receipt);
    FUZZ_CHECK(signed_text.rfind("selfdirect-receipt-v2\n", 0) == 0, "the signed text starts with its label");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_upload_request(text);
    check_enrol_request(text);
    check_upload_response(text);
    check_enrol_response(text);
    check_receipt(text);
    return 0;
}
