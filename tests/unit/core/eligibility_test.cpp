// The Care Act eligibility indicator (regs 2 and 3, brief 7.1 and 7.2): which outcomes the answers
// indicate, conditions 1 and 2, and that family help never changes it.
#include "core/ras_report.h"

#include "ras_test_support.h"

#include <algorithm>

using namespace ras_test;

namespace {

std::vector<std::string> indicated_codes(const EligibilityResult& r) {
    std::vector<std::string> out;
    for (const OutcomeResult& o : r.outcomes)
        if (o.indicated) out.push_back(o.code);
    return out;
}

const OutcomeResult& outcome(const EligibilityResult& r, const std::string& code) {
    auto it = std::find_if(r.outcomes.begin(), r.outcomes.end(), [&](const OutcomeResult& o) { return o.code == code; });
    REQUIRE(it != r.outcomes.end());
    return *it;
}

EligibilityResult adult(const std::map<std::string, std::string>& codes) {
    const Questionnaire q = load_form("SAQ-D1");
    return evaluate_eligibility(load_map("SAQ-D1"), scoring_input(q, answers_with(q, codes)));
}

} // namespace

TEST_CASE("the default outcome maps load and fit their forms") {
    const OutcomeMap adult_map = load_map("SAQ-D1");
    CHECK(adult_map.regulation == Regulation::Adult);
    CHECK(adult_map.outcomes.size() == 10);
    CHECK(adult_map.outcomes_needed == 2);
    CHECK(check_outcome_map(adult_map, load_form("SAQ-D1"), "SAQ-D1.json").ok());
    const OutcomeMap carer_map = load_map("CSAQ-D1");
    CHECK(carer_map.regulation == Regulation::Carer);
    CHECK(carer_map.outcomes.size() == 8);
    CHECK(check_outcome_map(carer_map, load_form("CSAQ-D1"), "CSAQ-D1.json").ok());
}

TEST_CASE("Mrs A's eligibility is indicated with outcomes a, b, c, d, e, f, g and i") {
    const Questionnaire q = load_form("SAQ-D1");
    const EligibilityResult r = evaluate_eligibility(load_map("SAQ-D1"), scoring_input(q, fixture_answers(q, "mrs-a")));
    CHECK(r.indicated);
    CHECK(r.condition1 == ConditionStatus::Met);
    CHECK(r.condition2);
    CHECK(indicated_codes(r) == std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "i"});
    // Each outcome lists the answers that indicate it.
    const OutcomeResult& e = outcome(r, "e");
    REQUIRE(e.because.size() == 3);
    CHECK(e.because[0].link_id == "1.4");
    CHECK(e.because[0].code == "B");
    CHECK(e.because[2].link_id == "10.1");
}

TEST_CASE("the report says it is an indicator, not a decision, and leaves condition 3 to the worker") {
    const Questionnaire q = load_form("SAQ-D1");
    const auto j = eligibility_json(evaluate_eligibility(load_map("SAQ-D1"), scoring_input(q, fixture_answers(q, "mrs-a"))));
    CHECK(j["notice"].get<std::string>().find("indicator, not a decision") != std::string::npos);
    CHECK(j["indicator"] == "indicated");
    CHECK(j["condition3"]["status"] == "for the worker to decide");
    CHECK(j["outcomes"][0]["because"][0]["linkId"] == "2.1");
}

TEST_CASE("help from family never changes the eligibility indicator") {
    const Questionnaire q = load_form("SAQ-D1");
    const OutcomeMap map = load_map("SAQ-D1");
    const auto with_help = eligibility_json(evaluate_eligibility(map, scoring_input(q, fixture_answers(q, "mrs-a"))));
    const auto without = eligibility_json(evaluate_eligibility(map, scoring_input(q, fixture_answers(q, "mrs-a-no-unpaid-help"))));
    CHECK(with_help == without);
}

