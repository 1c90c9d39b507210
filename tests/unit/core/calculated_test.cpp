// Calculated items over the HL7 SDC conformance forms and small hand-written forms: the PHQ-9
// total is recomputed from the answers (a total in the response is ignored), variables are scoped
// and evaluated, and every failure is an error naming the item.
#include "core/calculated.h"
#include "fhirpath_test_support.h"

#include <doctest/doctest.h>

#include <string>

using fhirpath_test::conformance;
using fhirpath_test::json;
using fhirpath_test::read_json;
using selfdirect::core::CalculatedResult;
using selfdirect::core::compute_calculated;

namespace {

json phq9() { return read_json(conformance("questionnaire-sdc-profile-example-PHQ9.json")); }
json phq9_response() { return read_json(conformance("questionnaireresponse-sdc-profile-example-PHQ9.json")); }

// The response item with this linkId (anywhere under items), or nullptr.
json* find_item(json& node, const std::string& link_id) {
    if (node.is_object() && node.value("linkId", "") == link_id) return &node;
    for (const char* key : {"item", "answer"})
        if (node.is_object() && node.contains(key))
            for (auto& child : node[key])
                if (json* found = find_item(child, link_id)) return found;
    return nullptr;
}

std::string errors_text(const CalculatedResult& r) {
    std::string out;
    for (const auto& e : r.errors) out += "[" + e.link_id + "] " + e.code + ": " + e.message + "\n";
    return out;
}

json form_with(const json& items, const json& extensions = json::array()) {
    return json{{"resourceType", "Questionnaire"}, {"extension", extensions}, {"item", items}};
}

json calculated_ext(const std::string& expression, const std::string& language = "text/fhirpath") {
    return json{{"url", "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"},
                {"valueExpression", {{"language", language}, {"expression", expression}}}};
}

json variable_ext(const std::string& name, const std::string& expression) {
    return json{{"url", "http://hl7.org/fhir/StructureDefinition/variable"},
                {"valueExpression", {{"name", name}, {"language", "text/fhirpath"}, {"expression", expression}}}};
}

json answered(const std::string& link_id, const json& answer) {
    return json{{"linkId", link_id}, {"answer", json::array({answer})}};
}

json response_with(const json& items) { return json{{"resourceType", "QuestionnaireResponse"}, {"item", items}}; }

} // namespace

TEST_CASE("the PHQ-9 total is recomputed from the published response's answers") {
    json response = phq9_response();
    const auto r = compute_calculated(phq9(), response);
    INFO(errors_text(r));
    CHECK(r.errors.empty());
    REQUIRE(r.values.count("H1/TS") == 1);
    // The nine published answers score 0+0+0+1+2+1+3+2+1 on the contained ValueSet's ordinalValues.
    CHECK(r.values.at("H1/TS") == json(10));
    // The published response carries 13 for its total: it does not match its own answers, which is
    // why the conformance README says never to trust it and why calculated values ignore it.
    CHECK(find_item(response, "H1/TS")->at("answer")[0]["valueQuantity"]["value"] == json(13));
}

TEST_CASE("the PHQ-9 total ignores a total already in the response, whether removed, altered or scoreable") {
    const json form = phq9();
    json removed = phq9_response();
    find_item(removed, "H1/TS")->erase("answer");
    CHECK(compute_calculated(form, removed).values.at("H1/TS") == json(10));

    json no_item = phq9_response();
    auto& group = no_item["item"][0]["item"];
    group.erase(group.size() - 1);
    REQUIRE(find_item(no_item, "H1/TS") == nullptr);
    CHECK(compute_calculated(form, no_item).values.at("H1/TS") == json(10));

    json altered = phq9_response();
    find_item(altered, "H1/TS")->at("answer")[0]["valueQuantity"]["value"] = 99;
    CHECK(compute_calculated(form, altered).values.at("H1/TS") == json(10));

    // A total written as a Coding carrying its own ordinalValue would add 5 if it were counted.
    json scoreable = phq9_response();
    find_item(scoreable, "H1/TS")->at("answer") = json::parse(R"([{"valueCoding": {"code": "total",
        "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 5}]}}])");
    CHECK(compute_calculated(form, scoreable).values.at("H1/TS") == json(10));
}

