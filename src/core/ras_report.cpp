// RasResult and answer flags -> report JSON (see ras_report.h).
#include "core/ras_report.h"

namespace selfdirect::core {
namespace {

using ojson = nlohmann::ordered_json;

// Pence that may be a fraction (a price per point of £11.005): "11.005"; whole pence: "11.00".
std::string money_text(const Rational& pence) {
    if (pence.is_integer()) return format_pence(pence.round_half_up());
    return (pence / Rational(100)).to_decimal(6);
}

ojson adult(const RasResult& r) {
    ojson reduction = ojson::object();
    ojson lines = ojson::array();
    for (const ReductionLine& l : r.reduction_lines) {
        lines.push_back(ojson{{"section", l.section},
                              {"shareItem", l.share_item},
                              {"shareAnswer", l.share_code.empty() ? ojson(nullptr) : ojson(l.share_code)},
                              {"sectionPoints", points_json(l.section_points)},
                              {"share", points_json(l.share)},
                              {"factor", points_json(r.factor)},
                              {"reduction", points_json(l.reduction)}});
    }
    reduction["lines"] = std::move(lines);
    reduction["sustainabilityAnswer"] = r.sustainability_code.empty() ? ojson(nullptr) : ojson(r.sustainability_code);
    reduction["factor"] = points_json(r.factor);
    reduction["uncapped"] = points_json(r.reduction_uncapped);
    reduction["cap"] = points_json(r.reduction_cap);
    reduction["capApplied"] = r.cap_applied;

    ojson out = ojson::object();
    out["R"] = points_json(r.r);
    out["N_adj"] = points_json(r.n_adj);
    out["reduction"] = std::move(reduction);
    out["pricePerPoint"] = money_text(r.price_per_point_pence);
    out["contingencyPercent"] = points_json(r.contingency_percent);
    out["calculatedWeekly"] = format_pence(r.calculated_weekly_pence);
    out["weekly"] = format_pence(r.weekly_pence);
    out["weeklyPence"] = r.weekly_pence;
    out["weeksPerYear"] = r.weeks_per_year;
    out["annual"] = format_pence(r.annual_pence);
    out["annualPence"] = r.annual_pence;
    out["floor"] = format_pence(r.floor_pence);
    out["ceiling"] = format_pence(r.ceiling_pence);
    out["flags"] = ojson{{"eligibilityIndicated", r.eligibility_indicated},
                         {"floorApplied", r.floor_applied},
                         {"ceilingApplied", r.ceiling_applied},
                         {"panel", r.panel},
                         {"provisional", r.panel},
                         {"panelReasons", r.panel_reasons}};
    if (r.panel) out["label"] = "provisional - individual costing needed";
    out["rounding"] = "N_adj x price per point (+ contingency) is computed exactly, then rounded once to a whole "
                      "penny, halves up; floor and ceiling apply to that; annual = weekly x weeksPerYear exactly";
    return out;
}

ojson carer(const RasResult& r) {
    ojson out = ojson::object();
    out["R"] = 0;
    out["N_adj"] = points_json(r.n_adj);
    out["weekly"] = nullptr;
    out["annual"] = format_pence(r.annual_pence);
    out["annualPence"] = r.annual_pence;
    out["period"] = "year";
    if (r.band) {
        out["band"] = ojson{{"label", r.band->label},
                            {"from", points_json(r.band->from)},
                            {"amount", format_pence(r.band->amount_pence)},
                            {"offer", r.band->offer}};
    } else {
        out["band"] = nullptr;
    }
    out["floor"] = format_pence(r.floor_pence);
    out["flags"] = ojson{{"eligibilityIndicated", r.eligibility_indicated},
                         {"floorApplied", r.floor_applied},
                         {"reviewReplacementCare", r.band && r.band->review_replacement_care}};
    return out;
}

} // namespace

ojson points_json(const Rational& points) {
    if (points.is_integer()) return points.round_half_up();
    return points.to_double_for_display();
}

ojson scored_answer_json(const ScoredAnswer& a) {
    ojson out{{"linkId", a.link_id}, {"answer", a.code}, {"display", a.display}};
    if (a.points) out["points"] = points_json(*a.points);
    return out;
}

ojson ras_result_json(const RasResult& r) {
    ojson out = ojson::object();
    out["table"] = ojson{{"id", r.table_id},
                         {"version", r.table_version},
                         {"effectiveFrom", r.effective_from},
                         {"kind", r.kind == RasKind::Adult ? "adult" : "carer"},
                         {"questionnaire", r.questionnaire_id}};
    out["currency"] = r.currency;
    ojson by_section = ojson::object();
    for (const RasSectionPoints& s : r.sections) by_section[s.id] = points_json(s.points);
    out["pointsBySection"] = std::move(by_section);
    out["N"] = points_json(r.n);
    ojson rest = r.kind == RasKind::Adult ? adult(r) : carer(r);
    for (auto it = rest.begin(); it != rest.end(); ++it) out[it.key()] = it.value();
    out["unanswered"] = r.unanswered;
    if (r.withheld) out["withheld"] = "young carer: no allocation from this table (young carers' route)";
    return out;
}

ojson flags_json(const std::vector<FlagResult>& flags) {
    ojson out = ojson::object();
    for (const FlagResult& f : flags) {
        ojson because = ojson::array();
        for (const ScoredAnswer& a : f.because) because.push_back(scored_answer_json(a));
        out[f.flag] = ojson{{"raised", f.raised}, {"because", std::move(because)}};
    }
    return out;
}

} // namespace selfdirect::core
