// Fuzzes the FHIRPath subset (src/core/fhirpath*, calculated*): forms carry expressions we did not
// write, and any text must give a value or an Error, never a crash, a hang or an exception. The
// input is one expression, parsed and evaluated against a fixed small form and response (scores on
// an option, on a Coding and in a contained ValueSet; a nested answer). The target also checks:
//   - every error has a known code and a printable-ASCII message, and an unsupported construct is
//     reported as "unsupported expression: ...";
//   - no collection is larger than the item cap;
//   - evaluation is deterministic: a second run renders the same result (or the same error);
//   - run as a form's calculatedExpression and as a variable, compute_calculated never throws,
//     returns only finite numbers, and names the item in every item error.
#include "core/calculated.h"
#include "core/fhirpath.h"
#include "fuzz_check.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace {

namespace fp = selfdirect::core::fhirpath;
using nlohmann::json;

constexpr const char* kQuestionnaire = R"({
  "resourceType": "Questionnaire", "id": "fuzz",
  "contained": [{"resourceType": "ValueSet", "id": "vs", "compose": {"include": [{"system": "urn:cs", "concept": [
    {"code": "x", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 3}]},
    {"code": "y", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 4.5}]}]}]}}],
  "item": [{"linkId": "g", "type": "group", "item": [
    {"linkId": "q1", "type": "choice", "answerOption": [
      {"valueCoding": {"system": "urn:s", "code": "a"},
       "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueInteger": 1}]},
      {"valueCoding": {"system": "urn:s", "code": "b",
       "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/itemWeight", "valueDecimal": 2.5}]}}]},
    {"linkId": "q2", "type": "choice", "answerValueSet": "#vs"},
    {"linkId": "q3", "type": "integer", "item": [{"linkId": "q6", "type": "boolean"}]},
    {"linkId": "q4", "type": "string"},
    {"linkId": "q5", "type": "decimal"}]}]
})";

constexpr const char* kResponse = R"({
  "resourceType": "QuestionnaireResponse", "status": "completed",
  "item": [{"linkId": "g", "item": [
    {"linkId": "q1", "answer": [{"valueCoding": {"system": "urn:s", "code": "b"}}]},
    {"linkId": "q2", "answer": [{"valueCoding": {"code": "x"}}, {"valueCoding": {"code": "y"}}]},
    {"linkId": "q3", "answer": [{"valueInteger": 9223372036854775807,
                                 "item": [{"linkId": "q6", "answer": [{"valueBoolean": true}]}]}]},
    {"linkId": "q4", "answer": [{"valueString": "caf\u00e9"}]},
    {"linkId": "q5", "answer": [{"valueDecimal": 0.1}]}]}]
})";

const std::set<std::string> kCodes = {
    "fhirpath.unsupported", "fhirpath.syntax",   "fhirpath.too_long",         "fhirpath.too_deep",
    "fhirpath.type",        "fhirpath.overflow", "fhirpath.unknown_variable", "fhirpath.variable_failed",
    "fhirpath.limit",
};

void check_error(const selfdirect::Error& e) {
    FUZZ_CHECK(kCodes.count(e.code) == 1, "an error carries one of the documented codes");
    FUZZ_CHECK(!e.message.empty(), "an error has a message");
    for (char c : e.message)
        FUZZ_CHECK(c >= 0x20 && c < 0x7F, "an error message is printable ASCII (safe in JSON and logs)");
    if (e.code == "fhirpath.unsupported")
        FUZZ_CHECK(e.message.rfind("unsupported expression: ", 0) == 0, "unsupported is said as such");
}

std::string outcome(const selfdirect::Result<fp::Collection>& r) {
    return r ? fp::render(*r) : "error " + r.error().code + ": " + r.error().message;
}

void check_calculated(const std::string& expression, const json& response) {
    json form = json::parse(kQuestionnaire);
    const json expr = {{"language", "text/fhirpath"}, {"expression", expression}};
    json variable = {{"url", std::string(selfdirect::core::kVariableUrl)}, {"valueExpression", expr}};
    variable["valueExpression"]["name"] = "v";
    form["extension"] = json::array({variable});
    form["item"].push_back({{"linkId", "calc"}, {"type", "decimal"},
                            {"extension", {{{"url", std::string(selfdirect::core::kCalculatedExpressionUrl)},
                                            {"valueExpression", expr}}}}});
    form["item"].push_back({{"linkId", "viaVariable"}, {"type", "decimal"},
                            {"extension", {{{"url", std::string(selfdirect::core::kCalculatedExpressionUrl)},
                                            {"valueExpression", {{"language", "text/fhirpath"},
                                                                 {"expression", "%v"}}}}}}});
    const auto result = selfdirect::core::compute_calculated(form, response);
    for (const auto& [link_id, value] : result.values) {
        FUZZ_CHECK(link_id == "calc" || link_id == "viaVariable", "only calculated items get values");
        FUZZ_CHECK(value.is_number(), "a calculated value is a number");
        if (value.is_number_float()) FUZZ_CHECK(std::isfinite(value.get<double>()), "a calculated value is finite");
    }
    for (const auto& e : result.errors) {
        FUZZ_CHECK(!e.code.empty() && !e.message.empty(), "a calculated error has a code and a message");
        if (!e.link_id.empty())
            FUZZ_CHECK(e.message.find("item '" + e.link_id + "'") != std::string::npos, "an item error names the item");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const json questionnaire = json::parse(kQuestionnaire);
    const json response = json::parse(kResponse);

    auto parsed = fp::parse(text);
    if (!parsed) {
        check_error(parsed.error());
        return 0;
    }

    fp::Environment env;
    env.resource = &response;
    env.questionnaire = &questionnaire;
    env.variables["score"] = fp::Collection{fp::Value{std::int64_t{3}, nullptr}};
    env.variables["half"] = fp::Collection{fp::Value{0.5, nullptr}};
    env.failed["broken"] = "fuzz";
    const fp::Collection context = fp::node_collection(response);

    const auto first = fp::evaluate(*parsed, context, env);
    if (first) FUZZ_CHECK(first->size() <= env.limits.max_items, "no result exceeds the item cap");
    else check_error(first.error());
    const auto second = fp::evaluate(*parsed, context, env);
    FUZZ_CHECK(outcome(first) == outcome(second), "evaluating twice gives the same result");

    check_calculated(text, response);
    return 0;
}
