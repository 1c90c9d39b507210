// Outcome map JSON -> OutcomeMap, strictly, and its check against the form (eligibility_map.h).
#include "core/eligibility_map.h"

#include "core/ras_config_reader.h"

#include <algorithm>
#include <set>

namespace selfdirect::core {
namespace {

using config::ConfigError;
using config::Object;

constexpr const char* kFormat = "selfdirect-outcome-map";

AnswerTest read_test(const Object& o) {
    o.only({"codes", "pointsAbove", "pointsAtLeast"});
    AnswerTest t;
    int kinds = 0;
    if (o.has("codes")) {
        t.codes = o.strings("codes");
        ++kinds;
    }
    if (o.has("pointsAbove")) {
        t.points_above = o.decimal("pointsAbove");
        ++kinds;
    }
    if (o.has("pointsAtLeast")) {
        t.points_at_least = o.decimal("pointsAtLeast");
        ++kinds;
    }
    if (kinds != 1) throw ConfigError{"outcomes.format", o.path() + ": give exactly one of codes, pointsAbove, pointsAtLeast"};
    return t;
}

AnswerCondition read_condition(const Object& o) {
    o.only({"linkId", "codes"});
    return AnswerCondition{o.string("linkId"), o.strings("codes")};
}

std::vector<OutcomeIndicator> read_indicators(const Object& parent, const char* key) {
    std::vector<OutcomeIndicator> out;
    for (const Object& o : parent.objects(key)) {
        o.only({"linkId", "when", "possibleWhen", "onlyIf"});
        OutcomeIndicator ind;
        ind.link_id = o.string("linkId");
        ind.when = read_test(o.object("when"));
        if (o.has("possibleWhen")) ind.possible_when = read_test(o.object("possibleWhen"));
        if (o.has("onlyIf")) ind.only_if = read_condition(o.object("onlyIf"));
        out.push_back(std::move(ind));
    }
    return out;
}

OutcomeMap read(std::string_view text) {
    const nlohmann::ordered_json doc = config::parse_document(text, "outcomes");
    const Object root(doc, "");
    root.only({"format", "formatVersion", "id", "version", "regulation", "questionnaire", "condition1", "outcomesNeeded",
               "healthRoute", "youngCarer", "outcomes", "condition3"});
    if (root.string("format") != kFormat) root.fail("format", std::string("must be \"") + kFormat + "\"");
    if (root.integer("formatVersion", 1, 1000) != 1) root.fail("formatVersion", "this version reads format version 1");
    OutcomeMap m;
    m.id = root.string("id");
    m.version = root.string("version");
    const std::string regulation = root.string("regulation");
    if (regulation == "adult") m.regulation = Regulation::Adult;
    else if (regulation == "carer") m.regulation = Regulation::Carer;
    else root.fail("regulation", "must be \"adult\" (reg 2) or \"carer\" (reg 3)");
    const Object q = root.object("questionnaire");
    q.only({"id", "version"});
    m.questionnaire_id = q.string("id");
    m.questionnaire_version = q.string_or("version", "");

    const Object c1 = root.object("condition1");
    if (c1.has("workerConfirms")) {
        c1.only({"workerConfirms"});
        m.condition1_worker = c1.string("workerConfirms");
    } else {
        m.condition1 = read_condition(c1);
    }
    m.outcomes_needed = static_cast<int>(root.integer("outcomesNeeded", 1, 100));
    if (root.has("healthRoute")) m.health_route = read_indicators(root, "healthRoute");
    if (m.regulation == Regulation::Adult && !m.health_route.empty())
        root.fail("healthRoute", "is a carers' route (reg 3(2)(a)); adults' maps do not have one");
    if (root.has("youngCarer")) {
        if (m.regulation != Regulation::Carer)
            root.fail("youngCarer", "is for carers' maps (under-18 carers leave reg 3); adults' maps do not have one");
        m.young_carer = read_condition(root.object("youngCarer"));
    }

    std::set<std::string> codes;
    for (const Object& o : root.objects("outcomes")) {
        o.only({"code", "text", "indicators"});
        Outcome outcome{o.string("code"), o.string("text"), read_indicators(o, "indicators")};
        if (!codes.insert(outcome.code).second) o.fail("code", "outcome '" + outcome.code + "' appears twice");
        m.outcomes.push_back(std::move(outcome));
    }
    if (m.outcomes_needed > static_cast<int>(m.outcomes.size()))
        root.fail("outcomesNeeded", "is more than the number of outcomes");
    m.condition3 = root.string_or("condition3", "");
    return m;
}

struct Checker {
    const OutcomeMap& map;
    const Questionnaire& q;
    std::string source;