TEST_CASE("one outcome alone does not indicate eligibility") {
    auto codes = saq_all_low();
    codes["1.1"] = "D";
    const EligibilityResult r = adult(codes);
    CHECK(r.outcomes_indicated == 1);
    CHECK_FALSE(r.condition2);
    CHECK_FALSE(r.indicated);
}

TEST_CASE("answer B (manages, but with pain, distress or risk) indicates the outcome") {
    auto codes = saq_all_low();
    codes["1.2"] = "B";
    codes["1.3"] = "B";
    const EligibilityResult r = adult(codes);
    CHECK(indicated_codes(r) == std::vector<std::string>{"c", "d"});
    CHECK(r.indicated);
}

TEST_CASE("without an illness or impairment (condition 1) eligibility is not indicated") {
    auto codes = saq_all_low();
    codes["1.1"] = "D";
    codes["2.2"] = "D";
    codes["0.1"] = "no";
    EligibilityResult r = adult(codes);
    CHECK(r.condition2);
    CHECK(r.condition1 == ConditionStatus::NotMet);
    CHECK_FALSE(r.indicated);

    codes["0.1"] = "not-sure"; // "not sure" is enough for the indicator: the worker checks
    CHECK(adult(codes).indicated);

    codes.erase("0.1");
    r = adult(codes);
    CHECK(r.condition1 == ConditionStatus::NotAnswered);
    CHECK_FALSE(r.indicated);
}

TEST_CASE("a non-zero keeping-safe answer indicates using the home safely") {
    auto codes = saq_all_low();
    codes["10.1"] = "low";
    CHECK(indicated_codes(adult(codes)) == std::vector<std::string>{"e"});
}

TEST_CASE("help needed to look after others indicates outcome j only when a child is cared for") {
    auto codes = saq_all_low();
    codes["8.1"] = "adult";
    codes["8.1.help"] = "D";
    CHECK(indicated_codes(adult(codes)).empty());
    codes["8.1"] = "child-and-adult";
    CHECK(indicated_codes(adult(codes)) == std::vector<std::string>{"j"});
}

TEST_CASE("Mr A's carer eligibility is indicated: health at risk and outcomes e and h") {
    const Questionnaire q = load_form("CSAQ-D1");
    const EligibilityResult r = evaluate_eligibility(load_map("CSAQ-D1"), scoring_input(q, fixture_answers(q, "mr-a-carer")));
    CHECK(r.indicated);
    CHECK(r.condition1 == ConditionStatus::WorkerDecides);
    CHECK_FALSE(r.condition1_worker.empty());
    CHECK(indicated_codes(r) == std::vector<std::string>{"e", "h"});
    REQUIRE(r.health_because.size() == 1);
    CHECK(r.health_because[0].link_id == "C3");
    // Rows scored 1 are shown as possible, not counted.
    CHECK(outcome(r, "c").possible.size() == 1);
    CHECK_FALSE(outcome(r, "c").indicated);
}

TEST_CASE("a carer whose rows are all 'hard sometimes' and whose health is fine is not indicated") {
    const Questionnaire q = load_form("CSAQ-D1");
    std::map<std::string, std::string> codes{{"C1.1", "20-34"}, {"C1.2", "never"}, {"C3", "no"}, {"C4", "yes"}};
    for (char c = 'a'; c <= 'h'; ++c) codes[std::string("C2.") + c] = "hard-sometimes";
    const EligibilityResult r = evaluate_eligibility(load_map("CSAQ-D1"), scoring_input(q, answers_with(q, codes)));
    CHECK_FALSE(r.indicated);
    CHECK(r.outcomes_indicated == 0);
    for (const OutcomeResult& o : r.outcomes) CHECK(o.possible.size() == 1);

    codes["C3"] = "at-risk"; // health at risk is enough on its own (reg 3(2)(a))
    CHECK(evaluate_eligibility(load_map("CSAQ-D1"), scoring_input(q, answers_with(q, codes))).indicated);
}

