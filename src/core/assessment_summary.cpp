// The assessment summary: built from core::assess's result, written as JSON, carried as an
// extension of the sealed QuestionnaireResponse (see assessment_summary.h).
#include "core/assessment_summary.h"

#include <algorithm>
#include <type_traits>

namespace selfdirect::core {
namespace {

using json = nlohmann::json;

// The summary nests 3 deep; anything much deeper is hostile, and is refused before it is built.
constexpr int kMaxSummaryDepth = 8;

struct TooDeep {};

Error malformed(std::string message) { return make_error("summary.malformed", std::move(message)); }

// The value of `key` in `j` when it has the type `Want`, or an error naming the key.
template <typename Want>
Result<Want> field(const json& j, const char* key, const Want& fallback, bool required) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) return malformed(std::string("no \"") + key + "\"");
        return fallback;
    }
    if constexpr (std::is_same_v<Want, bool>) {
        if (!it->is_boolean()) return malformed(std::string("\"") + key + "\" is not true or false");
    } else if constexpr (std::is_same_v<Want, std::string>) {
        if (!it->is_string()) return malformed(std::string("\"") + key + "\" is not a string");
    } else {
        if (!it->is_number_integer()) return malformed(std::string("\"") + key + "\" is not an integer");
    }
    return it->get<Want>();
}

Result<std::vector<std::string>> strings(const json& j, const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return out;
    if (!it->is_array()) return malformed(std::string("\"") + key + "\" is not a list");
    for (const json& s : *it) {
        if (!s.is_string()) return malformed(std::string("\"") + key + "\" holds something that is not a string");
        out.push_back(s.get<std::string>());
    }
    return out;
}

// Reads the fields of one JSON object into their targets, keeping the first error.
struct Reader {
    const json& j;
    std::optional<Error> error;

    template <typename T>
    void get(const char* key, T& target, bool required = false) {
        if (error) return;
        auto v = field<T>(j, key, target, required);
        if (!v) error = v.error();
        else target = std::move(v.value());
    }
};

// Reads one summary object; an error on the first field that is not what summary_to_json writes.
Result<AssessmentSummary> from_object(const json& j) {
    if (!j.is_object()) return malformed("the summary is not a JSON object");
    AssessmentSummary s;
    std::int64_t version = 0;
    Reader top{j, {}};
    top.get("summaryVersion", version, true);
    top.get("appVersion", s.app_version);
    top.get("budgetShown", s.budget_shown);
    if (top.error) return *top.error;
    if (version < 1 || version > 1000) return malformed("\"summaryVersion\" is out of range");
    s.version = static_cast<int>(version);

    if (auto form = j.find("form"); form != j.end()) {
        if (!form->is_object()) return malformed("\"form\" is not an object");
        Reader r{*form, {}};
        r.get("id", s.form_id);
        r.get("version", s.form_version);
        if (r.error) return *r.error;
    }
    if (auto ras = j.find("ras"); ras != j.end()) {
        if (!ras->is_object()) return malformed("\"ras\" is not an object");
        Reader r{*ras, {}};
        r.get("tableId", s.ras_table_id);
        r.get("tableVersion", s.ras_table_version);
        r.get("kind", s.ras_kind);
        r.get("panel", s.panel);
        if (r.error) return *r.error;
    }
    if (auto flags = j.find("flags"); flags != j.end()) {
        if (!flags->is_array()) return malformed("\"flags\" is not a list");
        for (const json& f : *flags) {
            if (!f.is_object()) return malformed("a flag is not an object");
            SummaryFlag flag;
            Reader r{f, {}};
            r.get("flag", flag.flag, true);
            if (r.error) return *r.error;
            auto because = strings(f, "because");
            if (!because) return because.error();
            flag.because = std::move(because.value());
            s.flags.push_back(std::move(flag));
        }
    }
    if (auto figures = j.find("figuresShown"); figures != j.end()) {
        if (!figures->is_array()) return malformed("\"figuresShown\" is not a list");
        for (const json& f : *figures) {
            if (!f.is_object()) return malformed("a figure is not an object");
            SummaryFigure figure;
            Reader r{f, {}};
            r.get("what", figure.what, true);
            r.get("pence", figure.pence, true);
            if (r.error) return *r.error;
            s.figures_shown.push_back(std::move(figure));
        }
    }
    if (auto e = j.find("eligibility"); e != j.end() && !e->is_null()) {
        if (!e->is_object()) return malformed("\"eligibility\" is not an object");
        SummaryEligibility out;
        std::int64_t needed = 0;
        Reader r{*e, {}};
        r.get("regulation", out.regulation);
        r.get("indicated", out.indicated, true);
        r.get("condition1", out.condition1);
        r.get("condition2", out.condition2);
        r.get("outcomesNeeded", needed);
        r.get("healthAtRisk", out.health_at_risk);
        if (r.error) return *r.error;
        out.outcomes_needed = static_cast<int>(std::clamp<std::int64_t>(needed, 0, 1000));
        auto outcomes = strings(*e, "outcomesIndicated");
        if (!outcomes) return outcomes.error();
        out.outcomes = std::move(outcomes.value());
        s.eligibility = std::move(out);
    }
    return s;
}

} // namespace

bool AssessmentSummary::raised(std::string_view flag) const {
    return std::any_of(flags.begin(), flags.end(), [&](const SummaryFlag& f) { return f.flag == flag; });
}

