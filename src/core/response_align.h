// Puts a response into the shape of its Questionnaire before anything reads it: only items of the
// form, in the form's order and nesting, with the form's text, answers only on items that take
// answers, and no empty items. What it drops is reported, so validation can say why.
#pragma once

#include "core/questionnaire.h"
#include "core/response.h"

#include <vector>

namespace selfdirect::core {

// Answers on unsupported items are dropped silently: the engine cannot judge them (a published
// response's calculated valueQuantity total, for instance). Everything else dropped is reported
// in `dropped` when it is not null.
QuestionnaireResponse align_response(const Questionnaire& q, const QuestionnaireResponse& draft,
                                     std::vector<ValidationIssue>* dropped);

} // namespace selfdirect::core
