// Calculated items: the values of every item carrying an SDC calculatedExpression, computed from a
// QuestionnaireResponse's answers with the FHIRPath subset (core/fhirpath.h) after evaluating the
// form's `variable` extensions. The expressions work on FHIR JSON (every answer kind reaches them,
// valueQuantity included); the Questionnaire model only says which items the form enables.
#pragma once

#include "core/questionnaire.h"

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
// each item's variables and calculatedExpression. The expressions see the response as the form
// enables it: every item instance the form does not enable is removed first, answers and all
// (enabled_response_json), so an answer left under a group that is no longer asked never counts.
// Answers the response already holds for calculated items are ignored too: calculated values always
// come from the other answers. `q` is the model parse_questionnaire_json made of `questionnaire`.
// Never throws for any input. This is the call for scoring a person (`selfdirect-council score`).
CalculatedResult compute_calculated(const Questionnaire& q, const nlohmann::json& questionnaire,
                                    const nlohmann::json& response);

// The same, reading the model from `questionnaire` first. A form the model refuses (its enableWhen
// cannot be judged) is evaluated over the response as given: no product path gets that far, since
// the kiosk and `score` refuse such a form before scoring, but the FHIRPath engine's own tests and
// fuzzing use forms the model does not read.
CalculatedResult compute_calculated(const nlohmann::json& questionnaire, const nlohmann::json& response);

} // namespace selfdirect::core
