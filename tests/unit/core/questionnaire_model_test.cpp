// The parser reads the whole supported SDC subset into the model: types, options, contained
// ValueSets, scores, extensions, translations and expressions.
#include "core/answers.h"
#include "core/questionnaire.h"
#include "form_fixtures.h"

#include <doctest/doctest.h>

using namespace selfdirect::core;
using form_fixtures::form;

TEST_CASE("every supported item type is read with its FHIR name") {
    const char* types[] = {"group", "display", "boolean", "decimal", "integer", "date", "dateTime",
                           "time", "string", "text", "open-choice"};
    std::string items = "[";
    for (const char* t : types) {
        if (items.size() > 1) items += ",";
        items += std::string(R"({"linkId":"x-)") + t + R"(","type":")" + t + R"(")" +
                 (std::string(t) == "group" ? R"(,"item":[{"linkId":"inner","type":"string"}])" : "") + "}";
    }
    Questionnaire q = form(items + "]");
    CHECK(q.unsupported.empty());
    for (const char* t : types) {
        const Item* item = find_item(q, std::string("x-") + t);
        REQUIRE(item);
        CHECK(std::string(item_type_name(item->type)) == t);
        CHECK(item->fhir_type == t);
    }
    CHECK(find_item(q, "x-time")->type == ItemType::Time);
    CHECK(answerable_items(q).size() == 10); // every question, the inner string, not the group or display
}

TEST_CASE("answer options may be codings, strings, whole numbers or dates, each answered by its own value") {
    Questionnaire q = form(R"([
      {"linkId":"c","type":"choice","answerOption":[{"valueCoding":{"system":"s","code":"a","display":"Apple"}},
                                                     {"valueCoding":{"code":"b"}}]},
      {"linkId":"s","type":"choice","answerOption":[{"valueString":"red"},{"valueString":"blue"}]},
      {"linkId":"i","type":"choice","answerOption":[{"valueInteger":1},{"valueInteger":2}]},
      {"linkId":"d","type":"choice","answerOption":[{"valueDate":"2024-01-01"}]}])");
    const Item& c = *find_item(q, "c");
    CHECK(c.options[0].value == AnswerValue{Coding{"s", "a", "Apple"}});
    CHECK(c.options[1].display == "b"); // no display: the code is shown
    CHECK(find_item(q, "s")->options[1].value == AnswerValue{std::string("blue")});
    CHECK(find_item(q, "s")->options[1].display == "blue");
    CHECK(find_item(q, "i")->options[1].value == AnswerValue{std::int64_t{2}});
    CHECK(find_item(q, "i")->options[1].code == "2");
    CHECK(find_item(q, "d")->options[0].value == AnswerValue{Date{"2024-01-01"}});
    CHECK(option_answer(find_item(q, "s")->options[0]) == AnswerValue{std::string("red")});
}

TEST_CASE("option scores come from the option, its coding, or the contained ValueSet concept") {
    Questionnaire q = form(R"([
      {"linkId":"opt","type":"choice","answerOption":[
        {"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/ordinalValue","valueDecimal":2.5}],
         "valueCoding":{"code":"a"}},
        {"valueCoding":{"code":"b","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/itemWeight","valueInteger":4}]}},
        {"valueCoding":{"code":"c"}}]},
      {"linkId":"vs","type":"choice","answerValueSet":"#levels"}])",
                           R"("contained":[{"resourceType":"ValueSet","id":"levels","compose":{"include":[{"system":"sys","concept":[
        {"code":"none","display":"None","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/ordinalValue","valueDecimal":0}]},
        {"code":"lots","display":"Lots","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/itemWeight","valueDecimal":3}]}]}]}}],)");
    const Item& opt = *find_item(q, "opt");
    CHECK(opt.options[0].score == 2.5);
    CHECK(opt.options[1].score == 4.0);
    CHECK_FALSE(opt.options[2].score.has_value());
    const Item& vs = *find_item(q, "vs");
    CHECK(vs.answer_value_set == "#levels");
    REQUIRE(vs.options.size() == 2);
    CHECK(vs.options[1].value == AnswerValue{Coding{"sys", "lots", "Lots"}});
    CHECK(vs.options[0].score == 0.0);
    CHECK(vs.options[1].score == 3.0);
}

TEST_CASE("a contained ValueSet's expansion is preferred to its compose, nested entries included") {
    Questionnaire q = form(R"([{"linkId":"vs","type":"choice","answerValueSet":"#e"}])",
                           R"("contained":[{"resourceType":"ValueSet","id":"e",
        "compose":{"include":[{"system":"x","concept":[{"code":"ignored"}]}]},
        "expansion":{"contains":[{"system":"x","code":"1","display":"One"},
                                 {"display":"abstract heading","contains":[{"system":"x","code":"2","display":"Two"}]}]}}],)");
    const Item& vs = *find_item(q, "vs");
    REQUIRE(vs.options.size() == 2);
    CHECK(vs.options[0].code == "1");
    CHECK(vs.options[1].code == "2");
}

TEST_CASE("find_option matches a coding by system and code, or by code when the answer has no system") {
    Questionnaire q = form(R"([{"linkId":"c","type":"choice","answerOption":[{"valueCoding":{"system":"s","code":"a"}}]}])");
    const Item& c = *find_item(q, "c");
    CHECK(find_option(c, Coding{"s", "a", ""}) == &c.options[0]);
    CHECK(find_option(c, Coding{"", "a", ""}) == &c.options[0]);
    CHECK(find_option(c, Coding{"other", "a", ""}) == nullptr);
    CHECK(find_option(c, std::string("a")) == nullptr);
}

