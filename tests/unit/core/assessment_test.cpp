// assess() must give the kiosk the very figures `selfdirect-council score` gives the council
// (tests/score_cli): the brief's worked examples, run through the one shared pipeline.
#include "core/assessment.h"
#include "core/ras_report.h"

#include "ras_test_support.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace ras_test;

namespace {

struct Loaded {
    Questionnaire q;
    AssessmentRules rules;
};

Loaded load_rules(const std::string& form, const std::string& table) {
    const std::string q_text = read_text("assets/forms/" + form + ".json");
    Loaded l{load_form(form), {}};
    auto rules = load_assessment_rules(q_text, l.q, read_text("assets/ras/" + table + ".json"),
                                       read_text("assets/eligibility/" + form + ".json"),
                                       {form + ".json", table + ".json", form + "-outcomes.json"});
    REQUIRE_MESSAGE(rules.ok(), (rules.ok() ? "" : rules.error().message));
    l.rules = std::move(rules.value());
    return l;
}

const FlagResult& flag(const AssessmentResult& r, const std::string& name) {
    auto it = std::find_if(r.flags.begin(), r.flags.end(), [&](const FlagResult& f) { return f.flag == name; });
    REQUIRE_MESSAGE(it != r.flags.end(), "no flag " << name);
    return *it;
}

} // namespace

TEST_CASE("assessing Mrs A gives N 39, R 5.5, 368.50 a week and 19162.00 a year, as the council tool does") {
    const Loaded l = load_rules("SAQ-D1", "RAS-D1");
    const AssessmentResult r = assess(l.q, l.rules, fixture_answers(l.q, "mrs-a"));
    CHECK(r.ras.n == Rational(39));
    CHECK(r.ras.r == Rational::fraction(11, 2));
    CHECK(r.ras.n_adj == Rational::fraction(67, 2));
    CHECK(r.ras.weekly_pence == 36850);
    CHECK(r.ras.annual_pence == 1916200);
    CHECK_FALSE(r.ras.cap_applied);
    CHECK_FALSE(r.ras.panel);
    REQUIRE(r.ras.sections.size() == 11);
    CHECK(r.ras.sections[0].points == Rational(10));
    REQUIRE(r.eligibility);
    CHECK(r.eligibility->indicated);
    CHECK(r.eligibility->outcomes_indicated == 8);
    CHECK(flag(r, "carer-offer").raised);
    CHECK_FALSE(flag(r, "safeguarding").raised);
    CHECK_FALSE(flag(r, "advocacy").raised);
}

TEST_CASE("the sensitivity variants of Mrs A give 308.00 and 429.00 a week") {
    const Loaded l = load_rules("SAQ-D1", "RAS-D1");
    CHECK(assess(l.q, l.rules, fixture_answers(l.q, "mrs-a-willing-and-able")).ras.weekly_pence == 30800);
    CHECK(assess(l.q, l.rules, fixture_answers(l.q, "mrs-a-no-unpaid-help")).ras.weekly_pence == 42900);
}

TEST_CASE("assessing Mr A as a carer gives 23 points, the 500.00 band and the carer indicator") {
    const Loaded l = load_rules("CSAQ-D1", "CRAS-D1");
    const AssessmentResult r = assess(l.q, l.rules, fixture_answers(l.q, "mr-a-carer"));
    CHECK(r.ras.kind == RasKind::Carer);
    CHECK(r.ras.n == Rational(23));
    REQUIRE(r.ras.band);
    CHECK(r.ras.band->label == "18-25");
    CHECK(r.ras.annual_pence == 50000);
    REQUIRE(r.eligibility);
    CHECK(r.eligibility->regulation == Regulation::Carer);
    CHECK(r.eligibility->indicated);
    CHECK(flag(r, "emergency-plan-offer").raised);
}

TEST_CASE("a carer under 18 gets no allocation and no adult carer indicator, only the young carers' route") {
    const Loaded l = load_rules("CSAQ-D1", "CRAS-D1");
    Answers a = fixture_answers(l.q, "mr-a-carer");
    choose(l.q, a, "C0.5", "yes");
    const AssessmentResult r = assess(l.q, l.rules, a);
    REQUIRE(r.eligibility);
    CHECK(r.eligibility->young_carer);
    CHECK_FALSE(r.eligibility->indicated);
    CHECK(r.ras.withheld);
    CHECK(r.ras.annual_pence == 0);
    CHECK_FALSE(r.ras.band);
    CHECK_FALSE(r.ras.floor_applied);
    CHECK(ras_result_json(r.ras)["annualPence"] == 0);
    CHECK(flag(r, "young-carer").raised);
}

