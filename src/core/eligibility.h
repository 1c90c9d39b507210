// The Care Act eligibility indicator (Eligibility Criteria Regulations 2015, brief sections 2.2, 2.3
// and 7): which outcomes the answers indicate as not achieved, and whether conditions 1 and 2 look
// met. It is an indicator for the worker, never a decision: condition 3 (significant impact on
// wellbeing) and, for carers, condition 1 (necessary care) are the worker's judgement, and the
// result says so. Needs questions are answered "as if nobody helps", and the help-from-family
// questions are not in any outcome map, so family help never changes this result (only the budget).
#pragma once

#include "core/eligibility_map.h"
#include "core/ras_answers.h"

#include <string>
#include <vector>

namespace selfdirect::core {

inline constexpr const char* kIndicatorNotice =
    "This is an indicator, not a decision. A worker decides eligibility under the Care Act 2014 and the "
    "Care and Support (Eligibility Criteria) Regulations 2015, and records the reasons.";

enum class ConditionStatus { Met, NotMet, NotAnswered, WorkerDecides };

struct OutcomeResult {
    std::string code;
    std::string text;
    bool indicated = false;
    std::vector<ScoredAnswer> because;   // answers that indicate it
    std::vector<ScoredAnswer> possible;  // answers that suggest it, not counted (carers' "hard sometimes")
};

struct EligibilityResult {
    std::string map_id, map_version;
    Regulation regulation = Regulation::Adult;
    ConditionStatus condition1 = ConditionStatus::NotAnswered;
    std::vector<ScoredAnswer> condition1_because;
    std::string condition1_worker;        // what the worker confirms (carers)
    bool condition2 = false;
    int outcomes_indicated = 0;
    int outcomes_needed = 0;
    std::vector<ScoredAnswer> health_because; // carers: health deteriorating or at risk
    std::vector<OutcomeResult> outcomes;
    std::string condition3;               // for the worker to decide
    bool indicated = false;               // conditions 1 (unless the worker's) and 2 look met
    // The carer said they are under 18 (the map's youngCarer answer): the young carers' route
    // (Children and Families Act 2014), never reg 3, so `indicated` is false whatever the outcomes.
    bool young_carer = false;
    std::vector<ScoredAnswer> young_carer_because;
};

// The indicator in one word, for reports and the record of what a person was shown:
// "indicated", "not indicated" or "young carer".
const char* indicator_name(const EligibilityResult& result);

EligibilityResult evaluate_eligibility(const OutcomeMap& map, const ScoringInput& input);

const char* condition_status_name(ConditionStatus status);

} // namespace selfdirect::core
