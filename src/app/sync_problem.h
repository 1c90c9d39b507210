// The one place a sync problem is classified. The staff page and a tablet's header both put the
// worker's last problem into words; they choose those words from this kind, never from the error
// code itself, so they cannot disagree (one saying a device is not set up, the other "something went
// wrong"). A new client error code is added here and nowhere else.
#pragma once

#include "core/result.h"

#include <optional>
#include <string_view>

namespace selfdirect::app {

enum class SyncProblem {
    None,               // the last pass went well (or there has been none)
    NotSetUp,           // the profile lacks something (receipt key, enrolment code, a usable server address)
    EnrolmentRefused,   // the receiver refused the enrolment code, or no longer accepts this device (revoked)
    Unreachable,        // no connection to the receiver
    NoAnswer,           // connected (or connecting) but no answer within the timeouts
    ServerStorage,      // the receiver could not store records just now ("server.storage")
    ServerTrouble,      // the receiver turned a whole batch away for another reason; retried
    AnswerUnverifiable, // an answer the device could not check: another receiver, a bad receipt or answer
    Held,               // records refused or in conflict: held for the council, not retried
    Other,              // anything else (a vault error, say): named by its code on the staff page
};

// The kind of the worker's last problem: `error` as the client reported it (sync::UploadReport's
// last_error) and the receiver's own reason code beside it ("" when it gave none).
SyncProblem sync_problem(const std::optional<Error>& error, std::string_view receiver_reason);

// The device cannot send until someone changes its set-up or gets it a new enrolment code: both
// screens say "not set up" instead of "will try again".
bool needs_set_up(SyncProblem problem);

} // namespace selfdirect::app