AssessmentSummary summarise_assessment(const AssessmentResult& result, const SummaryContext& context) {
    AssessmentSummary s;
    s.form_id = context.form_id;
    s.form_version = context.form_version;
    s.app_version = context.app_version;
    const RasResult& ras = result.ras;
    s.ras_table_id = ras.table_id;
    s.ras_table_version = ras.table_version;
    s.ras_kind = ras.kind == RasKind::Carer ? "carer" : "adult";
    s.panel = ras.panel;
    for (const FlagResult& f : result.flags) {
        if (!f.raised) continue;
        SummaryFlag flag{f.flag, {}};
        for (const ScoredAnswer& a : f.because) flag.because.push_back(a.link_id);
        s.flags.push_back(std::move(flag));
    }
    std::sort(s.flags.begin(), s.flags.end(), [](const SummaryFlag& a, const SummaryFlag& b) { return a.flag < b.flag; });

    // The figures the result page draws (app/result_explainer): an adult's weekly and yearly
    // amounts, or a carer's band amount when the band pays one.
    if (context.budget_shown) {
        if (ras.kind == RasKind::Carer) {
            if (ras.band && ras.band->amount_pence > 0) s.figures_shown.push_back({"carer-payment", ras.band->amount_pence});
        } else {
            s.figures_shown.push_back({"weekly", ras.weekly_pence});
            s.figures_shown.push_back({"annual", ras.annual_pence});
        }
    }
    s.budget_shown = !s.figures_shown.empty();

    if (result.eligibility) {
        const EligibilityResult& e = *result.eligibility;
        SummaryEligibility out;
        out.regulation = e.regulation == Regulation::Carer ? "carer" : "adult";
        out.indicated = e.indicated;
        out.condition1 = condition_status_name(e.condition1);
        out.condition2 = e.condition2;
        out.outcomes_needed = e.outcomes_needed;
        for (const OutcomeResult& o : e.outcomes)
            if (o.indicated) out.outcomes.push_back(o.code);
        out.health_at_risk = !e.health_because.empty();
        s.eligibility = std::move(out);
    }
    return s;
}

json summary_to_json(const AssessmentSummary& s) {
    json flags = json::array();
    for (const SummaryFlag& f : s.flags) flags.push_back({{"flag", f.flag}, {"because", f.because}});
    json figures = json::array();
    for (const SummaryFigure& f : s.figures_shown) figures.push_back({{"what", f.what}, {"pence", f.pence}});
    json out = {{"summaryVersion", s.version},
                {"form", {{"id", s.form_id}, {"version", s.form_version}}},
                {"appVersion", s.app_version},
                {"ras", {{"tableId", s.ras_table_id}, {"tableVersion", s.ras_table_version}, {"kind", s.ras_kind},
                         {"panel", s.panel}}},
                {"flags", std::move(flags)},
                {"budgetShown", s.budget_shown},
                {"figuresShown", std::move(figures)},
                {"eligibility", nullptr}};
    if (s.eligibility) {
        const SummaryEligibility& e = *s.eligibility;
        out["eligibility"] = {{"regulation", e.regulation},      {"indicated", e.indicated},
                              {"condition1", e.condition1},      {"condition2", e.condition2},
                              {"outcomesNeeded", e.outcomes_needed}, {"outcomesIndicated", e.outcomes},
                              {"healthAtRisk", e.health_at_risk}};
    }
    return out;
}

Result<AssessmentSummary> summary_from_json(std::string_view text) {
    json parsed;
    try {
        // The callback sees each value's depth before it is built: a hostile, deeply nested
        // summary is refused there rather than walked.
        parsed = json::parse(
            text.begin(), text.end(),
            [](int depth, json::parse_event_t, json&) {
                if (depth > kMaxSummaryDepth) throw TooDeep{};
                return true;
            },
            false);
    } catch (const TooDeep&) {
        return malformed("the summary nests deeper than " + std::to_string(kMaxSummaryDepth));
    }
    if (parsed.is_discarded()) return malformed("the summary is not JSON");
    return from_object(parsed);
}

Result<std::string> with_summary(std::string_view response_json, const AssessmentSummary& summary) {
    json response = json::parse(response_json.begin(), response_json.end(), nullptr, false);
    if (response.is_discarded() || !response.is_object()) return malformed("the response is not a JSON object");
    json extension = {{"url", kAssessmentSummaryUrl}, {"valueString", summary_to_json(summary).dump()}};
    json& list = response["extension"];
    if (!list.is_array()) list = json::array();
    list.erase(std::remove_if(list.begin(), list.end(),
                              [](const json& e) { return e.is_object() && e.value("url", "") == kAssessmentSummaryUrl; }),
               list.end());
    list.push_back(std::move(extension));
    return response.dump();
}

std::optional<Result<AssessmentSummary>> read_summary(const json& response) {
    if (!response.is_object()) return std::nullopt;
    auto list = response.find("extension");
    if (list == response.end() || !list->is_array()) return std::nullopt;
    for (const json& e : *list) {
        if (!e.is_object()) continue;
        auto url = e.find("url");
        if (url == e.end() || !url->is_string() || *url != kAssessmentSummaryUrl) continue;
        auto value = e.find("valueString");
        if (value == e.end() || !value->is_string())
            return Result<AssessmentSummary>(malformed("the summary extension has no valueString"));
        return summary_from_json(value->get_ref<const std::string&>());
    }
    return std::nullopt;
}

} // namespace selfdirect::core
