// The order the app stops in, as one function so a test holds it: the vault bridge first (it may
// still be finishing a person's command, whose result wakes the loop, and it triggers sync), then
// the sync worker (a pass stops between batches; an export's callback wakes the loop), and only
// then the window backend. A wake that reached GLFW after glfwTerminate would be undefined.
#pragma once

#include "app/sync_worker.h"
#include "app/vault_bridge.h"
#include "ui/platform/backend.h"

#include <memory>

namespace selfdirect::app {

// Joins `bridge` and `sync` (either may be null), then shuts `backend` down. Returns the backend's
// count of wakes after shutdown (0 unless something else still holds a wake hook).
int stop_workers_then_window(std::unique_ptr<VaultBridge>& bridge, std::unique_ptr<SyncWorker>& sync,
                             ui::platform::Backend& backend);

} // namespace selfdirect::app