namespace {

// A carer with little caring and no outcome hard: 0-9 points, the band that pays nothing.
Answers low_scoring_carer(const Questionnaire& q, const std::string& health) {
    std::map<std::string, std::string> codes{{"C0.5", "no"}, {"C1.1", "under-10"}, {"C1.2", "never"}, {"C3", health}, {"C4", "yes"}};
    for (char c = 'a'; c <= 'h'; ++c) codes[std::string("C2.") + c] = "no-impact";
    return answers_with(q, codes);
}

} // namespace

TEST_CASE("a carer indicated eligible in the band that pays nothing gets the lowest paid band's figure; one not indicated does not") {
    const Loaded l = load_rules("CSAQ-D1", "CRAS-D1");
    const AssessmentResult eligible = assess(l.q, l.rules, low_scoring_carer(l.q, "getting-worse")); // reg 3(2)(a)
    REQUIRE(eligible.eligibility);
    REQUIRE(eligible.eligibility->indicated);
    REQUIRE(eligible.ras.band);
    CHECK(eligible.ras.band->label == "0-9");
    CHECK(eligible.ras.floor_applied);
    CHECK(eligible.ras.annual_pence == 25000); // the 10-17 band's 250.00
    CHECK(ras_result_json(eligible.ras)["flags"]["floorApplied"] == true);

    const AssessmentResult not_indicated = assess(l.q, l.rules, low_scoring_carer(l.q, "no"));
    REQUIRE(not_indicated.eligibility);
    CHECK_FALSE(not_indicated.eligibility->indicated);
    CHECK(not_indicated.ras.band->label == "0-9");
    CHECK_FALSE(not_indicated.ras.floor_applied);
    CHECK(not_indicated.ras.annual_pence == 0);
}

TEST_CASE("an answer left under an item that is no longer enabled is not scored and raises no flag") {
    const Loaded l = load_rules("SAQ-D1", "RAS-D1");
    Answers a = fixture_answers(l.q, "mrs-a");
    choose(l.q, a, "7.1.help", "E");  // Mrs A said work is "not for me", so 7.1.help is not asked
    choose(l.q, a, "9.2.e", "no");    // only asked after a difficulty in 9.2.a-d; Mrs A has 9.2.b
    const AssessmentResult with_help = assess(l.q, l.rules, a);
    CHECK(with_help.ras.n == Rational(39));
    CHECK(flag(with_help, "advocacy").raised); // 9.2.e is enabled for Mrs A: the flag is real
    choose(l.q, a, "12.1", "no");              // nobody helps: 12.4 is no longer asked
    const AssessmentResult no_help = assess(l.q, l.rules, a);
    CHECK_FALSE(flag(no_help, "carer-offer").raised);
}

TEST_CASE("without an outcome map there is no eligibility result and the floor applies as if eligible") {
    const Questionnaire q = load_form("SAQ-D1");
    auto rules = load_assessment_rules(read_text("assets/forms/SAQ-D1.json"), q, read_text("assets/ras/RAS-D1.json"),
                                       std::nullopt);
    REQUIRE(rules.ok());
    Answers a = answers_with(q, saq_all_low());
    choose(q, a, "1.1", "B"); // 1 point: £11.00, under the £30.00 floor
    const AssessmentResult r = assess(q, rules.value(), a);
    CHECK_FALSE(r.eligibility);
    CHECK(r.ras.floor_applied);
    CHECK(r.ras.weekly_pence == 3000);
}

TEST_CASE("rules that do not fit the form are refused naming the file that is wrong") {
    const Questionnaire q = load_form("SAQ-D1");
    const std::string q_text = read_text("assets/forms/SAQ-D1.json");
    auto wrong_table = load_assessment_rules(q_text, q, read_text("assets/ras/CRAS-D1.json"), std::nullopt,
                                             {"SAQ-D1.json", "CRAS-D1.json", "map.json"});
    REQUIRE_FALSE(wrong_table.ok());
    CHECK(wrong_table.error().code == "ras.binding");
    CHECK(wrong_table.error().message.find("CRAS-D1.json") != std::string::npos);

    auto wrong_map = load_assessment_rules(q_text, q, read_text("assets/ras/RAS-D1.json"),
                                           read_text("assets/eligibility/CSAQ-D1.json"),
                                           {"SAQ-D1.json", "RAS-D1.json", "carer-map.json"});
    REQUIRE_FALSE(wrong_map.ok());
    CHECK(wrong_map.error().message.find("carer-map.json") != std::string::npos);

    auto broken = load_assessment_rules(q_text, q, "{\"format\": ", std::nullopt, {"SAQ-D1.json", "half.json", "m"});
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message.find("half.json") != std::string::npos);
}
