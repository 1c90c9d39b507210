// The HL7 SDC example forms and responses in tests/fixtures/fhir-sdc load as they are: what is
// unsupported is listed item by item, and the published responses read back and round-trip.
#include "core/enable_when.h"
#include "core/questionnaire_parser.h"
#include "core/response_builder.h"
#include "core/response_json.h"
#include "core/response_validation.h"
#include "form_fixtures.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace selfdirect::core;
using form_fixtures::conformance;

namespace {

Questionnaire load(const std::string& name) {
    auto q = parse_questionnaire(conformance(name), name);
    REQUIRE_MESSAGE(q.ok(), (q.ok() ? "" : q.error().message));
    return std::move(q).value();
}

QuestionnaireResponse load_response(const std::string& name) {
    auto r = parse_questionnaire_response(conformance(name), name);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return std::move(r).value();
}

} // namespace

TEST_CASE("every Questionnaire in the conformance folder loads, and every unsupported item has a reason") {
    int questionnaires = 0;
    for (const auto& entry : std::filesystem::directory_iterator(form_fixtures::kConformanceDir)) {
        if (entry.path().extension() != ".json") continue;
        const std::string text = form_fixtures::read_file(entry.path().string());
        auto doc = nlohmann::json::parse(text.substr(text.rfind("{", 0) == 0 ? 0 : 3), nullptr, false);
        if (!doc.is_object() || doc.value("resourceType", "") != "Questionnaire") continue;
        ++questionnaires;
        INFO(entry.path().filename().string());
        auto q = parse_questionnaire(text, entry.path().filename().string());
        REQUIRE_MESSAGE(q.ok(), (q.ok() ? "" : q.error().message));
        CHECK_FALSE(answerable_items(*q).empty());
        for (const UnsupportedItem& u : q->unsupported) {
            CHECK_FALSE(u.reason.empty());
            REQUIRE(find_item(*q, u.link_id));
            CHECK(find_item(*q, u.link_id)->type == ItemType::Unsupported);
        }
    }
    CHECK(questionnaires == 8);
}

TEST_CASE("the all-data-types form lists exactly its attachment and its four remote ValueSet choices as unsupported") {
    Questionnaire q = load("questionnaire-sdc-test-all-data-types.json");
    auto remote_reason = [](const std::string& url) {
        return "answerValueSet '" + url + "' is not a contained ValueSet (\"#id\"), and a kiosk cannot expand it";
    };
    const std::vector<UnsupportedItem> expected = {
        {"id-attachment", "type 'attachment' is not supported"},
        {"id-choice", remote_reason("http://sqlonfhir-r4.azurewebsites.net/fhir/ValueSet/866d7924e20711d48c540020182939f7")},
        {"440f8cc6-3ea2-40c2-b03a-d03187131fd3", remote_reason("https://sqlonfhir-r4.azurewebsites.net/fhir/ValueSet/866d7924e20711d48c540020182939f7")},
        {"06aaa075-86e4-4cf2-a1ef-a86ab10e86e9", remote_reason("https://sqlonfhir-r4.azurewebsites.net/fhir/ValueSet/25b0ec04fd3511d28b3e0020182939f7")},
        {"EF8E3936-3246-4B3E-A46C-9FDAA5ACB635", remote_reason("https://sqlonfhir-r4.azurewebsites.net/fhir/ValueSet/25b0ec04fd3511d28b3e0020182939f7")},
    };
    CHECK(q.unsupported == expected);
    std::vector<std::string> types;
    for (const Item* item : answerable_items(q)) types.push_back(item_type_name(item->type));
    CHECK(types == std::vector<std::string>{"string", "text", "boolean", "date", "dateTime", "time", "integer", "decimal"});
}

TEST_CASE("the other conformance forms list their unsupported items") {
    CHECK(load("questionnaire-sdc-profile-example-PHQ9.json").unsupported ==
          std::vector<UnsupportedItem>{{"H1/TS", "type 'quantity' is not supported"}});
    CHECK(load("Questionnaire-CardiologyForm.json").unsupported ==
          std::vector<UnsupportedItem>{{"supportingdocumentation_attachment", "type 'attachment' is not supported"}});
    CHECK(load("questionnaire-sdc-profile-example-framingham-HCHD.json").unsupported.empty());
    CHECK(load("questionnaire-sdc-profile-example-hunger-vital-signs.json").unsupported.empty());
    CHECK(load("questionnaire-sdc-test-enablewhen.json").unsupported.size() == 1);
    CHECK(load("questionnaire-sdc-test-required-field.json").unsupported.size() == 1);
    CHECK(load("questionnaire-sdc-test-repeatable-nested-groups.json").unsupported.size() == 1);
}

