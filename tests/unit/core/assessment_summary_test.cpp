// The assessment summary a sealed record carries: what the person's result page was built from and
// showed (flags, table, figures, indicator, versions), from one core::assess result, and its trip
// through the QuestionnaireResponse extension the council tool reads back.
#include "core/assessment_summary.h"
#include "core/record_reference.h"

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
    Loaded l{load_form(form), {}};
    auto rules = load_assessment_rules(read_text("assets/forms/" + form + ".json"), l.q,
                                       read_text("assets/ras/" + table + ".json"),
                                       read_text("assets/eligibility/" + form + ".json"));
    REQUIRE_MESSAGE(rules.ok(), (rules.ok() ? "" : rules.error().message));
    l.rules = std::move(rules.value());
    return l;
}

SummaryContext context(const Questionnaire& q, bool shown = true) { return {q.id, q.version, "9.8.7", shown}; }

} // namespace

TEST_CASE("the summary of Mrs A saying she is not safe names the flags, the table, the figures shown, the indicator and the versions") {
    const Loaded l = load_rules("SAQ-D1", "RAS-D1");
    Answers a = fixture_answers(l.q, "mrs-a");
    choose(l.q, a, "10.3.a", "yes");
    const AssessmentSummary s = summarise_assessment(assess(l.q, l.rules, a), context(l.q));

    CHECK(s.version == 1);
    CHECK(s.form_id == "SAQ-D1");
    CHECK(s.form_version == "1");
    CHECK(s.app_version == "9.8.7");
    CHECK(s.ras_table_id == "RAS-D1");
    CHECK(s.ras_table_version == "1");
    CHECK(s.ras_kind == "adult");
    // Raised flags only, by name, each with the answers that raised it.
    std::vector<std::string> names;
    for (const auto& f : s.flags) names.push_back(f.flag);
    CHECK(names == std::vector<std::string>{"carer-offer", "safeguarding"});
    CHECK(s.raised("safeguarding"));
    CHECK_FALSE(s.raised("advocacy"));
    const auto safeguarding = std::find_if(s.flags.begin(), s.flags.end(), [](const SummaryFlag& f) { return f.flag == "safeguarding"; });
    REQUIRE(safeguarding != s.flags.end());
    CHECK(safeguarding->because == std::vector<std::string>{"10.3.a"});
    CHECK(s.budget_shown);
    CHECK(s.figures_shown == std::vector<SummaryFigure>{{"weekly", 36850}, {"annual", 1916200}});
    REQUIRE(s.eligibility);
    CHECK(s.eligibility->regulation == "adult");
    CHECK(s.eligibility->indicated);
    CHECK(s.eligibility->condition1 == "met");
    CHECK(s.eligibility->condition2);
    CHECK(s.eligibility->outcomes.size() == 8);
}

TEST_CASE("a summary records no figure when the result page showed none, and a carer's one-off payment when it did") {
    const Loaded adult = load_rules("SAQ-D1", "RAS-D1");
    const AssessmentSummary hidden =
        summarise_assessment(assess(adult.q, adult.rules, fixture_answers(adult.q, "mrs-a")), context(adult.q, false));
    CHECK_FALSE(hidden.budget_shown);
    CHECK(hidden.figures_shown.empty());

    const Loaded carer = load_rules("CSAQ-D1", "CRAS-D1");
    Answers a = fixture_answers(carer.q, "mr-a-carer");
    choose(carer.q, a, "C4", "no"); // cannot carry on caring
    const AssessmentSummary s = summarise_assessment(assess(carer.q, carer.rules, a), context(carer.q));
    CHECK(s.ras_kind == "carer");
    CHECK(s.ras_table_id == "CRAS-D1");
    CHECK(s.raised("carer-urgent"));
    CHECK(s.figures_shown == std::vector<SummaryFigure>{{"carer-payment", 50000}});
    REQUIRE(s.eligibility);
    CHECK(s.eligibility->regulation == "carer");
}

TEST_CASE("a summary goes into a QuestionnaireResponse as one extension and reads back equal; an older response has none") {
    const Loaded l = load_rules("SAQ-D1", "RAS-D1");
    const Answers a = fixture_answers(l.q, "mrs-a");
    const AssessmentSummary s = summarise_assessment(assess(l.q, l.rules, a), context(l.q));
    const std::string plain = build_questionnaire_response(l.q, a, ResponseMeta{"id-1", "2026-12-06T10:00:00Z"});

    auto carried = with_summary(plain, s);
    REQUIRE(carried.ok());
    const auto response = nlohmann::json::parse(*carried);
    REQUIRE(response["extension"].size() == 1);
    CHECK(response["extension"][0]["url"] == kAssessmentSummaryUrl);
    CHECK(response["item"] == nlohmann::json::parse(plain)["item"]); // the answers are untouched
    auto back = read_summary(response);
    REQUIRE(back);
    REQUIRE(back->ok());
    CHECK(back->value() == s);
    // Still a QuestionnaireResponse to the response reader.
    CHECK(parse_questionnaire_response(*carried, "carried").ok());
    // Attaching again replaces, never duplicates.
    auto again = with_summary(*carried, s);
    REQUIRE(again.ok());
    CHECK(nlohmann::json::parse(*again)["extension"].size() == 1);

    CHECK_FALSE(read_summary(nlohmann::json::parse(plain)));
}

TEST_CASE("a summary that is not what summary_to_json writes, or nests deeply, is refused with summary.malformed") {
    CHECK(summary_from_json("not json").error().code == "summary.malformed");
    CHECK(summary_from_json("[]").error().code == "summary.malformed");
    CHECK(summary_from_json(R"({"summaryVersion":"1"})").error().code == "summary.malformed");
    CHECK(summary_from_json(R"({"summaryVersion":1,"flags":[{"flag":7}]})").error().code == "summary.malformed");
    const std::string deep = R"({"summaryVersion":1,"x":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
    CHECK(summary_from_json(deep).error().code == "summary.malformed");
    CHECK(summary_from_json(R"({"summaryVersion":1,"later":{"field":true}})").ok()); // unknown keys ignored
    const auto wrong = read_summary(nlohmann::json{{"extension", {{{"url", kAssessmentSummaryUrl}, {"valueInteger", 1}}}}});
    REQUIRE(wrong);
    CHECK_FALSE(wrong->ok());
}

TEST_CASE("a record id gives the reference the person was shown, SD and its first eight hex digits in capitals") {
    CHECK(reference_for_record("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d") == "SD-1A2B-3C4D");
    CHECK(reference_for_record("abc") == "SD-ABC-"); // never for a UUID, but never out of range either
}
