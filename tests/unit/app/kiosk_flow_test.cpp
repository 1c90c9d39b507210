// The kiosk visit around the form: attract and start pages, the result page between "check your
// answers" and sending, the carer's assessment offered on the confirmation page, resume codes, and
// the idle warning that keeps answers when answered and forgets the person when not.
#include "app/kiosk_flow.h"
#include "app/shown_summary.h"
#include "app/service_standards.h"
#include "core/questionnaire_parser.h"

#include <doctest/doctest.h>

#include <ctime>

using namespace selfdirect;
using app::Command;
using app::KioskFlow;
using ui::Action;
using ui::Screen;

namespace {

core::Questionnaire resident_form() {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"R","title":"Me","item":[
        {"linkId":"1","type":"group","text":"Personal care","item":[
          {"linkId":"1.intro","type":"display","text":"Why we ask: to understand your day."},
          {"linkId":"1.1","type":"choice","required":true,"text":"Help washing?","answerOption":[
            {"valueCoding":{"code":"none","display":"None"}},{"valueCoding":{"code":"lots","display":"Lots"}}]}]},
        {"linkId":"12","type":"group","text":"Help from others","item":[
          {"linkId":"12.1","type":"choice","required":true,"text":"Does anyone help you?","answerOption":[
            {"valueCoding":{"code":"yes","display":"Yes"}},{"valueCoding":{"code":"no","display":"No"}}]}]}]})",
                                       "r.json");
    REQUIRE(q.ok());
    return *q;
}

core::Questionnaire carer_form() {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"C","title":"Carer","item":[
        {"linkId":"C1","type":"choice","required":true,"text":"Hours caring?","answerOption":[
          {"valueCoding":{"code":"few","display":"A few"}},{"valueCoding":{"code":"many","display":"Many"}}]}]})",
                                       "c.json");
    REQUIRE(q.ok());
    return *q;
}

// Answers the current choice question with option `i` and confirms the save.
void answer(KioskFlow& f, int i) {
    REQUIRE(f.view().screen == Screen::Question);
    CHECK_FALSE(f.apply(Action::choose_option(i)));
    auto save = f.apply(Action::next(""));
    REQUIRE(save);
    CHECK(save->kind == Command::Kind::SaveAnswer);
    f.on_answer_saved(save->visit, true, "");
}

// Plays the RAS table: its carer-offer flag is raised when 12.1 is answered with the code "yes"
// (whatever that option's label says in the language shown).
app::ResultExplainer fixed_result() {
    return [](const core::Questionnaire& form, const core::Answers& answers, const core::Catalogue&) -> std::optional<ui::ResultView> {
        if (form.id != "R") return std::nullopt;
        ui::ResultView v;
        v.heading = "Your estimated personal budget";
        v.weekly_text = "£100.00 a week";
        if (auto it = answers.find("12.1"); it != answers.end()) {
            const auto* coding = std::get_if<core::Coding>(&it->second);
            if (coding && coding->code == "yes") v.notices.push_back({"carer-offer", "Help for the person who helps you", {}, false});
        }
        return v;
    };
}

struct Fixture {
    core::Questionnaire resident = resident_form();
    core::Questionnaire carer = carer_form();
    KioskFlow flow{resident, &carer, fixed_result(), app::KioskTexts{}};

    void start_resident() {
        CHECK(flow.view().screen == Screen::Attract);
        flow.apply(Action::of(Action::Kind::Begin));
        CHECK(flow.view().screen == Screen::Start);
        flow.apply(Action::of(Action::Kind::StartResident));
    }
};

} // namespace

