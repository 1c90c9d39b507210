// Decision (issue 12, item 19): answering "Sometimes" to 10.3.b "Do you feel safe at home?" raises
// the safeguarding flag, as "No" does. The rule is data in the form (an answer-flag extension on
// the option, assets/forms/SAQ-D1.json); this checks it through the pipeline the kiosk uses
// (core::assess), so the record is synced first and the help contacts show.
#include "core/assessment.h"

#include "ras_test_support.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace ras_test;

namespace {

const FlagResult& safeguarding(const AssessmentResult& r) {
    auto it = std::find_if(r.flags.begin(), r.flags.end(), [](const FlagResult& f) { return f.flag == "safeguarding"; });
    REQUIRE(it != r.flags.end());
    return *it;
}

AssessmentResult assess_mrs_a_feeling(const std::string& feel_safe) {
    const Questionnaire q = load_form("SAQ-D1");
    auto rules = load_assessment_rules(read_text("assets/forms/SAQ-D1.json"), q, read_text("assets/ras/RAS-D1.json"),
                                       read_text("assets/eligibility/SAQ-D1.json"));
    REQUIRE_MESSAGE(rules.ok(), (rules.ok() ? "" : rules.error().message));
    Answers a = fixture_answers(q, "mrs-a");
    choose(q, a, "10.3.b", feel_safe);
    return assess(q, rules.value(), a);
}

} // namespace

TEST_CASE("feeling safe at home only sometimes raises the safeguarding flag through assess, naming 10.3.b") {
    const AssessmentResult sometimes = assess_mrs_a_feeling("sometimes");
    const FlagResult& flag = safeguarding(sometimes);
    CHECK(flag.raised);
    REQUIRE(flag.because.size() == 1);
    CHECK(flag.because[0].link_id == "10.3.b");
    CHECK(flag.because[0].code == "sometimes");
    // A flag never changes the figures: Mrs A's budget stays 368.50 a week.
    CHECK(sometimes.ras.weekly_pence == 36850);
}

TEST_CASE("feeling safe at home raises no safeguarding flag, and not feeling safe does") {
    CHECK_FALSE(safeguarding(assess_mrs_a_feeling("yes")).raised);
    CHECK(safeguarding(assess_mrs_a_feeling("no")).raised);
}

TEST_CASE("the form's safeguarding rule for 10.3.b covers No and Sometimes and nothing else") {
    auto rules = read_answer_flags(read_text("assets/forms/SAQ-D1.json"), "SAQ-D1.json");
    REQUIRE(rules.ok());
    std::vector<std::string> codes;
    for (const FlagRule& r : rules.value())
        if (r.link_id == "10.3.b" && r.flag == "safeguarding") codes.push_back(r.code);
    CHECK(codes == std::vector<std::string>{"no", "sometimes"});
}