TEST_CASE("changing one PHQ-9 answer changes the total by the difference in ordinal values") {
    json response = phq9_response();
    find_item(response, "H1/T1/Q1")->at("answer")[0]["valueCoding"] = {{"code", "Nearly every day"}};
    CHECK(compute_calculated(phq9(), response).values.at("H1/TS") == json(13));
    find_item(response, "H1/T1/Q7")->erase("answer");
    CHECK(compute_calculated(phq9(), response).values.at("H1/TS") == json(10));
}

TEST_CASE("the PHQ-9 with no answers totals 0, as FHIRPath's sum() of nothing is 0") {
    const auto r = compute_calculated(phq9(), response_with(json::array()));
    CHECK(r.errors.empty());
    CHECK(r.values.at("H1/TS") == json(0));
}

TEST_CASE("the Framingham form evaluates its variables and its risk, and refuses the string percentage") {
    const json form = read_json(conformance("questionnaire-sdc-profile-example-framingham-HCHD.json"));
    const auto empty = compute_calculated(form, response_with(json::array()));
    INFO(errors_text(empty));
    CHECK(empty.errors.empty());
    CHECK(empty.values.empty()); // unanswered inputs: no risk, and no made-up zero

    const json response = response_with(json::array({
        answered("/age", {{"valueDecimal", 50}}),
        answered("/46098-0", {{"valueCoding", {{"code", "LA2-8"}, {"display", "Male"}}}}),
        answered("/smokes", {{"valueCoding", {{"code", "Y"}, {"display", "Yes"}}}}),
        answered("/8480-6", {{"valueDecimal", 130}}),
        answered("/2093-3", {{"valueDecimal", 200}}),
        answered("/2085-9", {{"valueDecimal", 50}}),
        answered("/antihypertensive", {{"valueCoding", {{"code", "N"}, {"display", "No"}}}}),
    }));
    const auto r = compute_calculated(form, response);
    INFO(errors_text(r));
    REQUIRE(r.values.count("riskDecimal") == 1);
    // 1 - 0.9402^exp(...) for a 50-year-old male smoker, computed independently in double precision.
    CHECK(r.values.at("riskDecimal").get<double>() == doctest::Approx(0.11119542536957194).epsilon(1e-12));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].link_id == "riskPercentage");
    CHECK(r.errors[0].code == "calculated.not_number");
    CHECK(r.errors[0].message.find("item 'riskPercentage'") != std::string::npos);
}

TEST_CASE("the hunger vital signs form evaluates its variables and reports its Coding result as not a number") {
    const json form = read_json(conformance("questionnaire-sdc-profile-example-hunger-vital-signs.json"));
    const auto empty = compute_calculated(form, response_with(json::array()));
    INFO(errors_text(empty));
    CHECK(empty.errors.empty());
    CHECK(empty.values.empty());

    const json response = response_with(json::array({answered(
        "/88122-7", {{"valueCoding", {{"code", "LA28397-0"}, {"system", "http://loinc.org"}}}})}));
    const auto r = compute_calculated(form, response);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].link_id == "/88124-3");
    CHECK(r.errors[0].code == "calculated.not_number");
    CHECK(r.errors[0].message.find("Coding") != std::string::npos);
}

