// Builds the FHIR R4 QuestionnaireResponse a submission carries: the council's systems read this,
// so it follows the Questionnaire's item tree and carries only answered items that are enabled.
// Also converts between the kiosk journey's flat Answers map and the full response model.
#pragma once

#include "core/answers.h"
#include "core/questionnaire.h"
#include "core/response.h"

#include <string>

namespace selfdirect::core {

struct ResponseMeta {
    std::string id;          // the record id (UUID) the envelope carries too
    std::string authored;    // ISO 8601 date-time, supplied by the caller (core has no clock)
    std::string status = "completed";
};

// "url|version", or "Questionnaire/<id>" when the form has no url.
std::string questionnaire_canonical(const Questionnaire& q);

// The response to send or score: `draft` aligned with the form (response_align.h) and with every
// item that is not enabled dropped, answers and all (enable_when.h). Never fails: what it drops,
// validate_response reports.
QuestionnaireResponse build_response(const Questionnaire& q, const QuestionnaireResponse& draft);

// Flat map -> model: one instance per item; a question's nested items go under its answer.
QuestionnaireResponse response_from_answers(const Questionnaire& q, const Answers& answers, const ResponseMeta& meta);
// Model -> flat map: the first answer of each item that takes answers (later repeats are not kept).
Answers answers_from_response(const Questionnaire& q, const QuestionnaireResponse& response);

// build_response of the flat answers, as FHIR JSON. What the vault seals for the council.
std::string build_questionnaire_response(const Questionnaire& q, const Answers& answers, const ResponseMeta& meta);

} // namespace selfdirect::core
