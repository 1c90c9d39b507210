// Languages in the kiosk visit: the attract page's choice switches both the screen's own words (the
// UI catalogue) and the form's text (its translations), figures are put into translated sentences,
// errors follow the language on screen, the pseudo-locale reaches the form's text too, and a kiosk
// that forgets a person goes back to the language and text size it starts with.
#include "app/kiosk_flow.h"
#include "core/questionnaire_parser.h"

#include <doctest/doctest.h>

using namespace selfdirect;
using app::KioskFlow;
using ui::Action;
using ui::Screen;

namespace {

core::Questionnaire form() {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"R","title":"Me",
      "_title":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/translation","extension":[
        {"url":"lang","valueCode":"en-x-easyread"},{"url":"content","valueString":"About me"}]}]},
      "item":[
        {"linkId":"1","type":"group","text":"Personal care","item":[
          {"linkId":"1.1","type":"choice","required":true,"text":"Help washing?",
           "_text":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/translation","extension":[
             {"url":"lang","valueCode":"en-x-easyread"},{"url":"content","valueString":"Do you need help to wash?"}]}]},
           "answerOption":[
            {"valueCoding":{"code":"none","display":"None"}},{"valueCoding":{"code":"lots","display":"Lots"}}]}]}]})",
                                       "r.json");
    REQUIRE(q.ok());
    return *q;
}

app::KioskTexts texts() {
    app::KioskTexts t;
    t.catalogues.emplace("en-x-easyread",
                         core::Catalogue("en-x-easyread", {{"Question {number} of {total}", "Question {number}. There are {total}."},
                                                           {"Section {number} of {total}: {title}", "Part {number}: {title}"},
                                                           {"Please choose an answer.", "Please pick an answer."},
                                                           {"Your answers are awaiting council verification.",
                                                            "The council will check your answers."}}));
    t.languages.push_back({"en-x-pseudo", "[Éñĝļíšĥ]"});
    t.service_standards = [](const core::Catalogue& c, selfdirect::app::ContactChoice) {
        return std::vector<std::string>{core::fill(c.tr("We aim to agree your support plan with you within {weeks} weeks."),
                                                   {{"weeks", "4"}})};
    };
    return t;
}

void to_first_question(KioskFlow& flow) {
    flow.apply(Action::of(Action::Kind::Begin));
    flow.apply(Action::of(Action::Kind::StartResident));
    REQUIRE(flow.view().screen == Screen::Question);
}

} // namespace

TEST_CASE("choosing Easy Read on the attract page translates the screen's words and the form's text") {
    const core::Questionnaire q = form();
    KioskFlow flow(q, nullptr, {}, texts());
    CHECK(flow.view().catalogue->language() == "en");
    flow.apply(Action::language("en-x-easyread"));
    auto v = flow.view();
    REQUIRE(v.catalogue != nullptr);
    CHECK(v.tr("Question {number} of {total}") == "Question {number}. There are {total}.");
    to_first_question(flow);
    v = flow.view();
    CHECK(v.form_title == "About me");
    CHECK(v.question.text == "Do you need help to wash?");
    CHECK(v.question.progress == "Question 1. There are 1.");
    CHECK(v.question.section == "Part 1: Personal care");
}

TEST_CASE("English shows the English sentences with the figures filled in") {
    const core::Questionnaire q = form();
    KioskFlow flow(q, nullptr, {}, texts());
    to_first_question(flow);
    const auto v = flow.view();
    CHECK(v.question.progress == "Question 1 of 1");
    CHECK(v.question.section == "Section 1 of 1: Personal care");
    CHECK(v.question.text == "Help washing?");
}

TEST_CASE("a language the kiosk does not offer is ignored") {
    const core::Questionnaire q = form();
    KioskFlow flow(q, nullptr, {}, texts());
    flow.apply(Action::language("xx-unknown"));
    CHECK(flow.view().settings.language == "en");
}

TEST_CASE("an error made in English is shown in the language chosen afterwards") {
    const core::Questionnaire q = form();
    KioskFlow flow(q, nullptr, {}, texts());
    to_first_question(flow);
    flow.apply(Action::next("")); // nothing chosen
    CHECK(flow.view().error == "Please choose an answer.");
    flow.apply(Action::language("en-x-easyread"));
    CHECK(flow.view().error == "Please pick an answer.");
}

TEST_CASE("in the pseudo-locale the form's text and the screen's words are both pseudo-localised") {
    const core::Questionnaire q = form();
    KioskFlow flow(q, nullptr, {}, texts());
    flow.apply(Action::language("en-x-pseudo"));
    to_first_question(flow);
    const auto v = flow.view();
    CHECK(v.question.text == core::pseudo_localise("Help washing?"));
    REQUIRE(v.question.options.size() == 2);
    CHECK(v.question.options[0] == core::pseudo_localise("None"));
    CHECK(v.form_title == core::pseudo_localise("Me"));
    CHECK(v.question.progress == core::fill(core::pseudo_localise("Question {number} of {total}"), {{"number", "1"}, {"total", "1"}}));
    CHECK(v.tr("Next") == core::pseudo_localise("Next"));
}

TEST_CASE("the confirmation page's next steps follow the language on screen") {
    const core::Questionnaire q = form();
    KioskFlow flow(q, nullptr, {}, texts());
    flow.apply(Action::language("en-x-easyread"));
    to_first_question(flow);
    flow.apply(Action::choose_option(0));
    auto save = flow.apply(Action::next(""));
    REQUIRE(save);
    flow.on_answer_saved(save->visit, true, "");
    auto send = flow.apply(Action::of(Action::Kind::ShowResult));
    REQUIRE(send);
    flow.on_submitted(send->visit, true, "SD-0000-0001", "");
    const auto v = flow.view();
    REQUIRE(v.screen == Screen::Receipt);
    REQUIRE(v.receipt.next_steps.size() == 2);
    CHECK(v.receipt.next_steps[0] == "The council will check your answers.");
    CHECK(v.receipt.next_steps[1] == "We aim to agree your support plan with you within 4 weeks.");
}

TEST_CASE("a kiosk that forgets a person goes back to its starting language and text size") {
    const core::Questionnaire q = form();
    KioskFlow flow(q, nullptr, {}, texts());
    ui::SettingsView start;
    start.language = "en-x-pseudo";
    start.text_percent = 200;
    flow.set_start_settings(start);
    CHECK(flow.take_style_change());
    flow.apply(Action::language("en"));
    flow.apply(Action::text_size(100));
    flow.apply(Action::of(Action::Kind::FinishAndClear));
    const auto v = flow.view();
    CHECK(v.settings.language == "en-x-pseudo");
    CHECK(v.settings.text_percent == 200);
    CHECK(v.catalogue->is_pseudo());
}
