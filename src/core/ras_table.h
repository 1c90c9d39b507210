// A council's Resource Allocation System as data (docs/configuration.md, "RAS tables"): the adult
// table turns needs points into an indicative weekly budget, the carers' table turns a carer's score
// into an annual allocation band. Councils change points, prices and bands without a rebuild, and
// every result carries the table's id, version and effective date so it can be re-run and audited.
#pragma once

#include "core/money.h"
#include "core/questionnaire.h"
#include "core/ras_answers.h"
#include "core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace selfdirect::core {

enum class RasKind { Adult, Carer };

struct RasSection {
    std::string id;                    // "1", "C2"
    std::string title;
    std::vector<std::string> items;    // linkIds whose option points add up to the section
    std::optional<Rational> max_points; // when given, checked against the form
};

// The informal-support reduction: R = Σ points(section) × share(answer) × factor(answer), capped.
struct InformalSupport {
    std::vector<std::pair<std::string, std::string>> share_items; // section id -> linkId asking the share
    std::vector<std::pair<std::string, Rational>> shares;         // option code -> share, 0..1
    std::string sustainability_item;                              // linkId (12.3)
    std::vector<std::pair<std::string, Rational>> factors;        // option code -> factor, 0..1
    Rational cap_share_of_n;                                      // R <= cap × N
};

struct PanelRule {
    std::string id;
    std::string label;
    std::vector<AnswerCondition> all_of;
};

struct CarerBand {
    Rational from;               // the band applies from this score up to the next band's `from`
    std::string label;           // "18-25"
    std::int64_t amount_pence = 0;
    std::string offer;
    bool review_replacement_care = false;
};

struct RasTable {
    RasKind kind = RasKind::Adult;
    std::string id;
    std::string version;
    std::string effective_from;        // YYYY-MM-DD
    std::string title;
    std::string questionnaire_id;
    std::string questionnaire_version; // empty: any version of that questionnaire
    std::string outcome_map;           // path as written, relative to the table's file; empty: none
    std::vector<RasSection> sections;
    std::string currency = "GBP";

    // Adult tables.
    std::optional<InformalSupport> informal_support;
    Rational price_per_point_pence;    // may be a fraction of a penny; the weekly figure is rounded
    std::int64_t floor_pence = 0;      // carers' tables too: the least an indicated carer is shown (see below)
    std::int64_t ceiling_pence = 0;
    Rational contingency_percent;
    std::int64_t weeks_per_year = 52;
    std::string rounding = "weekly-half-up-to-penny";
    std::optional<Rational> panel_n_adj_at_least;
    std::vector<PanelRule> panel_rules;
    std::optional<Rational> worker_adjustment_approval_percent;

    // Carer tables.
    std::string period = "year";
    std::vector<CarerBand> bands;      // ascending `from`, the first from 0
    // floor_pence for carers: money.floor, or else the lowest paid band's amount. Eligible needs must
    // be met (Care Act s.20), so a carer indicated eligible is never told their score leads to
    // nothing; the table must therefore give a floor above 0, or a paid band to take it from.
};

// `source` names the file in errors. Error codes: "ras.json" (malformed, with byte offset),
// "config.unknown_key", "config.missing_key", "config.value", "ras.format" — each message starts
// with the source and names the key path.
Result<RasTable> parse_ras_table(std::string_view json_text, std::string_view source);

// Checks the table against the form it scores: the questionnaire id (and version, if the table gives
// one) match; every linkId it names exists; scored items are choices whose options all carry points
// that are 0 or more; every option of a share / sustainability item has a share / factor and every
// code the table names is an option; sections' maxPoints agree with the form. Error "ras.binding"
// naming the table and the culprit.
Result<void> check_ras_table(const RasTable& table, const Questionnaire& q, std::string_view source);

} // namespace selfdirect::core
