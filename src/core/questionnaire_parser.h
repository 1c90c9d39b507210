// Turns FHIR R4 Questionnaire JSON text into the immutable model. Pure: the caller reads the file.
#pragma once

#include "core/questionnaire.h"
#include "core/result.h"

#include <string_view>

namespace selfdirect::core {

// `source` names the input in error messages (usually the file path). Error codes:
// "form.json" (malformed JSON, with byte offset), "form.not_questionnaire", "form.item" (an item
// that cannot be used, naming its linkId), "form.duplicate_link_id".
Result<Questionnaire> parse_questionnaire(std::string_view json_text, std::string_view source);

} // namespace selfdirect::core