TEST_CASE("the visit goes attract, start, questions, check, result, send and confirmation") {
    Fixture fx;
    fx.start_resident();
    auto v = fx.flow.view();
    REQUIRE(v.screen == Screen::Question);
    CHECK(v.question.section == "Section 1 of 2: Personal care");
    REQUIRE(v.question.notes.size() == 1);
    CHECK(v.question.notes[0] == "Why we ask: to understand your day.");
    answer(fx.flow, 1);
    answer(fx.flow, 1); // nobody helps
    REQUIRE(fx.flow.view().screen == Screen::Check);
    CHECK_FALSE(fx.flow.apply(Action::of(Action::Kind::ShowResult)));
    v = fx.flow.view();
    REQUIRE(v.screen == Screen::Result);
    CHECK(v.result.weekly_text == "£100.00 a week");
    // Back from the result returns to the check page with every answer.
    fx.flow.apply(Action::of(Action::Kind::Back));
    CHECK(fx.flow.view().screen == Screen::Check);
    fx.flow.apply(Action::of(Action::Kind::ShowResult));
    auto send = fx.flow.apply(Action::of(Action::Kind::Submit));
    REQUIRE(send);
    CHECK(send->kind == Command::Kind::Submit);
    REQUIRE(send->form != nullptr);
    CHECK(send->form->id == "R");
    CHECK(send->answers.size() == 2);
    CHECK(fx.flow.view().busy);
    fx.flow.on_submitted(send->visit, true, "SD-ABCD-1234", "");
    v = fx.flow.view();
    REQUIRE(v.screen == Screen::Receipt);
    CHECK(v.receipt.reference == "SD-ABCD-1234");
    CHECK_FALSE(v.receipt.offer_carer_assessment);
    CHECK_FALSE(v.receipt.next_steps.empty());
}

TEST_CASE("a submission still in flight when the person presses finish and clear never shows its reference to the next person") {
    Fixture fx;
    fx.start_resident();
    answer(fx.flow, 0);
    answer(fx.flow, 0);
    fx.flow.apply(Action::of(Action::Kind::ShowResult));
    auto send = fx.flow.apply(Action::of(Action::Kind::Submit));
    REQUIRE(send);
    REQUIRE(fx.flow.view().busy);
    // A person must always be able to leave: finish and clear works while the vault is busy.
    auto end = fx.flow.apply(Action::of(Action::Kind::FinishAndClear));
    REQUIRE(end);
    CHECK(end->kind == Command::Kind::EndSession);
    REQUIRE(fx.flow.view().screen == Screen::Attract);
    // The vault finishes the submission afterwards and its result arrives.
    fx.flow.on_submitted(send->visit, true, "SD-LATE-0001", "");
    auto v = fx.flow.view();
    CHECK(v.screen == Screen::Attract);
    CHECK_FALSE(fx.flow.in_visit());
    CHECK_FALSE(v.busy);
    CHECK(v.receipt.reference.empty());
    CHECK(v.spoken.find("SD-LATE-0001") == std::string::npos);
    // The next person's visit is theirs alone: the old result does not move them either.
    fx.start_resident();
    fx.flow.on_submitted(send->visit, true, "SD-LATE-0001", "");
    CHECK(fx.flow.view().screen == Screen::Question);
    CHECK(fx.flow.view().receipt.reference.empty());
}

TEST_CASE("a resume code or resumed answers that arrive after the person left are dropped, not shown to the next person") {
    Fixture fx;
    fx.start_resident();
    answer(fx.flow, 1);
    auto issue = fx.flow.apply(Action::of(Action::Kind::SaveForLater));
    REQUIRE(issue);
    fx.flow.apply(Action::of(Action::Kind::FinishAndClear));
    // The next person asks for a code of their own; the first person's arrives first.
    fx.start_resident();
    answer(fx.flow, 0);
    auto mine = fx.flow.apply(Action::of(Action::Kind::SaveForLater));
    REQUIRE(mine);
    CHECK(mine->visit != issue->visit);
    fx.flow.on_resume_code(issue->visit, true, core::WipedText("AAAA-AAAA-AAAA-AAAA"), "2026-11-29", "");
    CHECK(fx.flow.view().busy); // still waiting for this person's own code
    CHECK(fx.flow.view().resume_code.code().empty());
    fx.flow.on_resume_code(mine->visit, true, core::WipedText("BBBB-BBBB-BBBB-BBBB"), "2026-11-29", "");
    CHECK(fx.flow.view().resume_code.code() == "BBBB-BBBB-BBBB-BBBB");

    // Someone types a code and leaves before it is checked; the next person opens the code page.
    fx.flow.apply(Action::of(Action::Kind::FinishAndClear));
    fx.flow.apply(Action::of(Action::Kind::Begin));
    fx.flow.apply(Action::of(Action::Kind::ContinueWithCode));
    auto typed = fx.flow.apply(Action::code("AAAA-AAAA-AAAA-AAAA"));
    REQUIRE(typed);
    fx.flow.apply(Action::of(Action::Kind::FinishAndClear));
    fx.flow.apply(Action::of(Action::Kind::Begin));
    fx.flow.apply(Action::of(Action::Kind::ContinueWithCode));
    core::Answers saved;
    saved["1.1"] = core::option_answer(fx.resident.items[0].items[1].options[1]);
    fx.flow.on_resumed(typed->visit, true, "R", saved, "");
    CHECK(fx.flow.view().screen == Screen::ResumeEntry);
}

