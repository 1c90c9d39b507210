// The eligibility indicator's logic (eligibility.h): conditions 1, 2 and 3 as the brief states them.
#include "core/eligibility.h"

namespace selfdirect::core {
namespace {

// Appends the answers that fire each indicator; `possible` collects those that only fire possibleWhen.
void fire(const std::vector<OutcomeIndicator>& indicators, const ScoringInput& input, std::vector<ScoredAnswer>& because,
          std::vector<ScoredAnswer>* possible) {
    for (const OutcomeIndicator& ind : indicators) {
        const ScoredAnswer* a = input.find(ind.link_id);
        if (!a) continue;
        if (ind.only_if && !ind.only_if->matches(input)) continue;
        if (ind.when.matches(*a)) because.push_back(*a);
        else if (possible && ind.possible_when && ind.possible_when->matches(*a)) possible->push_back(*a);
    }
}

} // namespace

EligibilityResult evaluate_eligibility(const OutcomeMap& map, const ScoringInput& input) {
    EligibilityResult out;
    out.map_id = map.id;
    out.map_version = map.version;
    out.regulation = map.regulation;
    out.outcomes_needed = map.outcomes_needed;
    out.condition3 = map.condition3;

    if (map.condition1) {
        const ScoredAnswer* a = input.find(map.condition1->link_id);
        if (!a) {
            out.condition1 = ConditionStatus::NotAnswered;
        } else if (map.condition1->matches(input)) {
            out.condition1 = ConditionStatus::Met;
            out.condition1_because.push_back(*a);
        } else {
            out.condition1 = ConditionStatus::NotMet;
            out.condition1_because.push_back(*a);
        }
    } else {
        out.condition1 = ConditionStatus::WorkerDecides;
        out.condition1_worker = map.condition1_worker;
    }

    for (const Outcome& o : map.outcomes) {
        OutcomeResult r{o.code, o.text, false, {}, {}};
        fire(o.indicators, input, r.because, &r.possible);
        r.indicated = !r.because.empty();
        if (r.indicated) ++out.outcomes_indicated;
        out.outcomes.push_back(std::move(r));
    }
    fire(map.health_route, input, out.health_because, nullptr);

    out.condition2 = out.outcomes_indicated >= map.outcomes_needed || !out.health_because.empty();
    const bool condition1_ok = out.condition1 == ConditionStatus::Met || out.condition1 == ConditionStatus::WorkerDecides;
    out.indicated = condition1_ok && out.condition2;
    if (map.young_carer && map.young_carer->matches(input)) {
        out.young_carer = true;
        if (const ScoredAnswer* a = input.find(map.young_carer->link_id)) out.young_carer_because.push_back(*a);
        out.indicated = false; // reg 3 is for adult carers: the young carers' route instead
    }
    return out;
}

const char* indicator_name(const EligibilityResult& result) {
    if (result.young_carer) return "young carer";
    return result.indicated ? "indicated" : "not indicated";
}

const char* condition_status_name(ConditionStatus status) {
    switch (status) {
    case ConditionStatus::Met: return "met";
    case ConditionStatus::NotMet: return "not met";
    case ConditionStatus::NotAnswered: return "not answered";
    case ConditionStatus::WorkerDecides: return "for the worker to confirm";
    }
    return "?";
}

} // namespace selfdirect::core
