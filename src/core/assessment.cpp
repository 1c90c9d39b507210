// The scoring pipeline of score_command.cpp, for callers that hold a flat Answers map (the kiosk).
#include "core/assessment.h"

#include "core/ras_answers.h"
#include "core/response_builder.h"

namespace selfdirect::core {

Result<AssessmentRules> load_assessment_rules(std::string_view questionnaire_json, const Questionnaire& q,
                                              std::string_view ras_json, std::optional<std::string_view> outcomes_json,
                                              const AssessmentSources& sources) {
    auto table = parse_ras_table(ras_json, sources.ras);
    if (!table) return table.error();
    if (auto checked = check_ras_table(table.value(), q, sources.ras); !checked) return checked.error();

    std::optional<OutcomeMap> outcomes;
    if (outcomes_json) {
        auto map = parse_outcome_map(*outcomes_json, sources.outcomes);
        if (!map) return map.error();
        if (auto checked = check_outcome_map(map.value(), q, sources.outcomes); !checked) return checked.error();
        outcomes = std::move(map.value());
    }

    auto flags = read_answer_flags(questionnaire_json, sources.questionnaire);
    if (!flags) return flags.error();

    return AssessmentRules{std::move(table.value()), std::move(outcomes), std::move(flags.value())};
}

AssessmentResult assess(const Questionnaire& q, const AssessmentRules& rules, const Answers& answers) {
    // Through the response model and back, exactly as the council tool reads a submission: an
    // answer left behind under an item that is no longer enabled must never count.
    const QuestionnaireResponse enabled = build_response(q, response_from_answers(q, answers, ResponseMeta{}));
    const ScoringInput input = scoring_input(q, answers_from_response(q, enabled));

    AssessmentResult out;
    out.flags = evaluate_flags(rules.flags, input);
    if (rules.outcomes) out.eligibility = evaluate_eligibility(*rules.outcomes, input);
    out.ras = score_ras(rules.table, input, out.eligibility);
    return out;
}

RasResult score_ras(const RasTable& table, const ScoringInput& input, const std::optional<EligibilityResult>& eligibility) {
    // Without an outcome map the worker gates the budget, so the floor is shown as if eligible.
    const bool indicated = eligibility ? eligibility->indicated : true;
    RasResult ras = calculate_ras(table, input, indicated);
    if (eligibility && eligibility->young_carer) {
        // The young carers' route: neither an adult carer's band nor a floor applies.
        ras.withheld = true;
        ras.band.reset();
        ras.annual_pence = ras.weekly_pence = ras.calculated_weekly_pence = 0;
        ras.floor_applied = false;
    }
    return ras;
}

} // namespace selfdirect::core