TEST_CASE("the carer's assessment is offered when the RAS raised its carer-offer flag, whatever the answer's label says") {
    // The option labelled "Ie" (Welsh for yes) has the code "yes": the offer follows the form's
    // rule, not the English word "Yes" at the start of a label.
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"R","title":"Me","item":[
        {"linkId":"12.1","type":"choice","required":true,"text":"Does anyone help you?","answerOption":[
          {"valueCoding":{"code":"yes","display":"Ie"}},{"valueCoding":{"code":"no","display":"Yes, but only sometimes? No."}}]}]})",
                                       "r.json");
    REQUIRE(q.ok());
    core::Questionnaire carer = carer_form();
    for (int option : {0, 1}) {
        KioskFlow flow{*q, &carer, fixed_result(), app::KioskTexts{}};
        flow.apply(Action::of(Action::Kind::Begin));
        flow.apply(Action::of(Action::Kind::StartResident));
        answer(flow, option);
        flow.apply(Action::of(Action::Kind::ShowResult));
        auto send = flow.apply(Action::of(Action::Kind::Submit));
        REQUIRE(send);
        flow.on_submitted(send->visit, true, "SD-0000-0002", "");
        CHECK(flow.view().receipt.offer_carer_assessment == (option == 0));
    }
}

TEST_CASE("a person who said someone helps them is offered a carer's assessment for that person on the confirmation page") {
    Fixture fx;
    fx.start_resident();
    answer(fx.flow, 0);
    answer(fx.flow, 0); // 12.1: yes
    fx.flow.apply(Action::of(Action::Kind::ShowResult));
    auto resident_send = fx.flow.apply(Action::of(Action::Kind::Submit));
    REQUIRE(resident_send);
    fx.flow.on_submitted(resident_send->visit, true, "SD-0000-0001", "");
    auto v = fx.flow.view();
    CHECK(v.receipt.offer_carer_assessment);
    fx.flow.apply(Action::of(Action::Kind::StartCarerFromReceipt));
    v = fx.flow.view();
    REQUIRE(v.screen == Screen::Question);
    CHECK(v.question.link_id == "C1");
    answer(fx.flow, 1);
    // The carer form has no RAS table here, so Continue on the check page sends at once.
    auto send = fx.flow.apply(Action::of(Action::Kind::ShowResult));
    REQUIRE(send);
    CHECK(send->kind == Command::Kind::Submit);
    CHECK(send->form->id == "C");
}

TEST_CASE("a form without a RAS table is sent straight from the check page") {
    core::Questionnaire resident = resident_form();
    KioskFlow flow(resident, nullptr, {}, app::KioskTexts{});
    flow.apply(Action::of(Action::Kind::Begin));
    CHECK_FALSE(flow.view().carer_journey_available);
    flow.apply(Action::of(Action::Kind::StartCarer)); // not offered: nothing happens
    CHECK(flow.view().screen == Screen::Start);
    flow.apply(Action::of(Action::Kind::StartResident));
    answer(flow, 0);
    answer(flow, 1);
    auto send = flow.apply(Action::of(Action::Kind::ShowResult));
    REQUIRE(send);
    CHECK(send->kind == Command::Kind::Submit);
}

