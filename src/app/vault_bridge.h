// Runs the journey's commands against the vault on a worker thread and posts the outcome back to
// the UI thread. Owns the resident's vault session (worker-thread only), so the UI never holds a
// key and never waits on disk.
#pragma once

#include "app/journey.h"
#include "app/task_queue.h"
#include "core/questionnaire.h"
#include "vault/device_vault.h"

#include <functional>
#include <optional>
#include <vector>

namespace selfdirect::app {

class VaultBridge {
public:
    struct Hooks {
        std::function<void()> wake_ui;          // the loop is asleep in wait_events: wake it
        std::function<void()> record_submitted; // e.g. trigger the sync worker
    };

    VaultBridge(vault::DeviceVault& vault, const core::Questionnaire& form, std::vector<vault::CouncilPublicKey> councils,
                MainThreadQueue& ui_queue, Hooks hooks);
    ~VaultBridge();

    // `journey` must outlive the bridge; results are applied to it on the UI thread.
    void execute(Command command, Journey& journey);

private:
    void save(const Command& c, Journey& journey);
    void forget(const Command& c, Journey& journey);
    void submit(const Command& c, Journey& journey);
    void end_session();
    bool ensure_session(std::string& error_code);

    vault::DeviceVault& vault_;
    const core::Questionnaire& form_;
    std::vector<vault::CouncilPublicKey> councils_; // every current key: rotation seals to old and new
    MainThreadQueue& ui_queue_;
    Hooks hooks_;
    std::optional<vault::SessionHandle> session_; // touched only on the worker thread
    Worker worker_;                               // last: joins before the members above go away
};

// What a resident is told when the vault could not do something, chosen by error code.
std::string message_for_person(const std::string& error_code);

} // namespace selfdirect::app
