// RAS table JSON -> RasTable, strictly (see ras_table.h and docs/configuration.md "RAS tables").
#include "core/ras_table.h"

#include "core/ras_config_reader.h"

#include <set>

namespace selfdirect::core {
namespace {

// "2026-04-01": four, two and two ASCII digits with dashes between (the shape only, as the table's
// format asks; a regex here cost more compile time than the rest of the file).
bool dddd_dd_dd(const std::string& s) {
    if (s.size() != 10) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
    }
    return true;
}

using config::ConfigError;
using config::Object;

constexpr const char* kFormat = "selfdirect-ras-table";

[[noreturn]] void throw_format(const std::string& message) { throw ConfigError{"ras.format", message}; }

void check_fraction(const Rational& value, const std::string& where) {
    if (value < Rational(0) || value > Rational(1)) throw_format(where + ": must be between 0 and 1");
}

std::int64_t whole_pence(const Object& o, const char* key) {
    const Rational pounds = o.decimal(key);
    const Rational pence = pounds * Rational(100);
    if (!pence.is_integer()) o.fail(key, "must be a whole number of pence (at most 2 decimal places)");
    if (pence.is_negative()) o.fail(key, "must not be negative");
    return pence.round_half_up();
}

std::vector<AnswerCondition> conditions(const Object& o, const char* key) {
    std::vector<AnswerCondition> out;
    for (const Object& c : o.objects(key)) {
        c.only({"linkId", "codes"});
        out.push_back(AnswerCondition{c.string("linkId"), c.strings("codes")});
    }
    return out;
}

std::vector<RasSection> read_sections(const Object& root) {
    std::vector<RasSection> out;
    std::set<std::string> ids;
    for (const Object& s : root.objects("sections")) {
        s.only({"id", "title", "items", "maxPoints"});
        RasSection section{s.string("id"), s.string_or("title", ""), s.strings("items"), s.optional_decimal("maxPoints")};
        if (!ids.insert(section.id).second) throw_format(s.path() + ".id: section '" + section.id + "' appears twice");
        out.push_back(std::move(section));
    }
    return out;
}

InformalSupport read_informal_support(const Object& o, const std::vector<RasSection>& sections) {
    o.only({"shareItems", "shares", "sustainabilityItem", "factors", "capShareOfN"});
    InformalSupport s;
    s.share_items = o.string_map("shareItems");
    for (const auto& [section, item] : s.share_items) {
        bool known = false;
        for (const RasSection& rs : sections) known = known || rs.id == section;
        if (!known) throw_format(o.path() + ".shareItems." + section + ": there is no section '" + section + "'");
    }
    s.shares = o.decimal_map("shares");
    for (const auto& [code, share] : s.shares) check_fraction(share, o.path() + ".shares." + code);
    s.sustainability_item = o.string("sustainabilityItem");
    s.factors = o.decimal_map("factors");
    for (const auto& [code, factor] : s.factors) check_fraction(factor, o.path() + ".factors." + code);
    s.cap_share_of_n = o.decimal("capShareOfN");
    check_fraction(s.cap_share_of_n, o.path() + ".capShareOfN");
    return s;
}

void read_adult(const Object& root, RasTable& t) {
    root.only({"format", "formatVersion", "kind", "id", "version", "effectiveFrom", "title", "questionnaire",
               "outcomeMap", "sections", "informalSupport", "money", "panel", "workerAdjustmentApprovalPercent"});
    if (root.has("informalSupport")) t.informal_support = read_informal_support(root.object("informalSupport"), t.sections);

    const Object money = root.object("money");
    money.only({"currency", "pricePerPoint", "floor", "ceiling", "contingencyPercent", "weeksPerYear", "rounding"});
    t.currency = money.string_or("currency", "GBP");
    const Rational price = money.decimal("pricePerPoint");
    if (price.is_negative()) money.fail("pricePerPoint", "must not be negative");
    t.price_per_point_pence = price * Rational(100);
    t.floor_pence = whole_pence(money, "floor");
    t.ceiling_pence = whole_pence(money, "ceiling");
    if (t.ceiling_pence < t.floor_pence) money.fail("ceiling", "must not be below the floor");
    t.contingency_percent = money.optional_decimal("contingencyPercent").value_or(Rational(0));
    if (t.contingency_percent.is_negative() || t.contingency_percent > Rational(100))
        money.fail("contingencyPercent", "must be between 0 and 100");
    t.weeks_per_year = money.integer("weeksPerYear", 1, 53);
    t.rounding = money.string("rounding");
    if (t.rounding != "weekly-half-up-to-penny")
        money.fail("rounding", "the only rounding rule is \"weekly-half-up-to-penny\" (stated so results can be re-run)");

    if (root.has("panel")) {
        const Object panel = root.object("panel");
        panel.only({"nAdjAtLeast", "rules"});
        t.panel_n_adj_at_least = panel.optional_decimal("nAdjAtLeast");
        if (panel.has("rules")) {
            for (const Object& r : panel.objects("rules")) {
                r.only({"id", "label", "allOf"});
                t.panel_rules.push_back(PanelRule{r.string("id"), r.string_or("label", ""), conditions(r, "allOf")});
            }
        }
    }
    t.worker_adjustment_approval_percent = root.optional_decimal("workerAdjustmentApprovalPercent");
}

void read_carer(const Object& root, RasTable& t) {
    root.only({"format", "formatVersion", "kind", "id", "version", "effectiveFrom", "title", "questionnaire",
               "outcomeMap", "sections", "money", "bands"});
    const Object money = root.object("money");
    money.only({"currency", "period", "floor"});
    t.currency = money.string_or("currency", "GBP");
    t.period = money.string("period");
    if (t.period != "year") money.fail("period", "the carers' allocation is an annual amount: write \"year\"");
    if (money.has("floor")) {
        t.floor_pence = whole_pence(money, "floor");
        if (t.floor_pence == 0)
            money.fail("floor", "must be more than 0: a carer indicated eligible must not be told they get nothing "
                                "(Care Act s.20)");
    }
    for (const Object& b : root.objects("bands")) {
        b.only({"from", "label", "amount", "offer", "reviewReplacementCare"});
        CarerBand band{b.decimal("from"), b.string_or("label", ""), whole_pence(b, "amount"), b.string_or("offer", ""),
                       b.boolean_or("reviewReplacementCare", false)};
        if (t.bands.empty() && !(band.from == Rational(0))) b.fail("from", "the first band must start from 0");
        if (!t.bands.empty() && band.from <= t.bands.back().from)
            b.fail("from", "bands must be in ascending order of 'from'");
        t.bands.push_back(std::move(band));
    }
    if (!money.has("floor")) { // the default: the lowest paid band
        for (const CarerBand& band : t.bands)
            if (band.amount_pence > 0) {
                t.floor_pence = band.amount_pence;
                break;
            }
        if (t.floor_pence == 0)
            money.fail("floor", "is needed when no band pays anything: a carer indicated eligible must not be told "
                                "they get nothing (Care Act s.20)");
    }
}

RasTable read(std::string_view text) {
    const nlohmann::ordered_json doc = config::parse_document(text, "ras");
    const Object root(doc, "");
    if (root.string("format") != kFormat) root.fail("format", std::string("must be \"") + kFormat + "\"");
    if (root.integer("formatVersion", 1, 1000) != 1) root.fail("formatVersion", "this version reads format version 1");
    RasTable t;
    const std::string kind = root.string("kind");
    if (kind == "adult") t.kind = RasKind::Adult;
    else if (kind == "carer") t.kind = RasKind::Carer;
    else root.fail("kind", "must be \"adult\" or \"carer\"");
    t.id = root.string("id");
    t.version = root.string("version");
    t.effective_from = root.string("effectiveFrom");
    if (!dddd_dd_dd(t.effective_from))
        root.fail("effectiveFrom", "must be a date written YYYY-MM-DD");
    t.title = root.string_or("title", "");
    const Object q = root.object("questionnaire");
    q.only({"id", "version"});
    t.questionnaire_id = q.string("id");
    t.questionnaire_version = q.string_or("version", "");
    t.outcome_map = root.string_or("outcomeMap", "");
    t.sections = read_sections(root);
    if (t.kind == RasKind::Adult) read_adult(root, t);
    else read_carer(root, t);
    return t;
}

} // namespace

Result<RasTable> parse_ras_table(std::string_view json_text, std::string_view source) {
    try {
        return read(json_text);
    } catch (const ConfigError& e) {
        return make_error(e.code, std::string(source) + ": " + e.message);
    }
}

} // namespace selfdirect::core
