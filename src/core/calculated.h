// Calculated items: the values of every item carrying an SDC calculatedExpression, computed from a
// QuestionnaireResponse's answers with the FHIRPath subset (core/fhirpath.h) after evaluating the
// form's `variable` extensions. Works on FHIR JSON so it does not depend on the Questionnaire model.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::core {

inline constexpr std::string_view kCalculatedExpressionUrl =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
inline constexpr std::string_view kVariableUrl = "http://hl7.org/fhir/StructureDefinition/variable";

struct CalculatedError {
    std::string link_id; // the item whose expression failed; "" for a questionnaire-level variable
    std::string code;    // e.g. fhirpath.unsupported, fhirpath.syntax, calculated.not_number
    std::string message; // names the item and the expression's role; never contains an answer value
};

struct CalculatedResult {
    // linkId -> the computed number: a JSON integer for an Integer result, a JSON double (15
    // significant digits) for a Decimal. An item whose expression gives no value (e.g. its inputs
    // are unanswered) is absent, and is not an error.
    std::map<std::string, nlohmann::json> values;
    std::vector<CalculatedError> errors;
};

// Evaluates the questionnaire-level variables, then walks the items in document order evaluating
// each item's variables and calculatedExpression. Answers the response already holds for calculated
// items are ignored (removed from the copy the expressions see): calculated values always come from
// the other answers. Never throws for any input.
CalculatedResult compute_calculated(const nlohmann::json& questionnaire, const nlohmann::json& response);

} // namespace selfdirect::core
