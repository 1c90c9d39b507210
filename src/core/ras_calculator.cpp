// The RAS arithmetic (brief section 8): exact fractions throughout, one rounding to the penny.
#include "core/ras_calculator.h"

#include <algorithm>

namespace selfdirect::core {
namespace {

Rational lookup(const std::vector<std::pair<std::string, Rational>>& values, const std::string& code) {
    for (const auto& [c, v] : values)
        if (c == code) return v;
    return 0; // unanswered: no reduction (in the person's favour)
}

void note_unanswered(const ScoringInput& input, const std::string& link_id, RasResult& out) {
    if (input.find(link_id) || input.disabled.count(link_id)) return;
    if (std::find(out.unanswered.begin(), out.unanswered.end(), link_id) == out.unanswered.end())
        out.unanswered.push_back(link_id);
}

void score_sections(const RasTable& table, const ScoringInput& input, RasResult& out) {
    for (const RasSection& s : table.sections) {
        Rational points = 0;
        for (const std::string& link_id : s.items) {
            points += input.points(link_id);
            note_unanswered(input, link_id, out);
        }
        out.sections.push_back(RasSectionPoints{s.id, s.title, points});
        out.n += points;
    }
}

Rational section_points(const RasResult& out, const std::string& id) {
    for (const RasSectionPoints& s : out.sections)
        if (s.id == id) return s.points;
    return 0;
}

void informal_support(const RasTable& table, const ScoringInput& input, RasResult& out) {
    if (!table.informal_support) return;
    const InformalSupport& s = *table.informal_support;
    note_unanswered(input, s.sustainability_item, out);
    if (const ScoredAnswer* a = input.find(s.sustainability_item)) out.sustainability_code = a->code;
    out.factor = lookup(s.factors, out.sustainability_code);
    for (const auto& [section, share_item] : s.share_items) {
        ReductionLine line;
        line.section = section;
        line.share_item = share_item;
        note_unanswered(input, share_item, out);
        if (const ScoredAnswer* a = input.find(share_item)) line.share_code = a->code;
        line.share = lookup(s.shares, line.share_code);
        line.section_points = section_points(out, section);
        line.reduction = line.section_points * line.share * out.factor;
        out.reduction_uncapped += line.reduction;
        out.reduction_lines.push_back(std::move(line));
    }
    out.reduction_cap = s.cap_share_of_n * out.n;
    out.cap_applied = out.reduction_uncapped > out.reduction_cap;
    out.r = out.cap_applied ? out.reduction_cap : out.reduction_uncapped;
}

void money(const RasTable& table, const ScoringInput& input, RasResult& out) {
    out.n_adj = out.n - out.r;
    out.price_per_point_pence = table.price_per_point_pence;
    out.contingency_percent = table.contingency_percent;
    out.floor_pence = table.floor_pence;
    out.ceiling_pence = table.ceiling_pence;
    out.weeks_per_year = table.weeks_per_year;

    // The one rounding: the exact weekly figure in pence, halves up, before floor and ceiling.
    const Rational exact = out.n_adj * table.price_per_point_pence * (Rational(1) + table.contingency_percent / Rational(100));
    out.calculated_weekly_pence = exact.round_half_up();
    std::int64_t weekly = out.calculated_weekly_pence;
    if (out.eligibility_indicated && weekly < table.floor_pence) {
        weekly = table.floor_pence;
        out.floor_applied = true;
    }
    if (table.panel_n_adj_at_least && out.n_adj >= *table.panel_n_adj_at_least)
        out.panel_reasons.push_back("n-adj-at-least-" + table.panel_n_adj_at_least->to_decimal());
    if (weekly > table.ceiling_pence) {
        out.panel_reasons.push_back("above-ceiling");
        weekly = table.ceiling_pence;
        out.ceiling_applied = true;
    }
    for (const PanelRule& rule : table.panel_rules) {
        const bool all = std::all_of(rule.all_of.begin(), rule.all_of.end(),
                                     [&](const AnswerCondition& c) { return c.matches(input); });
        if (all) out.panel_reasons.push_back(rule.id);
    }
    out.panel = !out.panel_reasons.empty();
    out.weekly_pence = weekly;
    out.annual_pence = weekly * table.weeks_per_year;
}

void carer_band(const RasTable& table, RasResult& out) {
    out.n_adj = out.n;
    out.floor_pence = table.floor_pence;
    for (const CarerBand& band : table.bands)
        if (band.from <= out.n) out.band = band;
    out.annual_pence = out.band ? out.band->amount_pence : 0;
    if (out.eligibility_indicated && out.annual_pence < table.floor_pence) {
        out.annual_pence = table.floor_pence;
        out.floor_applied = true;
    }
}

} // namespace

RasResult calculate_ras(const RasTable& table, const ScoringInput& input, bool eligibility_indicated) {
    RasResult out;
    out.kind = table.kind;
    out.table_id = table.id;
    out.table_version = table.version;
    out.effective_from = table.effective_from;
    out.questionnaire_id = table.questionnaire_id;
    out.currency = table.currency;
    out.eligibility_indicated = eligibility_indicated;
    score_sections(table, input, out);
    if (table.kind == RasKind::Adult) {
        informal_support(table, input, out);
        money(table, input, out);
    } else {
        carer_band(table, out);
    }
    return out;
}

} // namespace selfdirect::core
