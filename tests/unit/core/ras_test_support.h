// Shared by the RAS, eligibility and default-form tests: loads the committed forms, tables, outcome
// maps and fixtures, and builds answer sets by option code so tests read like the brief's tables.
#pragma once

#include "core/eligibility.h"
#include "core/eligibility_map.h"
#include "core/questionnaire_parser.h"
#include "core/ras_answers.h"
#include "core/ras_calculator.h"
#include "core/ras_flags.h"
#include "core/ras_table.h"
#include "core/response_builder.h"
#include "core/response_json.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace ras_test {

using namespace selfdirect::core;

inline std::string read_text(const std::string& relative) {
    std::ifstream in(std::string(SELFDIRECT_SOURCE_DIR) + "/" + relative, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open " << relative);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline Questionnaire load_form(const std::string& id) {
    auto q = parse_questionnaire(read_text("assets/forms/" + id + ".json"), id + ".json");
    REQUIRE_MESSAGE(q.ok(), (q.ok() ? "" : q.error().message));
    return std::move(q.value());
}

inline RasTable table_from(const std::string& text, const std::string& name = "table.json") {
    auto t = parse_ras_table(text, name);
    REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : t.error().message));
    return std::move(t.value());
}

inline RasTable load_table(const std::string& id) { return table_from(read_text("assets/ras/" + id + ".json"), id + ".json"); }

// The default table with some values replaced: edit(j) changes the JSON before parsing.
template <typename Edit>
RasTable edited_table(const std::string& id, Edit edit) {
    auto j = nlohmann::ordered_json::parse(read_text("assets/ras/" + id + ".json"));
    edit(j);
    return table_from(j.dump(), id + "-edited.json");
}

inline OutcomeMap load_map(const std::string& id) {
    auto m = parse_outcome_map(read_text("assets/eligibility/" + id + ".json"), id + ".json");
    REQUIRE_MESSAGE(m.ok(), (m.ok() ? "" : m.error().message));
    return std::move(m.value());
}

// The answers of a committed fixture response (tests/fixtures/NAME.json).
inline Answers fixture_answers(const Questionnaire& q, const std::string& name) {
    auto r = parse_questionnaire_response(read_text("tests/fixtures/" + name + ".json"), name);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return answers_from_response(q, r.value());
}

// Sets `link_id` to the option with `code` (choice items), failing the test if there is none.
inline void choose(const Questionnaire& q, Answers& answers, const std::string& link_id, const std::string& code) {
    const Item* item = find_item(q, link_id);
    REQUIRE_MESSAGE(item, "no item " << link_id);
    for (const AnswerOption& o : item->options) {
        if (o.code == code) {
            answers[link_id] = o.value;
            return;
        }
    }
    FAIL("item " << link_id << " has no option " << code);
}

inline Answers answers_with(const Questionnaire& q, const std::map<std::string, std::string>& codes) {
    Answers a;
    for (const auto& [link_id, code] : codes) choose(q, a, link_id, code);
    return a;
}

// Every SAQ-D1 needs question at its lowest answer, 0.1 "yes", nobody helping: N = 0.
inline std::map<std::string, std::string> saq_all_low() {
    std::map<std::string, std::string> m{{"0.1", "yes"}, {"4.2", "never"}, {"7.1", "not-for-me"}, {"8.1", "no"},
                                         {"10.1", "none"}, {"10.2", "no"}, {"11.1", "none"}, {"11.2", "no"},
                                         {"11.3", "no"}, {"11.4", "no"}, {"12.1", "no"}};
    for (const char* id : {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "5.1", "6.1", "6.2", "9.1"})
        m[id] = "A";
    return m;
}

inline RasResult run(const RasTable& t, const Questionnaire& q, const Answers& a, bool eligible = true) {
    return calculate_ras(t, scoring_input(q, a), eligible);
}

} // namespace ras_test
