// What the RAS, the carers' allocation, the eligibility indicator and the answer flags read from a
// response: for each answered, enabled item, the option chosen and its points. A small struct of its
// own so scoring does not depend on how the response model stores answers (repeats, nesting).
#pragma once

#include "core/answers.h"
#include "core/money.h"
#include "core/questionnaire.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace selfdirect::core {

struct ScoredAnswer {
    std::string link_id;
    std::string code;                // the option's code (choice), "true"/"false" (boolean), else empty
    std::string display;             // what the person chose, as the form shows it
    std::optional<Rational> points;  // the option's ordinalValue / itemWeight, read exactly (money.h)
};

struct ScoringInput {
    std::map<std::string, ScoredAnswer> answers; // linkId -> answer; only enabled, recognised answers
    std::set<std::string> disabled;              // linkIds not enabled for this response (never scored)

    const ScoredAnswer* find(const std::string& link_id) const;
    // The answer's points, 0 when unanswered or unscored.
    Rational points(const std::string& link_id) const;
};

// "Item `link_id` is answered with one of `codes`": the shape of panel rules, condition 1 and
// the onlyIf of an outcome indicator.
struct AnswerCondition {
    std::string link_id;
    std::vector<std::string> codes;
    bool matches(const ScoringInput& input) const;
};

// Picks each answer's option in `q` (a response's answers: answers_from_response in
// response_builder.h; scored items never repeat, so the first answer is the answer). Works out which items are enabled (enable_when.h) and leaves
// out answers under items that are not: such an answer must never change a score, an indicator or
// a flag. Answers for unknown items and answers that match no option are left out too
// (validation reports those).
ScoringInput scoring_input(const Questionnaire& q, const Answers& answers);

} // namespace selfdirect::core
