// `selfdirect-council revoke --store S --device-id D`: marks an enrolled device revoked (lost or
// stolen), so the receiver rejects its later envelopes (device.revoked); what it already sent stays.
#include "sync/council/commands.h"
#include "sync/council/command_support.h"

#include "sync/server/envelope_store.h"

#include <ostream>

namespace selfdirect::council {

int run_revoke(const RevokeOptions& options, std::ostream& out, std::ostream& err) {
    const std::unique_ptr<sync::EnvelopeStore> store = open_existing_store(options.store, err);
    if (!store) return kExitUsage;
    const std::int64_t now = now_unix();
    if (auto revoked = store->revoke_device(options.device_id, now); !revoked) {
        err << "selfdirect-council: cannot revoke " << options.device_id << ": " << revoked.error().code << ": "
            << revoked.error().message << "\n";
        return kExitUsage;
    }
    out << "revoked " << options.device_id << "\n";
    return kExitOk;
}

} // namespace selfdirect::council
