// Which answers indicate which Care Act eligibility outcome, as council-configurable data
// (assets/eligibility/*.json, docs/configuration.md "Outcome maps"): the Eligibility Criteria
// Regulations 2015 fix the outcomes (reg 2 for adults, reg 3 for carers); which questions evidence
// them is a property of the form, so it changes with the form, not the code.
#pragma once

#include "core/money.h"
#include "core/questionnaire.h"
#include "core/ras_answers.h"
#include "core/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::core {

enum class Regulation { Adult, Carer };

// What an answer must be for an indicator to fire: one of `codes`, or points above / at least.
struct AnswerTest {
    std::vector<std::string> codes;
    std::optional<Rational> points_above;
    std::optional<Rational> points_at_least;
    bool matches(const ScoredAnswer& answer) const;
};

struct OutcomeIndicator {
    std::string link_id;
    AnswerTest when;                        // the outcome is indicated as not achieved
    std::optional<AnswerTest> possible_when; // shown to the worker as "possible", not counted
    std::optional<AnswerCondition> only_if; // e.g. 8.1.help counts for (j) only if a child is cared for
};

struct Outcome {
    std::string code;   // "a".."j" (adults), "a".."h" (carers): the regulation's letters
    std::string text;   // the regulation's wording
    std::vector<OutcomeIndicator> indicators;
};

struct OutcomeMap {
    std::string id;
    std::string version;
    Regulation regulation = Regulation::Adult;
    std::string questionnaire_id;
    std::string questionnaire_version;
    // Condition 1. Adults: an answer (0.1 yes / not sure). Carers: the worker confirms necessary care.
    std::optional<AnswerCondition> condition1;
    std::string condition1_worker;
    int outcomes_needed = 2;                 // adults: two or more; carers: any one
    std::vector<OutcomeIndicator> health_route; // carers: health deteriorating or at risk (reg 3(2)(a))
    // Carers' maps: the answer that says the carer is under 18. Reg 3 is for adult carers; a young
    // carer's needs are assessed under the Children and Families Act 2014 (Children Act 1989 s.17ZA),
    // so that answer means no adult indicator and no allocation (docs/configuration.md "Outcome maps").
    std::optional<AnswerCondition> young_carer;
    std::vector<Outcome> outcomes;
    std::string condition3;                  // what the worker decides (significant impact)
};

// Error codes as parse_ras_table ("outcomes.json", "config.*", "outcomes.format"), with the source.
Result<OutcomeMap> parse_outcome_map(std::string_view json_text, std::string_view source);

// Every linkId exists in the form; codes are options of their items; points tests are on scored
// choice items. Error "outcomes.binding" naming the map and the culprit.
Result<void> check_outcome_map(const OutcomeMap& map, const Questionnaire& q, std::string_view source);

} // namespace selfdirect::core
