// Workers before the window (see shutdown_order.h).
#include "app/shutdown_order.h"

#include <cstdio>

namespace selfdirect::app {

int stop_workers_then_window(std::unique_ptr<VaultBridge>& bridge, std::unique_ptr<SyncWorker>& sync,
                             ui::platform::Backend& backend) {
    bridge.reset(); // finishes queued commands (ends the session), then joins
    sync.reset();   // returns after the batch in flight, then joins
    backend.shutdown();
    const int late = backend.wakes_after_shutdown();
    if (late > 0) std::fprintf(stderr, "selfdirect: fault: %d wake(s) reached the window after it shut down\n", late);
    return late;
}

} // namespace selfdirect::app
