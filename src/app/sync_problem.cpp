// Sync error code -> kind of problem (see sync_problem.h). The codes are the sync client's
// (sync/client/uploader.h lists them); the receiver's reason codes are docs/sync-protocol.md's.
#include "app/sync_problem.h"

#include "sync/protocol/sync_wire.h"

namespace selfdirect::app {

SyncProblem sync_problem(const std::optional<Error>& error, std::string_view receiver_reason) {
    if (!error || error->code.empty()) return SyncProblem::None;
    const std::string_view code = error->code;
    namespace reason = sync::protocol::reason;
    // Whatever the request, a receiver that says its store failed is having storage trouble.
    if (receiver_reason == reason::kStorage) return SyncProblem::ServerStorage;
    if (code == "sync.config" || code == "sync.bad_url") return SyncProblem::NotSetUp;
    if (code == "sync.enrol_rejected") return SyncProblem::EnrolmentRefused;
    if (code == "sync.network") return SyncProblem::Unreachable;
    if (code == "sync.timeout") return SyncProblem::NoAnswer;
    if (code == "sync.refused" || code == "sync.error") return SyncProblem::ServerTrouble;
    if (code == "sync.wrong_receiver" || code == "sync.bad_receipt" || code == "sync.bad_answer" ||
        code == "vault.receipt_mismatch")
        return SyncProblem::AnswerUnverifiable;
    if (code == "sync.rejected") {
        // Two rejections are about the device and hold nothing (uploader.cpp, device_wide): a revoked
        // device needs the council; a forgotten one enrols again by itself on the next pass.
        if (receiver_reason == reason::kRevoked) return SyncProblem::EnrolmentRefused;
        if (receiver_reason == reason::kNotEnrolled) return SyncProblem::ServerTrouble;
        return SyncProblem::Held;
    }
    if (code == "sync.conflict") return SyncProblem::Held;
    return SyncProblem::Other;
}

bool needs_set_up(SyncProblem problem) {
    return problem == SyncProblem::NotSetUp || problem == SyncProblem::EnrolmentRefused;
}

} // namespace selfdirect::app