TEST_CASE("answering the idle warning with more time keeps every answer and the page") {
    Fixture fx;
    fx.start_resident();
    answer(fx.flow, 1);
    CHECK(fx.flow.in_visit());
    fx.flow.show_idle_warning(30);
    auto v = fx.flow.view();
    CHECK(v.idle.showing);
    CHECK(v.idle.seconds_left == 30);
    CHECK_FALSE(fx.flow.apply(Action::of(Action::Kind::MoreTime)));
    v = fx.flow.view();
    CHECK_FALSE(v.idle.showing);
    CHECK(v.screen == Screen::Question);
    CHECK(v.question.link_id == "12.1");
}

TEST_CASE("an unanswered idle warning forgets the person, their settings and ends the vault session") {
    Fixture fx;
    fx.flow.apply(Action::text_size(200));
    CHECK(fx.flow.take_style_change());
    fx.start_resident();
    answer(fx.flow, 1);
    fx.flow.show_idle_warning(1);
    Command c = fx.flow.idle_timeout();
    CHECK(c.kind == Command::Kind::EndSession);
    auto v = fx.flow.view();
    CHECK(v.screen == Screen::Attract);
    CHECK_FALSE(v.idle.showing);
    CHECK(v.settings.text_percent == 100);
    CHECK(fx.flow.take_style_change());
    CHECK(fx.flow.take_wipe_request()); // the ImGui context held their text
    fx.flow.apply(Action::of(Action::Kind::Begin));
    fx.flow.apply(Action::of(Action::Kind::StartResident));
    CHECK(fx.flow.view().question.selected_option == -1);
}

TEST_CASE("save and come back later asks the vault for a code and shows it, and the idle warning offers it too") {
    Fixture fx;
    fx.start_resident();
    answer(fx.flow, 1);
    fx.flow.show_idle_warning(20);
    CHECK(fx.flow.view().can_save_for_later);
    auto cmd = fx.flow.apply(Action::of(Action::Kind::SaveForLater));
    REQUIRE(cmd);
    CHECK(cmd->kind == Command::Kind::IssueResumeCode);
    REQUIRE(cmd->form != nullptr);
    CHECK(fx.flow.view().screen == Screen::ResumeCode);
    CHECK(fx.flow.view().busy);
    fx.flow.on_resume_code(cmd->visit, true, core::WipedText("ABCD-EFGH-JKMN-PQRS"), "2026-11-29", "");
    auto v = fx.flow.view();
    CHECK(v.resume_code.code() == "ABCD-EFGH-JKMN-PQRS");
    // One wiped copy of the code, its QR symbol encoded once: every frame's view shares them.
    REQUIRE(v.resume_code.shown != nullptr);
    CHECK(v.resume_code.shown->qr.width > 0);
    CHECK(fx.flow.view().resume_code.shown.get() == v.resume_code.shown.get());
    // Read aloud one character at a time: the code never goes to the speech engine as one string.
    CHECK(v.spoken.find("ABCD-EFGH-JKMN-PQRS") == std::string::npos);
    CHECK(v.spoken.find("A B C D, E F G H, J K M N, P Q R S") != std::string::npos);
    CHECK(v.resume_code.expires == "29 November 2026");
    CHECK_FALSE(v.busy);
    fx.flow.apply(Action::of(Action::Kind::Back));
    CHECK(fx.flow.view().screen == Screen::Question);
}

