// Checks a response against its Questionnaire and lists every problem as {linkId, message, code}:
// what the council's `score` command prints and what a submission must be free of. Only enabled
// items are judged: answers under an item that is not enabled never change the result, but
// validate_response says they are there.
#pragma once

#include "core/answers.h"
#include "core/questionnaire.h"
#include "core/response.h"

#include <vector>

namespace selfdirect::core {

// Checks: items not of the form (or answers on groups and display items); answers to questions
// the form does not enable after the other answers (kAnswerUnderDisabledItem: the kiosk never
// sends them and nothing scores them, so a response carrying them was edited or built elsewhere);
// required items and groups; one answer (or one instance of a group) unless the item repeats; each
// answer's type, format, minValue/maxValue, maxLength and option membership (validate_answer). A
// non-repeating group is always present when enabled, so its required questions are required; a
// repeating group with no instances only needs answers when it is itself required. Issues come in
// form order.
std::vector<ValidationIssue> validate_response(const Questionnaire& q, const QuestionnaireResponse& response);

// The same for the journey's flat map, except that answers to questions not enabled are no
// problem: the journey keeps them in case the person changes their mind, and never sends them.
std::vector<ValidationIssue> validate_answers(const Questionnaire& q, const Answers& answers);

} // namespace selfdirect::core
