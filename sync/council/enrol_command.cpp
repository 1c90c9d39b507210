// `selfdirect-council enrol --store S --device-id D [--valid-hours 72]`: issues a one-time enrolment
// code for one named device (docs/sync-protocol.md, "Enrolment"). Only the code's BLAKE2b-256 hash
// goes into the store; the code itself is printed once, for staff to type on the device.
#include "sync/council/commands.h"
#include "sync/council/command_support.h"

#include "sync/protocol/sync_wire.h"
#include "sync/server/envelope_store.h"

#include <cstdio>
#include <ctime>
#include <ostream>

namespace selfdirect::council {

namespace {

std::string utc_minute(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
    return text;
}

} // namespace

int run_enrol(const EnrolOptions& options, std::ostream& out, std::ostream& err) {
    if (!sync::protocol::is_valid_device_id(options.device_id)) {
        err << "selfdirect-council: device id must be 1-64 characters of A-Z a-z 0-9 - _ . :\n";
        return kExitUsage;
    }
    if (options.valid_hours < 1) {
        err << "selfdirect-council: --valid-hours must be at least 1\n";
        return kExitUsage;
    }
    const std::unique_ptr<sync::EnvelopeStore> store = open_existing_store(options.store, err);
    if (!store) return kExitUsage;
    const std::int64_t now = now_unix();
    const vault::SecureBytes code = sync::protocol::generate_enrolment_code();
    sync::EnrolmentCode entry;
    entry.code_hash = sync::protocol::enrolment_code_hash(code.view());
    entry.device_id = options.device_id;
    entry.expires_unix = now + static_cast<std::int64_t>(options.valid_hours) * 3600;
    if (auto added = store->add_enrolment_code(entry); !added) {
        err << "selfdirect-council: cannot store the enrolment code: " << added.error().code << ": "
            << added.error().message << "\n";
        return kExitUsage;
    }
    out << "enrolment code for " << options.device_id << ": " << code.view() << " (valid until "
        << utc_minute(entry.expires_unix) << ")\n";
    return kExitOk;
}

} // namespace selfdirect::council
