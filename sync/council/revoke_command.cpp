// `selfdirect-council revoke --store S --device-id D`: marks an enrolled device revoked (lost or
// stolen), so the receiver rejects its later envelopes (device.revoked); what it already sent stays.
#include "sync/council/commands.h"

#include "sync/server/envelope_store.h"

#include <chrono>
#include <ostream>

namespace selfdirect::council {

int run_revoke(const RevokeOptions& options, std::ostream& out, std::ostream& err) {
    auto store = sync::open_envelope_store(options.store, sync::StoreOptions{.create = false});
    if (!store) {
        err << "selfdirect-council: cannot open the store: " << store.error().code << ": " << store.error().message
            << "\n";
        return kExitUsage;
    }
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (auto revoked = store.value()->revoke_device(options.device_id, now); !revoked) {
        err << "selfdirect-council: cannot revoke " << options.device_id << ": " << revoked.error().code << ": "
            << revoked.error().message << "\n";
        return kExitUsage;
    }
    out << "revoked " << options.device_id << "\n";
    return kExitOk;
}

} // namespace selfdirect::council
