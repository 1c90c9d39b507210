// SyncClient::enrol (docs/sync-protocol.md, "Enrolment"): the device proves it holds its signing key
// and learns nothing it does not check. The answer counts only if it comes from the pinned receiver:
// its receipt_key must be the pin and its signature must verify with the pin.
#include "sync/client/answer_reason.h"
#include "sync/client/http_post.h"
#include "sync/client/uploader.h"
#include "sync/protocol/sync_wire.h"
#include "vault/signature.h"

namespace selfdirect::sync {

Result<void> SyncClient::enrol() {
    std::string receiver_reason; // in the error's words already; the pass keeps it apart (see sync_once)
    return enrol_noting_reason(receiver_reason);
}

Result<void> SyncClient::enrol_noting_reason(std::string& receiver_reason) {
    if (config_.receipt_key.size() != vault::kSignPublicKeyBytes)
        return make_error("sync.config", "sync.receipt_key is missing or not a 32-byte key");
    if (config_.enrolment_code.empty())
        return make_error("sync.config", "not enrolled and no sync.enrolment_code in the profile");
    auto code = protocol::normalise_enrolment_code(config_.enrolment_code);
    if (!code) return make_error("sync.config", "sync.enrolment_code is not a code like XXXX-XXXX-XXXX-XXXX");

    const auto& me = vault_.identity();
    protocol::EnrolRequest request{me.device_id, *code, me.sign_public_key, me.box_public_key, {}};
    auto proof = vault_.sign_sync_text(protocol::enrol_proof_text(request));
    if (!proof) return proof.error();
    request.proof = std::move(proof).value();

    detail::HttpOptions http{config_.ca_file, config_.connect_timeout_seconds, config_.read_write_timeout_seconds};
    auto answer = detail::post_json(config_.base_url, protocol::kEnrolPath, protocol::to_json(request), http);
    if (!answer) return answer.error(); // sync.bad_url, sync.network, sync.timeout as they came
    if (answer->status != 200) {
        receiver_reason = detail::answer_reason(answer->body);
        return make_error("sync.enrol_rejected", receiver_reason + " (HTTP " + std::to_string(answer->status) + ")");
    }
    auto enrolled = protocol::parse_enrol_response(answer->body);
    if (!enrolled) return make_error("sync.bad_answer", "the enrolment answer is not well-formed");
    if (enrolled->device_id != me.device_id)
        return make_error("sync.bad_answer", "the enrolment answer names another device");
    if (!vault::equal_constant_time(enrolled->receipt_key, config_.receipt_key))
        return make_error("sync.wrong_receiver", "the receiver's receipt key is not the one pinned in the profile");
    const std::string signed_text = protocol::enrolled_signed_text(me.device_id, me.sign_public_key, enrolled->restore_epoch);
    if (!vault::verify_detached(signed_text, enrolled->signature, config_.receipt_key))
        return make_error("sync.wrong_receiver", "the enrolment answer is not signed by the pinned receipt key");
    return vault_.note_enrolled(config_.receipt_key, enrolled->restore_epoch, now());
}

} // namespace selfdirect::sync
