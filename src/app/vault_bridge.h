// Runs the kiosk flow's commands against the vault on a worker thread and posts the outcome back to
// the UI thread. Owns the resident's vault session (worker-thread only), so the UI never holds a
// key and never waits on disk.
#pragma once

#include "app/journey.h"
#include "app/kiosk_flow.h"
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
    // A Submit seals its command's assessment summary (if any) inside the QuestionnaireResponse, and
    // a summary with the safeguarding flag raised sends the record before all others (device-local
    // priority, docs/sync-protocol.md "Order and retries"): the one assessment the person's result
    // page came from decides both, so nothing is assessed again here.

    // `forms`: every form this device offers (a resumed session names its form by id).
    VaultBridge(vault::DeviceVault& vault, std::vector<const core::Questionnaire*> forms,
                std::vector<vault::CouncilPublicKey> councils, MainThreadQueue& ui_queue, Hooks hooks);
    ~VaultBridge();

    // `flow` must outlive the bridge; results are applied to it on the UI thread.
    void execute(Command command, KioskFlow& flow);

private:
    void save(const Command& c, KioskFlow& flow);
    void forget(const Command& c, KioskFlow& flow);
    void submit(const Command& c, KioskFlow& flow);
    void issue_code(const Command& c, KioskFlow& flow);
    void resume(const Command& c, KioskFlow& flow);
    void end_session();
    bool ensure_session(std::string& error_code, const core::Questionnaire* form);
    void post(std::function<void()> apply);

    vault::DeviceVault& vault_;
    std::vector<const core::Questionnaire*> forms_;
    std::vector<vault::CouncilPublicKey> councils_; // every current key: rotation seals to old and new
    MainThreadQueue& ui_queue_;
    Hooks hooks_;
    std::optional<vault::SessionHandle> session_; // touched only on the worker thread
    Worker worker_;                               // last: joins before the members above go away
};

// The vault error code in words a resident can act on (never the code itself), in English: it is
// the catalogue's msgid, translated on the UI thread when shown (the worker thread has no business
// with the screen's language, which may change while a message waits).
std::string message_for_person(const std::string& error_code);

} // namespace selfdirect::app
