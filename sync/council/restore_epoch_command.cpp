// `selfdirect-council restore-epoch --store S`: after a store is restored from a backup, a new restore
// epoch makes every device re-offer the envelopes it still keeps, so whatever the backup lost is stored
// again (docs/sync-protocol.md, "Restore epoch"). Same effect as selfdirect-sync --new-restore-epoch.
#include "sync/council/commands.h"
#include "sync/council/command_support.h"

#include "sync/server/envelope_store.h"

#include <ostream>

namespace selfdirect::council {

int run_restore_epoch(const RestoreEpochOptions& options, std::ostream& out, std::ostream& err) {
    const std::unique_ptr<sync::EnvelopeStore> store = open_existing_store(options.store, err);
    if (!store) return kExitUsage;
    auto epoch = store->new_restore_epoch();
    if (!epoch) {
        err << "selfdirect-council: cannot set a new restore epoch: " << epoch.error().code << ": "
            << epoch.error().message << "\n";
        return kExitUsage;
    }
    out << "new restore epoch: " << epoch.value() << "\n";
    return kExitOk;
}

} // namespace selfdirect::council
