// One call from "a form, its RAS table, its outcome map and the answers" to "the budget, the
// eligibility indicator and the flags": the council tool (sync/council/score_command.cpp) and the
// kiosk's result page must score a person identically, so the pipeline lives here once, in pure
// core, and both feed it text they have read themselves.
#pragma once

#include "core/answers.h"
#include "core/eligibility.h"
#include "core/eligibility_map.h"
#include "core/questionnaire.h"
#include "core/ras_calculator.h"
#include "core/ras_flags.h"
#include "core/ras_table.h"
#include "core/result.h"

#include <optional>
#include <string_view>
#include <vector>

namespace selfdirect::core {

// Everything needed to score one form, checked against that form.
struct AssessmentRules {
    RasTable table;
    std::optional<OutcomeMap> outcomes; // none: the worker judges eligibility unaided
    std::vector<FlagRule> flags;
};

// The names used in error messages (usually the files' paths), so an administrator can tell which
// of the three inputs is wrong.
struct AssessmentSources {
    std::string_view questionnaire = "questionnaire";
    std::string_view ras = "RAS table";
    std::string_view outcomes = "outcome map";
};

// Parses the RAS table and outcome map, checks both against `q` (which must have been parsed from
// `questionnaire_json`), and reads the form's answer flags. Errors are those of parse_ras_table,
// check_ras_table, parse_outcome_map, check_outcome_map and read_answer_flags: each message starts
// with the source it is about. The table's own `outcomeMap` path is not followed here (core reads
// no files): the caller reads it and passes the text as `outcomes_json`.
Result<AssessmentRules> load_assessment_rules(std::string_view questionnaire_json, const Questionnaire& q,
                                              std::string_view ras_json, std::optional<std::string_view> outcomes_json,
                                              const AssessmentSources& sources = {});

struct AssessmentResult {
    RasResult ras;
    std::optional<EligibilityResult> eligibility; // only when the rules have an outcome map
    std::vector<FlagResult> flags;                // every standard and declared flag, sorted by name
};

// The RAS result a person may be shown, given their eligibility indicator (none: no outcome map):
// the floor applies to someone indicated eligible, or to everyone when there is no map (then the
// worker gates the budget); a young carer gets no figure at all (RasResult::withheld). assess() and
// `selfdirect-council score` both call it, so the kiosk and the council never differ.
RasResult score_ras(const RasTable& table, const ScoringInput& input, const std::optional<EligibilityResult>& eligibility);

// Scores `answers` as `selfdirect-council score --ras` does: only answers to enabled items count
// (the answers go through build_response first), and without an outcome map the floor is applied
// as if the person were indicated eligible, because then the worker gates the budget.
AssessmentResult assess(const Questionnaire& q, const AssessmentRules& rules, const Answers& answers);

} // namespace selfdirect::core