TEST_CASE("the cardiology form's calculated text is reported as not a number, naming the item") {
    const json form = read_json(conformance("Questionnaire-CardiologyForm.json"));
    const json response = read_json(conformance("QuestionnaireResponse-Cardiology-MariaSantos.json"));
    const auto r = compute_calculated(form, response);
    CHECK(r.values.empty());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].link_id == "referralService");
    CHECK(r.errors[0].code == "calculated.not_number");
    CHECK(r.errors[0].message.find("String") != std::string::npos);
    // The value is an answer-derived text and is never put in the message.
    CHECK(r.errors[0].message.find("CARDIOLOGY") == std::string::npos);
}

TEST_CASE("every conformance form runs to completion with errors that name their item") {
    for (const char* file :
         {"questionnaire-sdc-test-enablewhen.json", "questionnaire-sdc-test-required-field.json",
          "questionnaire-sdc-test-all-data-types.json", "questionnaire-sdc-test-repeatable-nested-groups.json"}) {
        CAPTURE(file);
        const auto r = compute_calculated(read_json(conformance(file)), response_with(json::array()));
        CHECK(r.errors.empty()); // no calculated items or variables in these forms
        CHECK(r.values.empty());
    }
}

TEST_CASE("an unsupported function in a calculated item is an error naming the item and the function") {
    const json form = form_with(json::array({{{"linkId", "a"}, {"type", "integer"}},
                                             {{"linkId", "total"}, {"type", "integer"},
                                              {"extension", {calculated_ext("%resource.answers().value.max()")}}}}));
    const auto r = compute_calculated(form, response_with(json::array({answered("a", {{"valueInteger", 3}})})));
    CHECK(r.values.empty()); // never a silent zero
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].link_id == "total");
    CHECK(r.errors[0].code == "fhirpath.unsupported");
    CHECK(r.errors[0].message == "item 'total' calculatedExpression: unsupported expression: function 'max'");
}

TEST_CASE("a syntax error in a calculated item is an error naming the item") {
    const json form = form_with(json::array(
        {{{"linkId", "total"}, {"type", "integer"}, {"extension", {calculated_ext("1 + (2 * ")}}}}));
    const auto r = compute_calculated(form, response_with(json::array()));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].link_id == "total");
    CHECK(r.errors[0].code == "fhirpath.syntax");
    CHECK(r.errors[0].message.find("item 'total'") == 0);
}

TEST_CASE("variables are visible to their item and its descendants, not to its siblings") {
    const json form = form_with(
        json::array({{{"linkId", "g"}, {"type", "group"},
                      {"extension", {variable_ext("base", "%top * 10")}},
                      {"item", {{{"linkId", "inner"}, {"type", "integer"},
                                 {"extension", {calculated_ext("%base + %top")}}}}}},
                     {{"linkId", "sibling"}, {"type", "integer"}, {"extension", {calculated_ext("%base")}}}}),
        json::array({variable_ext("top", "%resource.item.where(linkId='n').answer.value")}));
    const auto r = compute_calculated(form, response_with(json::array({answered("n", {{"valueInteger", 2}})})));
    CHECK(r.values.at("inner") == json(22));
    CHECK(r.values.count("sibling") == 0);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].link_id == "sibling");
    CHECK(r.errors[0].code == "fhirpath.unknown_variable");
}

TEST_CASE("an item-level variable's context is that item's answers in the response") {
    const json form = form_with(json::array(
        {{{"linkId", "n"}, {"type", "integer"}, {"extension", {variable_ext("mine", "answer.value")}},
          {"item", {{{"linkId", "triple"}, {"type", "integer"}, {"extension", {calculated_ext("%mine * 3")}}}}}}}));
    const auto r = compute_calculated(form, response_with(json::array({answered("n", {{"valueInteger", 4}})})));
    INFO(errors_text(r));
    CHECK(r.values.at("triple") == json(12));
}

