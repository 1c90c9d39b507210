// The app stops its workers before the window: a vault command still running at quit posts its
// result and wakes the loop while the backend is alive, never after shutdown() (after
// glfwTerminate a wake is undefined). The backends count late wakes; the control shows the count
// sees the old order (window first, workers after).
#include "app/kiosk_flow.h"
#include "app/shutdown_order.h"
#include "app/vault_bridge.h"
#include "core/questionnaire_parser.h"
#include "ui/platform/backend.h"
#include "vault/device_vault.h"
#include "../vault/test_dir.h"

#include <doctest/doctest.h>

using namespace selfdirect;

namespace {

core::Questionnaire form() {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"R","title":"Me","item":[
        {"linkId":"1","type":"string","text":"Anything else?"}]})",
                                       "r.json");
    REQUIRE(q.ok());
    return *q;
}

struct Setup {
    vault::testing::TestDir dir;
    std::unique_ptr<vault::DeviceVault> device = [this] {
        auto opened = vault::DeviceVault::open(dir / "device", "kiosk-1");
        REQUIRE(opened.ok());
        return std::move(opened).value();
    }();
    const core::Questionnaire q = form();
    app::KioskFlow flow{q, nullptr, nullptr, app::KioskTexts{}};
    app::MainThreadQueue ui_queue;
    std::unique_ptr<ui::platform::Backend> backend = ui::platform::make_null_backend();

    // A bridge whose results wake `backend`, with a save already handed to its worker.
    std::unique_ptr<app::VaultBridge> bridge_with_work_in_flight() {
        std::string error;
        REQUIRE(backend->init({}, error));
        ui::platform::Backend* b = backend.get();
        auto bridge = std::make_unique<app::VaultBridge>(*device, std::vector<const core::Questionnaire*>{&q},
                                                         std::vector<vault::CouncilPublicKey>{}, ui_queue,
                                                         app::VaultBridge::Hooks{[b] { b->wake(); }, {}});
        app::Command save;
        save.kind = app::Command::Kind::SaveAnswer;
        save.link_id = "1";
        save.value = std::string("words");
        save.form = &q;
        bridge->execute(save, flow);
        return bridge;
    }
};

} // namespace

TEST_CASE("at quit the vault and sync workers are joined before the window backend shuts down, so no wake reaches it after") {
    Setup t;
    auto bridge = t.bridge_with_work_in_flight();
    std::unique_ptr<app::SyncWorker> no_sync;
    CHECK(app::stop_workers_then_window(bridge, no_sync, *t.backend) == 0);
    CHECK(bridge == nullptr);
    CHECK(t.backend->wakes_after_shutdown() == 0);
    CHECK(t.ui_queue.drain() == 1); // the save finished and its result was posted (and woke) in time
}

TEST_CASE("control: shutting the window down first and joining the worker after is counted as a late wake") {
    Setup t;
    auto bridge = t.bridge_with_work_in_flight();
    t.backend->shutdown(); // the old order: backend->shutdown(), then the workers die at return
    bridge.reset();
    CHECK(t.backend->wakes_after_shutdown() == 1);
}
