// Runs a RAS table over a person's scored answers: needs points by section, the informal-support
// reduction, the weekly and annual indicative budget with floor, ceiling and panel routing (adult
// tables), or the carer's score and allocation band (carers' tables). Deterministic and exact: the
// same table and answers give the same pence on every device (money.h).
#pragma once

#include "core/money.h"
#include "core/ras_answers.h"
#include "core/ras_table.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace selfdirect::core {

struct RasSectionPoints {
    std::string id;
    std::string title;
    Rational points;
};

// One section's part of the informal-support reduction: points × share × factor.
struct ReductionLine {
    std::string section;
    std::string share_item;  // the question asked (12.2.1)
    std::string share_code;  // the answer ("most"); empty when unanswered (share 0)
    Rational section_points;
    Rational share;
    Rational reduction;      // before the cap
};

struct RasResult {
    RasKind kind = RasKind::Adult;
    std::string table_id, table_version, effective_from, questionnaire_id, currency;

    std::vector<RasSectionPoints> sections;
    Rational n;                           // needs points, scored as if nobody helps

    // Adult tables.
    std::vector<ReductionLine> reduction_lines;
    std::string sustainability_code;      // 12.3's answer; empty when unanswered (factor 0)
    Rational factor;
    Rational reduction_uncapped;
    Rational reduction_cap;               // capShareOfN × N
    Rational r;                           // min(uncapped, cap)
    bool cap_applied = false;
    Rational n_adj;                       // N − R
    Rational price_per_point_pence;
    Rational contingency_percent;
    std::int64_t calculated_weekly_pence = 0; // N_adj × price × (1 + contingency), rounded half up
    std::int64_t weekly_pence = 0;            // after floor and ceiling
    std::int64_t annual_pence = 0;            // weekly × weeksPerYear (adults); carers: the band amount, or the floor
    std::int64_t floor_pence = 0, ceiling_pence = 0;
    std::int64_t weeks_per_year = 0;
    bool eligibility_indicated = false;       // the floor only applies to someone indicated eligible
    bool floor_applied = false;               // carers too: the band paid less than the table's floor
    bool ceiling_applied = false;             // the calculated figure was above the ceiling
    bool panel = false;                       // provisional: individual costing and panel needed
    std::vector<std::string> panel_reasons;   // "n-adj-at-least-90", "above-ceiling", a rule id

    // Carers' tables.
    std::optional<CarerBand> band;            // the band of the score, even when the floor applies

    // No figure may be shown at all: the person is not on this table's route (a carer under 18,
    // EligibilityResult::young_carer). The amounts are 0 and the band is empty. Set by assess().
    bool withheld = false;

    // Scored questions (and share / sustainability questions) that are enabled but unanswered:
    // they count as 0 points / no reduction, and the worker should see that.
    std::vector<std::string> unanswered;
};

// `eligibility_indicated`: whether the eligibility indicator is "indicated" (the floor applies only
// then, brief 8.1 step 5; for carers, the table's floor: eligible needs must be met, s.20). The
// table must have passed check_ras_table against the form the answers were scored with.
RasResult calculate_ras(const RasTable& table, const ScoringInput& input, bool eligibility_indicated);

} // namespace selfdirect::core
