// Builds the FHIR R4 QuestionnaireResponse a submission carries: the council's systems read this,
// so it follows the Questionnaire's item tree and carries only answered, answerable items.
#pragma once

#include "core/answers.h"
#include "core/questionnaire.h"

#include <string>

namespace selfdirect::core {

struct ResponseMeta {
    std::string id;          // the record id (UUID) the envelope carries too
    std::string authored;    // ISO 8601 date-time, supplied by the caller (core has no clock)
    std::string status = "completed";
};

std::string build_questionnaire_response(const Questionnaire& q, const Answers& answers, const ResponseMeta& meta);

} // namespace selfdirect::core
