// The journey asks only what the form's enableWhen switches on, never asks hidden or calculated
// items, and turns typed text into answers of the item's own type.
#include "app/journey.h"
#include "core/questionnaire_parser.h"

#include <doctest/doctest.h>

using namespace selfdirect;
using ui::Action;

namespace {

core::Questionnaire conditional_form() {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"C","title":"T","item":[
        {"linkId":"carer","type":"boolean","required":true,"text":"Does someone help you?"},
        {"linkId":"hours","type":"integer","required":true,"text":"How many hours a week?",
         "enableWhen":[{"question":"carer","operator":"=","answerBoolean":true}]},
        {"linkId":"secret","type":"string","text":"Hidden","extension":[
          {"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-hidden","valueBoolean":true}]},
        {"linkId":"total","type":"integer","readOnly":true,"text":"Total","extension":[
          {"url":"http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
           "valueExpression":{"language":"text/fhirpath","expression":"1"}}]},
        {"linkId":"else","type":"text","text":"Anything else?"}]})",
                                       "c.json");
    REQUIRE(q.ok());
    return *q;
}

void save(app::Journey& j, const Action& a) {
    j.apply(a);
    REQUIRE(j.apply(Action::next("")));
    j.on_answer_saved(j.visit(), true, "");
}

} // namespace

TEST_CASE("a question switched off by an earlier answer is skipped, left off the check page and not required") {
    auto form = conditional_form();
    app::Journey j(form);
    save(j, Action::choose_bool(false));
    CHECK(j.view().question.link_id == "else");
    REQUIRE(j.apply(Action::next("")) == std::nullopt); // optional and empty: moves on without saving
    CHECK(j.view().screen == ui::Screen::Check);
    std::vector<std::string> rows;
    for (const auto& r : j.view().check.rows) rows.push_back(r.link_id);
    CHECK(rows == std::vector<std::string>{"carer", "else"});
    auto submit = j.apply(Action::of(Action::Kind::Submit));
    REQUIRE(submit);
    CHECK(submit->kind == app::Command::Kind::Submit);
}

TEST_CASE("a question switched on is asked, and its typed answer becomes a whole number") {
    auto form = conditional_form();
    app::Journey j(form);
    save(j, Action::choose_bool(true));
    REQUIRE(j.view().question.link_id == "hours");
    CHECK_FALSE(j.apply(Action::next("lots")));
    CHECK(j.view().error == "Enter a whole number.");
    auto cmd = j.apply(Action::next(" 12 "));
    REQUIRE(cmd);
    CHECK(cmd->value == core::AnswerValue{std::int64_t{12}});
    j.on_answer_saved(j.visit(), true, "");
    CHECK(j.view().question.link_id == "else"); // hidden and calculated items are never asked
    j.apply(Action::of(Action::Kind::Back));
    CHECK(j.view().question.link_id == "hours");
    CHECK(j.view().question.initial_text == "12");
}