TEST_CASE("a right code reopens the form it belongs to at the first unanswered question") {
    Fixture fx;
    fx.flow.apply(Action::of(Action::Kind::Begin));
    fx.flow.apply(Action::of(Action::Kind::ContinueWithCode));
    CHECK(fx.flow.view().screen == Screen::ResumeEntry);
    CHECK_FALSE(fx.flow.apply(Action::code("")));
    CHECK_FALSE(fx.flow.view().error.empty());
    auto cmd = fx.flow.apply(Action::code("ABCD-EFGH-JKMN-PQRS"));
    REQUIRE(cmd);
    CHECK(cmd->kind == Command::Kind::Resume);
    CHECK(cmd->code == "ABCD-EFGH-JKMN-PQRS");
    fx.flow.on_resumed(cmd->visit, false, "", {}, "That code does not match. Please check it and try again.");
    CHECK(fx.flow.view().screen == Screen::ResumeEntry);
    CHECK(fx.flow.view().error.find("does not match") != std::string::npos);
    cmd = fx.flow.apply(Action::code("ABCD-EFGH-JKMN-PQRS"));
    REQUIRE(cmd);
    core::Answers saved;
    saved["1.1"] = core::option_answer(fx.resident.items[0].items[1].options[1]);
    fx.flow.on_resumed(cmd->visit, true, "R", saved, "");
    auto v = fx.flow.view();
    REQUIRE(v.screen == Screen::Question);
    CHECK(v.question.link_id == "12.1");
    fx.flow.apply(Action::of(Action::Kind::Back));
    CHECK(fx.flow.view().question.selected_option == 1); // the restored answer is there
}

TEST_CASE("easy read text replaces the form's text when that language is chosen on the attract page") {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"E","title":"T","item":[
        {"linkId":"1","type":"boolean","text":"Do you need help?","_text":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/translation",
          "extension":[{"url":"lang","valueCode":"en-x-easyread"},{"url":"content","valueString":"Do you need help? Easy"}]}]}}]})",
                                       "e.json");
    REQUIRE(q.ok());
    KioskFlow flow(*q, nullptr, {}, app::KioskTexts{});
    flow.apply(Action::language("en-x-easyread"));
    CHECK(flow.view().settings.language == "en-x-easyread");
    flow.apply(Action::of(Action::Kind::Begin));
    flow.apply(Action::of(Action::Kind::StartResident));
    CHECK(flow.view().question.text == "Do you need help? Easy");
}

TEST_CASE("a resume code's expiry date is written out in the language on screen, month name included") {
    core::Questionnaire resident = resident_form();
    app::KioskTexts texts;
    texts.catalogues.emplace("cy", core::Catalogue("cy", {{"November", "Tachwedd"}, {"{day} {month} {year}", "{day} {month} {year}"}}));
    texts.languages = {{"en", "English"}, {"cy", "Cymraeg"}};
    KioskFlow flow{resident, nullptr, fixed_result(), texts};
    ui::SettingsView welsh;
    welsh.language = "cy";
    flow.set_start_settings(welsh);
    flow.apply(Action::of(Action::Kind::Begin));
    flow.apply(Action::of(Action::Kind::StartResident));
    auto cmd = flow.apply(Action::of(Action::Kind::SaveForLater));
    REQUIRE(cmd);
    flow.on_resume_code(cmd->visit, true, core::WipedText("ABCD-EFGH-JKMN-PQRS"), "2026-11-29", "");
    CHECK(flow.view().resume_code.expires == "29 Tachwedd 2026");
}

TEST_CASE("staff open the device status page from the attract page only; it says in plain words what is waiting and what went wrong") {
    Fixture fx;
    app::SyncStatus status;
    status.waiting = 3;
    status.confirmed = 12;
    status.held = 1;
    std::tm local{};
    local.tm_year = 2026 - 1900, local.tm_mon = 10, local.tm_mday = 22, local.tm_hour = 10, local.tm_min = 42;
    local.tm_isdst = -1;
    status.last_success_unix = static_cast<std::int64_t>(std::mktime(&local)); // 22 Nov 2026 10:42 here
    status.problem = app::SyncProblem::Unreachable;
    status.problem_code = "sync.network";
    fx.flow.set_sync_status(status);
    fx.flow.apply(Action::of(Action::Kind::OpenStaffStatus));
    auto v = fx.flow.view();
    REQUIRE(v.screen == Screen::StaffStatus);
    CHECK(v.sync.state == "Waiting to try again");
    auto has = [&](const std::string& text) {
        for (const auto& line : v.sync.lines)
            if (line.find(text) != std::string::npos) return true;
        return false;
    };
    CHECK(has("Waiting to be sent: 3"));
    CHECK(has("kept for now: 12"));
    CHECK(has("for the council to sort out: 1"));
    CHECK(has("Last confirmed: 22 November 2026 at 10:42"));
    CHECK(has("could not be reached"));
    CHECK_FALSE(has("sync.network")); // a known problem is in words, not a code
    // The status page is part of no one's visit: back goes to the attract page.
    fx.flow.apply(Action::of(Action::Kind::Back));
    CHECK(fx.flow.view().screen == Screen::Attract);
    // Mid-form, the request is ignored: a resident never lands on it.
    fx.start_resident();
    fx.flow.apply(Action::of(Action::Kind::OpenStaffStatus));
    CHECK(fx.flow.view().screen == Screen::Question);
    // Everything sent: the state says so.
    fx.flow.set_sync_status(app::SyncStatus{});
    fx.flow.apply(Action::of(Action::Kind::FinishAndClear));
    fx.flow.apply(Action::of(Action::Kind::OpenStaffStatus));
    REQUIRE(fx.flow.view().screen == Screen::StaffStatus); // after the clear, the attract page offers it again
    CHECK(fx.flow.view().sync.state == "Everything is sent");
}