    Error fail(const std::string& what) const {
        return make_error("outcomes.binding", source + ": outcome map " + map.id + " v" + map.version + ": " + what);
    }

    Result<void> codes_exist(const std::string& link_id, const std::vector<std::string>& codes, const std::string& role) const {
        const Item* item = find_item(q, link_id);
        if (!item) return fail(role + ": item '" + link_id + "' is not in questionnaire " + q.id);
        if (!takes_answers(*item)) return fail(role + ": item '" + link_id + "' takes no answer");
        for (const std::string& code : codes) {
            const bool found = std::any_of(item->options.begin(), item->options.end(),
                                           [&](const AnswerOption& o) { return o.code == code; });
            if (!found) return fail(role + ": '" + code + "' is not an option of item '" + link_id + "'");
        }
        return {};
    }

    Result<void> test(const std::string& link_id, const AnswerTest& t, const std::string& role) const {
        if (auto r = codes_exist(link_id, t.codes, role); !r) return r;
        if (t.codes.empty()) {
            const Item* item = find_item(q, link_id);
            const bool scored = !item->options.empty() &&
                                std::all_of(item->options.begin(), item->options.end(),
                                            [](const AnswerOption& o) { return o.score && points_from_double(*o.score); });
            if (!scored) return fail(role + ": item '" + link_id + "' is tested on points, but not every option has points");
        }
        return {};
    }

    Result<void> indicators(const std::vector<OutcomeIndicator>& list, const std::string& role) const {
        for (const OutcomeIndicator& ind : list) {
            if (auto r = test(ind.link_id, ind.when, role); !r) return r;
            if (ind.possible_when)
                if (auto r = test(ind.link_id, *ind.possible_when, role); !r) return r;
            if (ind.only_if)
                if (auto r = codes_exist(ind.only_if->link_id, ind.only_if->codes, role + " onlyIf"); !r) return r;
        }
        return {};
    }
};

} // namespace

bool AnswerTest::matches(const ScoredAnswer& answer) const {
    if (!codes.empty()) return std::find(codes.begin(), codes.end(), answer.code) != codes.end();
    if (!answer.points) return false;
    if (points_above) return *answer.points > *points_above;
    if (points_at_least) return *answer.points >= *points_at_least;
    return false;
}

Result<OutcomeMap> parse_outcome_map(std::string_view json_text, std::string_view source) {
    try {
        return read(json_text);
    } catch (const ConfigError& e) {
        return make_error(e.code, std::string(source) + ": " + e.message);
    }
}

Result<void> check_outcome_map(const OutcomeMap& map, const Questionnaire& q, std::string_view source) {
    const Checker c{map, q, std::string(source)};
    if (q.id != map.questionnaire_id)
        return c.fail("is for questionnaire '" + map.questionnaire_id + "', but the form is '" + q.id + "'");
    if (!map.questionnaire_version.empty() && q.version != map.questionnaire_version)
        return c.fail("is for version " + map.questionnaire_version + " of " + q.id + ", but the form is version " +
                      (q.version.empty() ? std::string("(none)") : q.version));
    if (map.condition1)
        if (auto r = c.codes_exist(map.condition1->link_id, map.condition1->codes, "condition1"); !r) return r;
    if (map.young_carer)
        if (auto r = c.codes_exist(map.young_carer->link_id, map.young_carer->codes, "youngCarer"); !r) return r;
    if (auto r = c.indicators(map.health_route, "healthRoute"); !r) return r;
    for (const Outcome& o : map.outcomes)
        if (auto r = c.indicators(o.indicators, "outcome " + o.code); !r) return r;
    return {};
}

} // namespace selfdirect::core
