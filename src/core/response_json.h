// QuestionnaireResponse model <-> FHIR R4 JSON. Writing then reading gives back the same model;
// reading keeps answer kinds the engine does not support (valueQuantity...) as OtherValue, so a
// council system's response survives a pass through the engine.
#pragma once

#include "core/response.h"
#include "core/result.h"

#include <string>
#include <string_view>

namespace selfdirect::core {

// Valid FHIR R4 JSON (no empty arrays, no empty strings).
std::string response_to_json(const QuestionnaireResponse& response);

// `source` names the input in errors. Codes: "response.json" (with byte offset),
// "response.not_questionnaire_response", "response.item" (naming the linkId).
Result<QuestionnaireResponse> parse_questionnaire_response(std::string_view json_text, std::string_view source);

} // namespace selfdirect::core
