// Turns FHIR R4 Questionnaire JSON text into the immutable model. Pure: the caller reads the file.
#pragma once

#include "core/questionnaire.h"
#include "core/result.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace selfdirect::core {

// `source` names the input in error messages (usually the file path). Error codes:
// "form.json" (malformed JSON, with byte offset), "form.not_questionnaire", "form.item" (an item
// that cannot be used, naming its linkId: an option without a code, a choice without options...),
// "form.duplicate_link_id", "form.enable_when" (a missing target or a cycle, naming the linkIds).
// Items the engine does not support do not fail the form: see Questionnaire::unsupported.
Result<Questionnaire> parse_questionnaire(std::string_view json_text, std::string_view source);
// The same from JSON already parsed, for callers that also hand the document to the FHIRPath
// engine (the council's score command): a large form is then parsed once, not twice.
Result<Questionnaire> parse_questionnaire_json(const nlohmann::json& doc, std::string_view source);

} // namespace selfdirect::core