TEST_CASE("the PHQ-9 reads its options and scores from the contained ValueSet and keeps its total's expression") {
    Questionnaire q = load("questionnaire-sdc-profile-example-PHQ9.json");
    const Item* q1 = find_item(q, "H1/T1/Q1");
    REQUIRE(q1);
    CHECK(q1->answer_value_set == "#VSPHQ9");
    REQUIRE(q1->options.size() == 4);
    CHECK(q1->options[0].code == "Not-at-all");
    CHECK(q1->options[0].system == "http://hl7.org/fhir/uv/sdc/CodeSystem/CSPHQ9");
    for (std::size_t i = 0; i < 4; ++i) CHECK(q1->options[i].score == static_cast<double>(i));
    const Item* total = find_item(q, "H1/TS");
    REQUIRE(total);
    REQUIRE(total->calculated_expression.has_value());
    CHECK(total->calculated_expression->expression == "%resource.answers().value.ordinal().sum()");
}

TEST_CASE("the Framingham and hunger forms keep variables, units, hidden items and calculated expressions") {
    Questionnaire f = load("questionnaire-sdc-profile-example-framingham-HCHD.json");
    CHECK(f.variables.size() == 15);
    int units = 0, hidden = 0, calculated = 0;
    for (const Item* item : answerable_items(f)) {
        units += item->unit.has_value();
        hidden += item->hidden;
        calculated += item->calculated_expression.has_value();
    }
    CHECK(units == 3);
    CHECK(hidden == 1);
    CHECK(calculated == 2);
    Questionnaire h = load("questionnaire-sdc-profile-example-hunger-vital-signs.json");
    CHECK(h.variables.size() == 5);
    const Item* risk = find_item(h, "/88124-3");
    REQUIRE(risk);
    CHECK(risk->read_only);
    CHECK(risk->variables.size() == 3);
    CHECK(risk->calculated_expression.has_value());
}

TEST_CASE("the published PHQ-9 response reads back, round-trips, and builds without its unsupported total") {
    Questionnaire q = load("questionnaire-sdc-profile-example-PHQ9.json");
    QuestionnaireResponse r = load_response("questionnaireresponse-sdc-profile-example-PHQ9.json");
    CHECK(r.questionnaire == q.url);
    CHECK(r.status == "completed");
    CHECK(r.authored == "2019-08-21T20:36:57.544Z");
    auto again = parse_questionnaire_response(response_to_json(r), "again");
    REQUIRE(again.ok());
    CHECK(*again == r);
    // Nine answered questions plus the quantity total, which is kept verbatim.
    Answers flat = answers_from_response(q, r);
    CHECK(flat.size() == 9);
    CHECK(std::get<Coding>(flat.at("H1/T1/Q2")).code == "Not-at-all");
    CHECK(validate_response(q, r).empty());
    QuestionnaireResponse built = build_response(q, r);
    REQUIRE(built.items.size() == 1); // the total (type quantity) is dropped; the group stays
    CHECK(built.items[0].items.size() == 9);
    CHECK(nlohmann::json::parse(response_to_json(r)).dump().find("valueQuantity") != std::string::npos);
    CHECK(response_to_json(built).find("valueQuantity") == std::string::npos);
}

TEST_CASE("the published Cardiology response reads back, round-trips and is valid for its form") {
    Questionnaire q = load("Questionnaire-CardiologyForm.json");
    QuestionnaireResponse r = load_response("QuestionnaireResponse-Cardiology-MariaSantos.json");
    auto again = parse_questionnaire_response(response_to_json(r), "again");
    REQUIRE(again.ok());
    CHECK(*again == r);
    CHECK(validate_response(q, r).empty());
    // Building keeps every answer: all of them sit under enabled items.
    QuestionnaireResponse built = build_response(q, r);
    CHECK(answers_from_response(q, built).size() == answers_from_response(q, r).size());
    CHECK(answers_from_response(q, r).size() >= 40);
}

TEST_CASE("a response file that is not JSON or not a QuestionnaireResponse is refused naming the file") {
    auto bad = parse_questionnaire_response("{\"resourceType\":\"QuestionnaireResponse\",", "r.json");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "response.json");
    CHECK(bad.error().message.find("r.json") != std::string::npos);
    CHECK(bad.error().message.find("byte") != std::string::npos);
    auto other = parse_questionnaire_response(R"({"resourceType":"Questionnaire"})", "q.json");
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().code == "response.not_questionnaire_response");
    auto no_value = parse_questionnaire_response(
        R"({"resourceType":"QuestionnaireResponse","status":"completed","item":[{"linkId":"x","answer":[{}]}]})", "n.json");
    REQUIRE_FALSE(no_value.ok());
    CHECK(no_value.error().message.find("'x'") != std::string::npos);
}
