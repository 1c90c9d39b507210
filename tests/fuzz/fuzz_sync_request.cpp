// Fuzzes both ends of POST /v1/envelopes without a network or a store (the server has no pure
// handler to call, and the store is SQLite: docs/sync-protocol.md describes the exchange).
//   Server side: the input is an uploaded body. The receiver's store-less steps run on it as in
//   SyncServer::handle_submit: verify_envelope, then the answer it would send for a refusal or for
//   each store outcome (stored, duplicate, conflict, key mismatch, storage error). Every answer must
//   serialise, and read back through parse_submit_response as exactly what was meant: the device
//   deletes a row on the strength of that reading.
//   Device side: the same bytes are a server's answer. parse_submit_response must refuse or accept
//   without crashing; an accepted answer must state its numbers exactly (no silent wrap of a
//   revision or seq that does not fit) and survive to_json and a second parse unchanged.
#include "fuzz_check.h"
#include "sync/protocol/envelope_protocol.h"
#include "vault/envelope.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace selfdirect;
namespace protocol = selfdirect::sync::protocol;
using protocol::SubmitResponse;
using protocol::SubmitResult;

bool same_response(const SubmitResponse& a, const SubmitResponse& b) {
    return a.result == b.result && a.record_id == b.record_id && a.revision == b.revision &&
           a.envelope_hash == b.envelope_hash && a.seq == b.seq && a.reason == b.reason;
}

void check_answer_roundtrip(const SubmitResponse& sent) {
    const std::string body = protocol::to_json(sent);
    auto read = protocol::parse_submit_response(body);
    FUZZ_CHECK(read.ok(), "every answer the server writes is one the device can read");
    FUZZ_CHECK(same_response(sent, *read), "the device reads exactly the answer the server wrote");
    const int status = protocol::http_status(sent.result);
    FUZZ_CHECK(status >= 200 && status < 600, "every result has an HTTP status");
}

// What handle_submit answers for this body, for every outcome the store could report.
void check_request(const std::uint8_t* data, std::size_t size) {
    const vault::Bytes body(data, data + size);
    auto header = vault::verify_envelope(body);
    if (!header) {
        SubmitResponse refused;
        refused.result = SubmitResult::rejected;
        refused.reason = header.error().code;
        FUZZ_CHECK(protocol::http_status(refused.result) == 400, "a refused envelope is a 400");
        check_answer_roundtrip(refused);
        return;
    }
    SubmitResponse out;
    out.record_id = header->record_id;
    out.revision = header->revision;
    out.envelope_hash = vault::envelope_hash(body);
    FUZZ_CHECK(out.envelope_hash.size() == 64, "the envelope hash is 32 bytes of hex");

    const struct {
        SubmitResult result;
        std::int64_t seq;
        const char* reason;
    } outcomes[] = {
        {SubmitResult::stored, 17, ""},
        {SubmitResult::duplicate, 17, ""},
        {SubmitResult::conflict, 0, protocol::kReasonRevisionExists},
        {SubmitResult::rejected, 0, protocol::kReasonKeyMismatch},
        {SubmitResult::error, 0, protocol::kReasonStorage},
    };
    for (const auto& o : outcomes) {
        SubmitResponse answer = out;
        answer.result = o.result;
        answer.seq = o.seq;
        answer.reason = o.reason;
        check_answer_roundtrip(answer);
    }
}

void check_server_answer(std::string_view text) {
    auto answer = protocol::parse_submit_response(text);
    if (!answer) {
        FUZZ_CHECK(answer.error().code == "sync.bad_response", "every refusal has the code sync.bad_response");
        return;
    }
    // The answer parsed, so it is a JSON object; see what numbers it really stated.
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (auto it = j.find("revision"); it != j.end() && it->is_number_unsigned())
        FUZZ_CHECK(it->get<std::uint64_t>() == answer->revision, "a stated revision is read exactly, never wrapped");
    if (auto it = j.find("seq"); it != j.end() && it->is_number_integer()) {
        const bool exact = it->is_number_unsigned() ? it->get<std::uint64_t>() == static_cast<std::uint64_t>(answer->seq) &&
                                                          answer->seq >= 0
                                                    : it->get<std::int64_t>() == answer->seq;
        FUZZ_CHECK(exact, "a stated seq is read exactly, never wrapped");
    }
    auto again = protocol::parse_submit_response(protocol::to_json(*answer));
    FUZZ_CHECK(again.ok() && same_response(*answer, *again), "an accepted answer survives to_json and a second parse");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check_request(data, size);
    check_server_answer(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