TEST_CASE("flags, limits, initial values and display extensions are read") {
    Questionnaire q = form(R"([
      {"linkId":"n","type":"integer","required":true,"repeats":true,"readOnly":true,"maxLength":4,
       "initial":[{"valueInteger":3}],
       "extension":[
         {"url":"http://hl7.org/fhir/StructureDefinition/minValue","valueInteger":1},
         {"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueInteger":9},
         {"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-hidden","valueBoolean":true},
         {"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
          "valueCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/questionnaire-item-control","code":"slider"}]}},
         {"url":"http://hl7.org/fhir/StructureDefinition/entryFormat","valueString":"0-9"},
         {"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-unit","valueCoding":{"system":"http://unitsofmeasure.org","code":"h","display":"hours"}}]},
      {"linkId":"d","type":"date","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueDate":"2030-12-31"}]},
      {"linkId":"c","type":"choice","answerOption":[{"valueCoding":{"code":"a"}},{"valueCoding":{"code":"b"},"initialSelected":true}]}])");
    const Item& n = *find_item(q, "n");
    CHECK(n.required);
    CHECK(n.repeats);
    CHECK(n.read_only);
    CHECK(n.max_length == 4);
    CHECK(n.initial == std::vector<AnswerValue>{std::int64_t{3}});
    CHECK(n.min_value == AnswerValue{std::int64_t{1}});
    CHECK(n.max_value == AnswerValue{std::int64_t{9}});
    CHECK(n.hidden);
    CHECK(n.item_control == "slider");
    CHECK(n.entry_format == "0-9");
    REQUIRE(n.unit.has_value());
    CHECK(n.unit->display == "hours");
    CHECK(find_item(q, "d")->max_value == AnswerValue{Date{"2030-12-31"}});
    const Item& c = *find_item(q, "c");
    CHECK(c.options[1].initial_selected);
    CHECK(c.initial == std::vector<AnswerValue>{Coding{"", "b", ""}});
}

TEST_CASE("translations are kept per language for the title, item text and option display") {
    const std::string easy = R"({"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/translation",
        "extension":[{"url":"lang","valueCode":"en-x-easyread"},{"url":"content","valueString":"EASY"}]}]})";
    Questionnaire q = form(R"([{"linkId":"c","type":"choice","text":"Plain","_text":)" + easy + R"(,
        "answerOption":[{"valueCoding":{"code":"a","display":"A","_display":)" + easy + R"(}},
                        {"valueString":"b","_valueString":)" + easy + R"(}]}])",
                           R"("title":"T","_title":)" + easy + ",");
    const Item& c = *find_item(q, "c");
    CHECK(c.text == "Plain");
    CHECK(c.text_translations.at("en-x-easyread") == "EASY");
    CHECK(c.options[0].display_translations.at("en-x-easyread") == "EASY");
    CHECK(c.options[1].display_translations.at("en-x-easyread") == "EASY");
    CHECK(q.title_translations.at("en-x-easyread") == "EASY");
}

TEST_CASE("calculated expressions and variables are kept as text with their language") {
    Questionnaire q = form(R"([{"linkId":"total","type":"decimal","readOnly":true,"extension":[
        {"url":"http://hl7.org/fhir/StructureDefinition/variable","valueExpression":{"name":"a","language":"text/fhirpath","expression":"1 + 1"}},
        {"url":"http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
         "valueExpression":{"language":"text/fhirpath","expression":"%a * 2"}}]}])",
                           R"J("extension":[{"url":"http://hl7.org/fhir/StructureDefinition/variable",
        "valueExpression":{"name":"top","language":"text/fhirpath","expression":"%resource.answers()"}}],)J");
    const Item& total = *find_item(q, "total");
    REQUIRE(total.calculated_expression.has_value());
    CHECK(total.calculated_expression->expression == "%a * 2");
    CHECK(total.calculated_expression->language == "text/fhirpath");
    REQUIRE(total.variables.size() == 1);
    CHECK(total.variables[0].name == "a");
    REQUIRE(q.variables.size() == 1);
    CHECK(q.variables[0].name == "top");
    CHECK(q.variables[0].expression == "%resource.answers()");
}

TEST_CASE("enableWhen conditions and behaviour are read with their operator and typed answer") {
    Questionnaire q = form(R"([{"linkId":"a","type":"integer"},{"linkId":"b","type":"boolean"},
      {"linkId":"c","type":"string","enableBehavior":"any","enableWhen":[
        {"question":"a","operator":">=","answerInteger":3},{"question":"b","operator":"exists","answerBoolean":true}]}])");
    const Item& c = *find_item(q, "c");
    CHECK(c.enable_behavior == EnableBehavior::Any);
    REQUIRE(c.enable_when.size() == 2);
    CHECK(c.enable_when[0].question == "a");
    CHECK(c.enable_when[0].op == EnableOperator::GreaterOrEqual);
    CHECK(c.enable_when[0].answer == AnswerValue{std::int64_t{3}});
    CHECK(c.enable_when[1].op == EnableOperator::Exists);
    CHECK(find_item(q, "a")->enable_behavior == EnableBehavior::All);
}
