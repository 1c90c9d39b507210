// The submission path's safeguarding hook, through the real vault in a temporary directory: the
// bridge asks the hook about the submitted answers, stores a flagged record with the safeguarding
// mark, and the outbox then offers it before an older record that is not flagged (the device-local
// priority of docs/sync-protocol.md, "Order and retries").
#include "app/kiosk_flow.h"
#include "app/vault_bridge.h"
#include "core/questionnaire_parser.h"
#include "vault/device_vault.h"
#include "../vault/test_dir.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <limits>
#include <thread>

using namespace selfdirect;

namespace {

core::Questionnaire form() {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"R","title":"Me","item":[
        {"linkId":"1","type":"choice","required":true,"text":"Are you safe at home?","answerOption":[
          {"valueCoding":{"code":"safe","display":"Yes"}},{"valueCoding":{"code":"unsafe","display":"No"}}]}]})",
                                       "r.json");
    REQUIRE(q.ok());
    return *q;
}

core::Answers answered(const std::string& code) { return core::Answers{{"1", core::Coding{"", code, code}}}; }

app::Command submit_command(const core::Questionnaire& q, core::Answers answers) {
    app::Command c;
    c.kind = app::Command::Kind::Submit;
    c.form = &q;
    c.answers = std::move(answers);
    return c;
}

// A real vault in a temp dir, the one-question form, and what a VaultBridge needs around it.
struct Setup {
    vault::testing::TestDir dir;
    std::unique_ptr<vault::DeviceVault> device = [this] {
        auto opened = vault::DeviceVault::open(dir / "device", "kiosk-1");
        REQUIRE(opened.ok());
        return std::move(opened).value();
    }();
    vault::CouncilPublicKey council = [] {
        auto pair = vault::generate_council_keypair("c-1");
        REQUIRE(pair.ok());
        return vault::CouncilPublicKey{pair->key_id, pair->public_key};
    }();
    const core::Questionnaire q = form();
    app::KioskFlow flow{q, nullptr, nullptr, app::KioskTexts{}};
    app::MainThreadQueue ui_queue;
};

template <typename Pred>
bool eventually(Pred pred) {
    for (int i = 0; i < 500; ++i) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pred();
}

} // namespace

TEST_CASE("a submission the safeguarding hook flags is stored with the mark and offered before an older unflagged one") {
    Setup t;
    vault::DeviceVault& device = *t.device;
    const core::Questionnaire& q = t.q;

    std::atomic<int> submitted{0};
    std::atomic<int> asked{0};
    std::atomic<bool> hook_saw_the_form{true};
    app::VaultBridge::Hooks hooks;
    hooks.wake_ui = [] {};
    hooks.record_submitted = [&submitted] { ++submitted; };
    // Plays the RAS table's safeguarding flag: raised by the answer "unsafe".
    hooks.safeguarding = [&](const core::Questionnaire& f, const core::Answers& a) {
        ++asked;
        if (&f != &q) hook_saw_the_form = false;
        auto it = a.find("1");
        const auto* coding = it == a.end() ? nullptr : std::get_if<core::Coding>(&it->second);
        return coding != nullptr && coding->code == "unsafe";
    };
    {
        app::VaultBridge bridge(device, {&q}, {t.council}, t.ui_queue, hooks);
        bridge.execute(submit_command(q, answered("safe")), t.flow); // first: the older record
        REQUIRE(eventually([&] { return submitted.load() == 1; }));
        bridge.execute(submit_command(q, answered("unsafe")), t.flow);
        REQUIRE(eventually([&] { return submitted.load() == 2; }));
    } // the bridge's worker has finished every task
    t.ui_queue.drain();
    CHECK(asked.load() == 2);
    CHECK(hook_saw_the_form.load());

    auto due = device.due_outbox(std::numeric_limits<std::int64_t>::max() / 2, 50);
    REQUIRE(due.ok());
    REQUIRE(due->size() == 2);
    CHECK((*due)[0].safeguarding);
    CHECK_FALSE((*due)[1].safeguarding);
    CHECK((*due)[0].created_unix >= (*due)[1].created_unix); // the flagged one is the newer record
    // One at a time, as a batch of one would take it: the flagged record goes first.
    auto first = device.due_outbox(std::numeric_limits<std::int64_t>::max() / 2, 1);
    REQUIRE(first.ok());
    REQUIRE(first->size() == 1);
    CHECK(first->front().record_id == (*due)[0].record_id);
    CHECK(first->front().safeguarding);
}

TEST_CASE("without a safeguarding hook a submission is stored unflagged") {
    Setup t;
    std::atomic<int> submitted{0};
    {
        app::VaultBridge bridge(*t.device, {&t.q}, {t.council}, t.ui_queue, {[] {}, [&submitted] { ++submitted; }, nullptr});
        bridge.execute(submit_command(t.q, answered("unsafe")), t.flow);
        REQUIRE(eventually([&] { return submitted.load() == 1; }));
    }
    t.ui_queue.drain();
    auto pending = t.device->pending_outbox();
    REQUIRE(pending.ok());
    REQUIRE(pending->size() == 1);
    CHECK_FALSE(pending->front().safeguarding);
}
