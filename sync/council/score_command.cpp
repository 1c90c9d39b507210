// `selfdirect-council score`: scores one QuestionnaireResponse against its Questionnaire the way the
// council's systems would, and prints one JSON report — validity and errors, calculated items,
// answer flags, and with --ras the indicative budget (or carer's allocation) and the eligibility
// indicator. Exit 0 whenever the inputs could be read, even when the answers are invalid; exit 2 with
// one line naming the file and the culprit when an input cannot be used. Files are read through
// vault::read_asset_file; all the scoring is core's.
#include "sync/council/commands.h"
#include "sync/protocol/untrusted_json.h"

#include "core/assessment.h"
#include "core/calculated.h"
#include "core/eligibility.h"
#include "core/eligibility_map.h"
#include "core/questionnaire_parser.h"
#include "core/ras_answers.h"
#include "core/ras_calculator.h"
#include "core/ras_flags.h"
#include "core/ras_report.h"
#include "core/ras_table.h"
#include "core/response_builder.h"
#include "core/response_json.h"
#include "core/response_validation.h"
#include "vault/asset_file.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>

namespace selfdirect::council {

namespace {

using ojson = nlohmann::ordered_json;

// Thrown inside run_score only, caught there: the one line for stderr.
struct Unusable {
    std::string message;
};

std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

std::string read_file(const std::filesystem::path& path, const char* what) {
    auto text = vault::read_asset_file(path);
    if (!text) throw Unusable{std::string("cannot read ") + what + ": " + text.error().message}; // the message names the path
    return std::move(text.value());
}

template <typename T>
T need(Result<T> r) {
    if (!r) throw Unusable{r.error().message};
    return std::move(r.value());
}

void need(const Result<void>& r) {
    if (!r) throw Unusable{r.error().message};
}

nlohmann::json raw_json(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return sync::parse_untrusted_json(text);
}

// The response must be for this form: its canonical's url (and version, when both give one). A
// reference by resource id (".../Questionnaire/<id>") is accepted too: published pairs use it even
// when the form's url is a urn:uuid (HL7's cardiology example does).
void check_response_is_for(const core::QuestionnaireResponse& r, const core::Questionnaire& q,
                           const std::filesystem::path& response_file) {
    if (r.questionnaire.empty()) return;
    const auto bar = r.questionnaire.find('|');
    const std::string url = r.questionnaire.substr(0, bar);
    const std::string version = bar == std::string::npos ? "" : r.questionnaire.substr(bar + 1);
    const bool same_form = url == q.url || url == "Questionnaire/" + q.id || url.ends_with("/Questionnaire/" + q.id);
    if (!same_form || (!version.empty() && !q.version.empty() && version != q.version))
        throw Unusable{response_file.string() + ": questionnaire is '" + r.questionnaire + "', but the form is '" +
                       core::questionnaire_canonical(q) + "'"};
}

struct Loaded {
    core::Questionnaire q;
    std::string q_text;
    core::QuestionnaireResponse response;
    std::string response_text;
};

Loaded load(const ScoreOptions& o) {
    Loaded l;
    l.q_text = read_file(o.questionnaire_file, "questionnaire");
    l.q = need(core::parse_questionnaire(l.q_text, o.questionnaire_file.string()));
    l.response_text = read_file(o.response_file, "response");
    l.response = need(core::parse_questionnaire_response(l.response_text, o.response_file.string()));
    check_response_is_for(l.response, l.q, o.response_file);
    return l;
}

std::optional<core::OutcomeMap> load_outcome_map(const ScoreOptions& o, const core::RasTable* table,
                                                 const core::Questionnaire& q) {
    std::filesystem::path file = o.outcomes_file;
    if (file.empty() && table && !table->outcome_map.empty()) {
        file = table->outcome_map;
        if (file.is_relative()) file = o.ras_file.parent_path() / file; // relative to the table's own file
    }
    if (file.empty()) return std::nullopt;
    auto map = need(core::parse_outcome_map(read_file(file, "outcome map"), file.string()));
    need(core::check_outcome_map(map, q, file.string()));
    return map;
}

ojson report(const ScoreOptions& o, const Loaded& l) {
    ojson out = ojson::object();
    out["questionnaire"] = ojson{{"id", l.q.id}, {"version", l.q.version}};

    // An answer under an item the form does not enable is reported here (and counted nowhere).
    ojson errors = ojson::array();
    for (const core::ValidationIssue& issue : core::validate_response(l.q, l.response))
        errors.push_back(ojson{{"linkId", issue.link_id}, {"code", issue.code}, {"message", issue.message}});

    // Calculated items come from the FHIRPath engine, always recomputed from the answers the form
    // enables (compute_calculated drops the rest before any expression runs).
    ojson calculated = ojson::object();
    const core::CalculatedResult calc = core::compute_calculated(l.q, raw_json(l.q_text), raw_json(l.response_text));
    for (const auto& [link_id, value] : calc.values) calculated[link_id] = value;
    for (const core::CalculatedError& e : calc.errors)
        errors.push_back(ojson{{"linkId", e.link_id}, {"code", e.code}, {"message", e.message}});

    out["valid"] = errors.empty();
    out["errors"] = std::move(errors);
    out["calculated"] = std::move(calculated);

    // Only enabled answers are scored or raise flags (build_response drops the rest).
    const core::QuestionnaireResponse enabled = core::build_response(l.q, l.response);
    const core::ScoringInput input = core::scoring_input(l.q, core::answers_from_response(l.q, enabled));
    const auto flag_rules = need(core::read_answer_flags(l.q_text, o.questionnaire_file.string()));
    out["flags"] = core::flags_json(core::evaluate_flags(flag_rules, input));

    std::optional<core::RasTable> table;
    if (!o.ras_file.empty()) {
        table = need(core::parse_ras_table(read_file(o.ras_file, "RAS table"), o.ras_file.string()));
        need(core::check_ras_table(*table, l.q, o.ras_file.string()));
    }
    const std::optional<core::OutcomeMap> map = load_outcome_map(o, table ? &*table : nullptr, l.q);
    std::optional<core::EligibilityResult> eligibility;
    if (map) eligibility = core::evaluate_eligibility(*map, input);
    if (table) out["ras"] = core::ras_result_json(core::score_ras(*table, input, eligibility)); // as the kiosk
    if (eligibility) out["eligibility"] = core::eligibility_json(*eligibility);
    return out;
}

} // namespace

int run_score(const ScoreOptions& options, std::ostream& out, std::ostream& err) {
    try {
        const Loaded loaded = load(options);
        out << report(options, loaded).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kExitOk;
    } catch (const Unusable& e) {
        err << "selfdirect-council: score: " << one_line(e.message) << "\n";
        return kExitUsage;
    }
}

} // namespace selfdirect::council
