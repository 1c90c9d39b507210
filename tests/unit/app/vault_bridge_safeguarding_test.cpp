// The submission path's safeguarding priority, through the real vault in a temporary directory: the
// bridge reads the flag from the submission's assessment summary (the one assessment the result page
// came from; nothing is assessed again), stores a flagged record with the safeguarding mark, and the
// outbox then offers it before an older record that is not flagged (the device-local priority of
// docs/sync-protocol.md, "Order and retries"). The sealed record carries that summary.
#include "app/kiosk_flow.h"
#include "app/vault_bridge.h"
#include "core/assessment_summary.h"
#include "core/questionnaire_parser.h"
#include "vault/device_vault.h"
#include "vault/envelope.h"
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

// What the result page's assessment says: the safeguarding flag raised by the answer "unsafe".
core::AssessmentSummary summary_of(const core::Answers& answers) {
    core::AssessmentSummary s;
    s.form_id = "R";
    s.form_version = "3";
    s.app_version = "0.1.0";
    s.ras_table_id = "RAS-T";
    s.ras_table_version = "2";
    s.ras_kind = "adult";
    auto it = answers.find("1");
    const auto* coding = it == answers.end() ? nullptr : std::get_if<core::Coding>(&it->second);
    if (coding != nullptr && coding->code == "unsafe") s.flags.push_back({"safeguarding", {"1"}});
    s.budget_shown = true;
    s.figures_shown = {{"weekly", 36850}, {"annual", 1916200}};
    s.eligibility = core::SummaryEligibility{"adult", true, "met", true, 2, {"a", "d"}, false};
    return s;
}

app::Command submit_command(const core::Questionnaire& q, core::Answers answers, bool with_summary = true) {
    app::Command c;
    c.kind = app::Command::Kind::Submit;
    c.form = &q;
    if (with_summary) c.summary = summary_of(answers);
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
    vault::CouncilKeyPair council_pair = [] {
        auto pair = vault::generate_council_keypair("c-1");
        REQUIRE(pair.ok());
        return std::move(pair).value();
    }();
    vault::CouncilPublicKey council{council_pair.key_id, council_pair.public_key};
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

TEST_CASE("a submission whose assessment summary raises safeguarding is stored with the mark and offered before an older unflagged one") {
    Setup t;
    vault::DeviceVault& device = *t.device;
    const core::Questionnaire& q = t.q;

    std::atomic<int> submitted{0};
    app::VaultBridge::Hooks hooks;
    hooks.wake_ui = [] {};
    hooks.record_submitted = [&submitted] { ++submitted; };
    {
        app::VaultBridge bridge(device, {&q}, {t.council}, t.ui_queue, hooks);
        bridge.execute(submit_command(q, answered("safe")), t.flow); // first: the older record
        REQUIRE(eventually([&] { return submitted.load() == 1; }));
        bridge.execute(submit_command(q, answered("unsafe")), t.flow);
        REQUIRE(eventually([&] { return submitted.load() == 2; }));
    } // the bridge's worker has finished every task
    t.ui_queue.drain();

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

TEST_CASE("a submission without an assessment summary (a form with no RAS table) is stored unflagged") {
    Setup t;
    std::atomic<int> submitted{0};
    {
        app::VaultBridge bridge(*t.device, {&t.q}, {t.council}, t.ui_queue, {[] {}, [&submitted] { ++submitted; }});
        bridge.execute(submit_command(t.q, answered("unsafe"), false), t.flow);
        REQUIRE(eventually([&] { return submitted.load() == 1; }));
    }
    t.ui_queue.drain();
    auto pending = t.device->pending_outbox();
    REQUIRE(pending.ok());
    REQUIRE(pending->size() == 1);
    CHECK_FALSE(pending->front().safeguarding);
    // Sealed as a plain QuestionnaireResponse, as before summaries existed.
    auto opened = vault::open_record(pending->front().envelope, t.council_pair);
    REQUIRE(opened.ok());
    const auto response = nlohmann::json::parse(opened->view());
    CHECK(response["resourceType"] == "QuestionnaireResponse");
    CHECK_FALSE(core::read_summary(response));
}

TEST_CASE("a submitted record opened with the council key carries the summary of what the person was shown") {
    Setup t;
    std::atomic<int> submitted{0};
    const core::Answers answers = answered("unsafe");
    {
        app::VaultBridge bridge(*t.device, {&t.q}, {t.council}, t.ui_queue, {[] {}, [&submitted] { ++submitted; }});
        bridge.execute(submit_command(t.q, answers), t.flow);
        REQUIRE(eventually([&] { return submitted.load() == 1; }));
    }
    t.ui_queue.drain();
    auto pending = t.device->pending_outbox();
    REQUIRE(pending.ok());
    REQUIRE(pending->size() == 1);
    auto opened = vault::open_record(pending->front().envelope, t.council_pair);
    REQUIRE(opened.ok());
    const auto response = nlohmann::json::parse(opened->view());
    CHECK(response["resourceType"] == "QuestionnaireResponse");
    CHECK(response["item"][0]["linkId"] == "1"); // the answers are still there
    auto summary = core::read_summary(response);
    REQUIRE_MESSAGE(summary, "the sealed response carries no assessment summary");
    REQUIRE(summary->ok());
    CHECK(summary->value() == summary_of(answers));
    CHECK(summary->value().raised("safeguarding"));
    CHECK(summary->value().figures_shown.front().pence == 36850);
}