TEST_CASE("an outcome map with an unknown key is refused naming it") {
    auto j = nlohmann::ordered_json::parse(read_text("assets/eligibility/SAQ-D1.json"));
    j["outcomes"][3]["indicator"] = nlohmann::ordered_json::array();
    auto m = parse_outcome_map(j.dump(), "map.json");
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == "config.unknown_key");
    CHECK(m.error().message.find("map.json: outcomes[3].indicator") != std::string::npos);
}

TEST_CASE("an indicator test must be exactly one of codes, pointsAbove, pointsAtLeast") {
    auto j = nlohmann::ordered_json::parse(read_text("assets/eligibility/CSAQ-D1.json"));
    j["outcomes"][0]["indicators"][0]["when"]["codes"] = {"often-cannot"};
    auto m = parse_outcome_map(j.dump(), "map.json");
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message.find("outcomes[0].indicators[0].when") != std::string::npos);
}

TEST_CASE("an outcome map naming a question or answer the form does not have is refused") {
    auto j = nlohmann::ordered_json::parse(read_text("assets/eligibility/SAQ-D1.json"));
    j["outcomes"][0]["indicators"][0]["linkId"] = "2.9";
    auto m = parse_outcome_map(j.dump(), "map.json");
    REQUIRE(m.ok());
    auto r = check_outcome_map(m.value(), load_form("SAQ-D1"), "map.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "outcomes.binding");
    CHECK(r.error().message.find("'2.9'") != std::string::npos);

    j["outcomes"][0]["indicators"][0]["linkId"] = "2.1";
    j["outcomes"][0]["indicators"][0]["when"]["codes"] = {"B", "F"};
    auto r2 = check_outcome_map(parse_outcome_map(j.dump(), "map.json").value(), load_form("SAQ-D1"), "map.json");
    REQUIRE_FALSE(r2.ok());
    CHECK(r2.error().message.find("'F' is not an option of item '2.1'") != std::string::npos);
}

TEST_CASE("a carer under 18 is on the young carers' route: no adult carer indicator, whatever the outcomes say") {
    const Questionnaire q = load_form("CSAQ-D1");
    Answers a = fixture_answers(q, "mr-a-carer"); // indicated as an adult carer (health at risk, e and h)
    choose(q, a, "C0.5", "yes");
    const EligibilityResult r = evaluate_eligibility(load_map("CSAQ-D1"), scoring_input(q, a));
    CHECK(r.young_carer);
    CHECK_FALSE(r.indicated);
    CHECK(std::string(indicator_name(r)) == "young carer");
    REQUIRE(r.young_carer_because.size() == 1);
    CHECK(r.young_carer_because[0].link_id == "C0.5");
    const auto j = eligibility_json(r);
    CHECK(j["indicator"] == "young carer");
    CHECK(j["indicated"] == false);
    CHECK(j["youngCarer"]["because"][0]["linkId"] == "C0.5");
    CHECK(j["youngCarer"]["route"].get<std::string>().find("s.17ZA") != std::string::npos);

    choose(q, a, "C0.5", "no");
    const EligibilityResult adult_carer = evaluate_eligibility(load_map("CSAQ-D1"), scoring_input(q, a));
    CHECK_FALSE(adult_carer.young_carer);
    CHECK(adult_carer.indicated);
}

TEST_CASE("only a carers' map may name a young-carer answer, and it must be an answer the form has") {
    auto adult_map = nlohmann::ordered_json::parse(read_text("assets/eligibility/SAQ-D1.json"));
    adult_map["youngCarer"] = {{"linkId", "12.1.under-18"}, {"codes", {"yes"}}};
    auto m = parse_outcome_map(adult_map.dump(), "map.json");
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message.find("youngCarer") != std::string::npos);

    auto carer_map = nlohmann::ordered_json::parse(read_text("assets/eligibility/CSAQ-D1.json"));
    carer_map["youngCarer"]["codes"] = {"under-18"};
    auto r = check_outcome_map(parse_outcome_map(carer_map.dump(), "map.json").value(), load_form("CSAQ-D1"), "map.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("youngCarer: 'under-18' is not an option of item 'C0.5'") != std::string::npos);
}
