// Which items are enabled, from the answers given (FHIR enableWhen / enableBehavior). An item that
// is not enabled is not asked, its answers are dropped from every output and never scored, and the
// items under it are not enabled either. Conditions on a question inside a repeating group look at
// the answers in the same group instance (the nearest occurrence, as FHIR says).
#pragma once

#include "core/answers.h"
#include "core/questionnaire.h"
#include "core/response.h"

#include <set>
#include <string>
#include <vector>

namespace selfdirect::core {

// One condition against all the answers the question has (none when unanswered or not enabled).
// exists: whether there is an answer equals the condition's boolean; =: some answer equals;
// !=: no answer equals (so true when unanswered); >, <, >=, <=: some answer compares so. Values
// that cannot be compared (see answer_compare.h) never satisfy =, >, <, >=, <=.
bool enable_when_holds(const EnableWhen& condition, const std::vector<AnswerValue>& answers);

// `response` with every item instance that is not enabled removed, with everything under it.
// `response` must have the form's shape (see response_align.h). An item left with nothing in it
// stays (validation needs it); build_response prunes it.
QuestionnaireResponse drop_disabled(const Questionnaire& q, const QuestionnaireResponse& response);

// Every item instance of `response` (by address) that the form does not enable: its own conditions
// or an ancestor's do not hold. An item's type does not matter here, so an unsupported item the form
// does ask for is not in the set; items that are not of the form are not judged and not in it.
// `response` need not be aligned. What drop_disabled removes from an aligned response, and what
// the expressions of calculated items never see (response_enabled_json.h).
std::set<const ResponseItem*> not_enabled_items(const Questionnaire& q, const QuestionnaireResponse& response);

// The linkIds of every enabled item, for the flat answer map of the kiosk journey (no repeats), and
// of every unsupported item that would be enabled if it were supported (the kiosk shows its page).
std::set<std::string> enabled_link_ids(const Questionnaire& q, const Answers& answers);

} // namespace selfdirect::core