TEST_CASE("staff copy the waiting records to a USB stick from the status page only when the device has an export directory") {
    Fixture fx;
    fx.flow.apply(Action::of(Action::Kind::OpenStaffStatus));
    REQUIRE(fx.flow.view().screen == Screen::StaffStatus);
    CHECK_FALSE(fx.flow.view().sync.can_export);
    fx.flow.apply(Action::of(Action::Kind::ExportToMedia));
    CHECK_FALSE(fx.flow.take_export_request()); // no export directory: nothing happens

    fx.flow.set_export_available(true);
    CHECK(fx.flow.view().sync.can_export);
    fx.flow.apply(Action::of(Action::Kind::ExportToMedia));
    CHECK(fx.flow.take_export_request());
    CHECK(fx.flow.view().busy); // one export at a time
    fx.flow.apply(Action::of(Action::Kind::ExportToMedia));
    CHECK_FALSE(fx.flow.take_export_request());
    fx.flow.on_exported(true, 7, "/media/usb/selfdirect-bundle-kiosk-1-20261122T101500Z", "");
    auto v = fx.flow.view();
    CHECK_FALSE(v.busy);
    CHECK(v.sync.export_result.find("Copied 7 records") != std::string::npos);
    CHECK(v.sync.export_result.find("waiting to be sent") != std::string::npos); // an export is not a receipt

    fx.flow.apply(Action::of(Action::Kind::ExportToMedia));
    REQUIRE(fx.flow.take_export_request());
    fx.flow.on_exported(false, 0, "", "bundle.verify_failed");
    CHECK(fx.flow.view().sync.export_result.find("Do not use this USB stick") != std::string::npos);
}

TEST_CASE("sending from the result page carries the summary of the one assessment that page was built from") {
    int explained = 0;
    app::ResultExplainer explain = [&explained](const core::Questionnaire& form, const core::Answers&,
                                                const core::Catalogue&) -> std::optional<app::ExplainedResult> {
        ++explained;
        ui::ResultView v;
        v.weekly_text = "£100.00 a week";
        core::AssessmentSummary s;
        s.form_id = form.id;
        s.flags.push_back({"safeguarding", {"1.1"}});
        s.budget_shown = true;
        s.figures_shown = {{"weekly", 10000}};
        return app::ExplainedResult(v, s);
    };
    core::Questionnaire resident = resident_form();
    KioskFlow flow{resident, nullptr, explain, app::KioskTexts{}};
    flow.apply(Action::of(Action::Kind::Begin));
    flow.apply(Action::of(Action::Kind::StartResident));
    answer(flow, 1);
    answer(flow, 1);
    CHECK_FALSE(flow.apply(Action::of(Action::Kind::ShowResult)));
    REQUIRE(flow.view().screen == Screen::Result);
    auto send = flow.apply(Action::of(Action::Kind::Submit));
    REQUIRE(send);
    CHECK(send->kind == Command::Kind::Submit);
    REQUIRE_MESSAGE(send->summary, "the submission does not carry the result page's assessment summary");
    CHECK(send->summary->form_id == "R");
    CHECK(send->summary->raised("safeguarding"));
    CHECK(send->summary->figures_shown == std::vector<core::SummaryFigure>{{"weekly", 10000}});
    CHECK(explained == 1); // the page and the record share one assessment
}