TEST_CASE("a failed variable is reported once and makes what depends on it fail clearly") {
    const json form = form_with(
        json::array({{{"linkId", "total"}, {"type", "integer"}, {"extension", {calculated_ext("%bad + 1")}}}}),
        json::array({variable_ext("bad", "'x'.matches('y')")}));
    const auto r = compute_calculated(form, response_with(json::array()));
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0].link_id == "");
    CHECK(r.errors[0].code == "fhirpath.unsupported");
    CHECK(r.errors[0].message == "questionnaire variable '%bad': unsupported expression: function 'matches'");
    CHECK(r.errors[1].link_id == "total");
    CHECK(r.errors[1].code == "fhirpath.variable_failed");
}

TEST_CASE("a variable without a name, with a reserved name or defined twice is refused") {
    json nameless = variable_ext("", "1");
    nameless["valueExpression"].erase("name");
    const json form = form_with(json::array({{{"linkId", "q"}, {"type", "integer"},
                                              {"extension", {variable_ext("dup", "2")}}}}),
                                json::array({nameless, variable_ext("resource", "1"), variable_ext("dup", "1")}));
    const auto r = compute_calculated(form, response_with(json::array()));
    INFO(errors_text(r));
    REQUIRE(r.errors.size() == 3);
    CHECK(r.errors[0].message.find("no name") != std::string::npos);
    CHECK(r.errors[1].message.find("reserved") != std::string::npos);
    CHECK(r.errors[2].link_id == "q");
    CHECK(r.errors[2].message.find("already defined") != std::string::npos);
}

TEST_CASE("an expression language other than FHIRPath is refused, naming the item and the language") {
    const json form = form_with(json::array(
        {{{"linkId", "total"}, {"type", "integer"}, {"extension", {calculated_ext("1 + 1", "text/cql")}}}}));
    const auto r = compute_calculated(form, response_with(json::array()));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].link_id == "total");
    CHECK(r.errors[0].code == "calculated.unsupported_language");
    CHECK(r.errors[0].message.find("'text/cql'") != std::string::npos);
}

TEST_CASE("a calculated result of several values, or of a Boolean, is an error not a number") {
    const json form = form_with(json::array({
        {{"linkId", "many"}, {"type", "integer"}, {"extension", {calculated_ext("1 | 2")}}},
        {{"linkId", "flag"}, {"type", "integer"}, {"extension", {calculated_ext("1 < 2")}}},
        {{"linkId", "ok"}, {"type", "decimal"}, {"extension", {calculated_ext("0.1 + 0.2")}}},
    }));
    const auto r = compute_calculated(form, response_with(json::array()));
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0].code == "calculated.not_single");
    CHECK(r.errors[1].code == "calculated.not_number");
    CHECK(r.errors[1].message.find("Boolean") != std::string::npos);
    CHECK(r.values.at("ok").dump() == "0.3");
}

TEST_CASE("division by zero in a calculated item leaves it without a value and without an error") {
    const json form = form_with(json::array(
        {{{"linkId", "ratio"}, {"type", "decimal"}, {"extension", {calculated_ext("10 / 0")}}}}));
    const auto r = compute_calculated(form, response_with(json::array()));
    CHECK(r.errors.empty());
    CHECK(r.values.empty());
}

TEST_CASE("inputs that are not JSON objects are reported, never thrown") {
    CHECK(compute_calculated(json::array(), json::object()).errors.at(0).code == "calculated.input");
    CHECK(compute_calculated(phq9(), json("text")).errors.at(0).code == "calculated.input");
    json odd = phq9_response();
    odd["item"][0]["item"] = "not an array";
    CHECK(compute_calculated(phq9(), odd).values.at("H1/TS") == json(0));
}

TEST_CASE("items nested deeper than the cap are reported instead of evaluated") {
    json item = {{"linkId", "leaf"}, {"type", "integer"}, {"extension", {calculated_ext("1")}}};
    for (int i = 0; i < 80; ++i) item = {{"linkId", "g" + std::to_string(i)}, {"type", "group"}, {"item", {item}}};
    const auto r = compute_calculated(form_with(json::array({item})), response_with(json::array()));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].code == "calculated.too_deep");
    CHECK(r.values.empty());
}