TEST_CASE("the result page's summary records whether an amount was on the page, the form and this app's version") {
    core::Questionnaire form = resident_form();
    form.version = "4";
    ui::ResultView shown;
    shown.weekly_text = "£100.00 a week";
    core::SummaryContext c = app::summary_context(form, shown);
    CHECK(c.form_id == "R");
    CHECK(c.form_version == "4");
    CHECK(c.app_version == std::string(app::app_version()));
    CHECK_FALSE(c.app_version.empty());
    CHECK(c.budget_shown);
    ui::ResultView hidden; // a council that shows no budget: no amount lines
    CHECK_FALSE(app::summary_context(form, hidden).budget_shown);
}

namespace {

// A form that asks for contact consent the way the default forms do (SAQ-D1 16.1, CSAQ-D1 C7.1).
core::Questionnaire form_with_contact_question() {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"R","title":"Me","item":[
        {"linkId":"1.1","type":"choice","required":true,"text":"Help washing?","answerOption":[
          {"valueCoding":{"code":"none","display":"None"}},{"valueCoding":{"code":"lots","display":"Lots"}}]},
        {"linkId":"16.1","type":"choice","text":"Can a worker contact you about this assessment?","answerOption":[
          {"valueCoding":{"system":"https://selfdirect.example/fhir/CodeSystem/contact-consent","code":"phone","display":"Yes, by phone"}},
          {"valueCoding":{"system":"https://selfdirect.example/fhir/CodeSystem/contact-consent","code":"email","display":"Yes, by email"}},
          {"valueCoding":{"system":"https://selfdirect.example/fhir/CodeSystem/contact-consent","code":"no","display":"No, I will keep my reference and contact you"}}]}]})",
                                       "r.json");
    REQUIRE(q.ok());
    return *q;
}

bool has_step(const ui::ReceiptView& r, const std::string& part) {
    for (const std::string& s : r.next_steps)
        if (s.find(part) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("the confirmation page promises contact within 20 working days only to someone who agreed to be contacted") {
    const core::Questionnaire form = form_with_contact_question();
    core::Questionnaire carer = carer_form();
    app::KioskTexts texts;
    texts.service_standards = [](const core::Catalogue& c, app::ContactChoice contact) {
        return app::service_standard_lines(c, app::ServiceStandards{"Anytown Council", 20, 4, "01234 200200"}, contact);
    };
    for (int option : {0, 1, 2}) { // phone, email, no
        KioskFlow flow{form, &carer, fixed_result(), texts};
        flow.apply(Action::of(Action::Kind::Begin));
        flow.apply(Action::of(Action::Kind::StartResident));
        answer(flow, 0);
        answer(flow, option);
        flow.apply(Action::of(Action::Kind::ShowResult));
        auto send = flow.apply(Action::of(Action::Kind::Submit));
        REQUIRE(send);
        flow.on_submitted(send->visit, true, "SD-0000-0003", "");
        const ui::AppView v = flow.view();
        REQUIRE(v.screen == Screen::Receipt);
        const bool agreed = option != 2;
        CAPTURE(option);
        CHECK(v.receipt.worker_will_contact == agreed);
        CHECK(has_step(v.receipt, "will contact you within 20 working days") == agreed);
        CHECK(has_step(v.receipt, "We aim to agree your support plan") == agreed);
        CHECK(has_step(v.receipt, "You chose not to be contacted. Keep your reference.") == !agreed);
        CHECK(has_step(v.receipt, "call 01234 200200 and give your reference")); // how to reach the council, always
        CHECK(v.receipt.next_steps.front() == "Your answers are awaiting council verification.");
        // Finish and clear forgets the choice with everything else.
        flow.apply(Action::of(Action::Kind::FinishAndClear));
        CHECK(flow.view().receipt.worker_will_contact);
    }
}
