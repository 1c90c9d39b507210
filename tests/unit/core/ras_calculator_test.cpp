// Every rule of the adult RAS (brief 8.1) and the carers' bands (8.3), run on the default forms and
// tables: the worked examples, floor, ceiling and panel, the upper band, the cap, contingency and
// the one rounding to the penny.
#include "ras_test_support.h"

using namespace ras_test;

TEST_CASE("Mrs A's answers give N 39, R 5.5, N_adj 33.5, 368.50 a week and 19162.00 a year") {
    const Questionnaire q = load_form("SAQ-D1");
    const RasResult r = run(load_table("RAS-D1"), q, fixture_answers(q, "mrs-a"));
    CHECK(r.n == Rational(39));
    CHECK(r.r == Rational::fraction(11, 2));
    CHECK(r.n_adj == Rational::fraction(67, 2));
    CHECK(r.weekly_pence == 36850);
    CHECK(r.annual_pence == 1916200);
    CHECK(r.reduction_cap == Rational::fraction(78, 5)); // 15.6, not reached
    CHECK_FALSE(r.cap_applied);
    CHECK_FALSE(r.floor_applied);
    CHECK_FALSE(r.panel);
    CHECK(r.table_id == "RAS-D1");
    CHECK(r.table_version == "1");
    CHECK(r.effective_from == "2025-04-01");
    REQUIRE(r.reduction_lines.size() == 4);
    CHECK(r.reduction_lines[1].reduction == Rational::fraction(15, 8)); // S2: 5 x 75 % x 0.5 = 1.875
    CHECK(r.unanswered.empty());
}

TEST_CASE("Mrs A's points by section match the brief's table") {
    const Questionnaire q = load_form("SAQ-D1");
    const RasResult r = run(load_table("RAS-D1"), q, fixture_answers(q, "mrs-a"));
    const std::map<std::string, int> expected{{"1", 10}, {"2", 5}, {"3", 5}, {"4", 3}, {"5", 2}, {"6", 5},
                                              {"7", 0},  {"8", 0}, {"9", 2}, {"10", 3}, {"11", 4}};
    REQUIRE(r.sections.size() == expected.size());
    for (const RasSectionPoints& s : r.sections) CHECK_MESSAGE(s.points == Rational(expected.at(s.id)), "section " << s.id);
}

TEST_CASE("if Mr A were willing and able the factor is 1.0: R 11, N_adj 28, 308.00 a week") {
    const Questionnaire q = load_form("SAQ-D1");
    const RasResult r = run(load_table("RAS-D1"), q, fixture_answers(q, "mrs-a-willing-and-able"));
    CHECK(r.r == Rational(11));
    CHECK(r.n_adj == Rational(28));
    CHECK(r.weekly_pence == 30800);
}

TEST_CASE("with no unpaid help there is no reduction: N_adj 39, 429.00 a week") {
    const Questionnaire q = load_form("SAQ-D1");
    const RasResult r = run(load_table("RAS-D1"), q, fixture_answers(q, "mrs-a-no-unpaid-help"));
    CHECK(r.r == Rational(0));
    CHECK(r.n_adj == Rational(39));
    CHECK(r.weekly_pence == 42900);
    CHECK(r.unanswered.empty()); // 12.2 and 12.3 are not asked when nobody helps
}

TEST_CASE("the floor lifts a small budget to 30.00 only when eligibility is indicated") {
    const Questionnaire q = load_form("SAQ-D1");
    auto codes = saq_all_low();
    codes["1.1"] = "B";
    codes["1.3"] = "B"; // N = 2 -> 22.00
    const Answers a = answers_with(q, codes);
    const RasResult eligible = run(load_table("RAS-D1"), q, a, true);
    CHECK(eligible.calculated_weekly_pence == 2200);
    CHECK(eligible.weekly_pence == 3000);
    CHECK(eligible.floor_applied);
    CHECK(eligible.annual_pence == 3000 * 52);
    const RasResult not_eligible = run(load_table("RAS-D1"), q, a, false);
    CHECK(not_eligible.weekly_pence == 2200);
    CHECK_FALSE(not_eligible.floor_applied);
}

TEST_CASE("above the ceiling the figure is capped at 1000.00, provisional, and routed to panel") {
    const Questionnaire q = load_form("SAQ-D1");
    auto codes = saq_all_low();
    for (auto& [id, code] : codes)
        if (code == "A") code = "E";
    codes["7.1"] = "yes";
    codes["7.1.help"] = "E";
    codes["8.1"] = "adult";
    codes["8.1.help"] = "E";
    codes["4.2"] = "most-of-the-time";
    codes["10.1"] = "high";
    codes["10.2"] = "often";
    codes["11.1"] = "every-night";
    codes["11.2"] = "yes";
    codes["11.3"] = "yes";
    codes["11.4"] = "yes";
    const RasResult r = run(load_table("RAS-D1"), q, answers_with(q, codes));
    CHECK(r.n == Rational(106)); // the brief's maximum needs score
    CHECK(r.calculated_weekly_pence == 116600);
    CHECK(r.weekly_pence == 100000);
    CHECK(r.annual_pence == 5200000);
    CHECK(r.ceiling_applied);
    CHECK(r.panel);
    CHECK(r.panel_reasons == std::vector<std::string>{"n-adj-at-least-90", "above-ceiling", "night-and-two-people"});
}

TEST_CASE("N_adj of 90 or more goes to panel even under the ceiling") {
    const Questionnaire q = load_form("SAQ-D1");
    const RasTable t = edited_table("RAS-D1", [](auto& j) { j["money"]["pricePerPoint"] = "5.00"; });
    auto codes = saq_all_low();
    for (auto& [id, code] : codes)
        if (code == "A") code = "E";   // 66 points from the S5 questions
    codes["11.1"] = "every-night";     // + 8
    codes["4.2"] = "most-of-the-time"; // + 4
    codes["10.1"] = "high";            // + 5
    codes["10.2"] = "often";           // + 3
    codes["11.3"] = "yes";             // + 2
    codes["11.4"] = "yes";             // + 2 = 90 (11.2 stays "no": not the night-and-two-people rule)
    const RasResult r = run(t, q, answers_with(q, codes));
    CHECK(r.n_adj == Rational(90));
    CHECK(r.weekly_pence == 45000);
    CHECK_FALSE(r.ceiling_applied);
    CHECK(r.panel);
    CHECK(r.panel_reasons == std::vector<std::string>{"n-adj-at-least-90"});
}

TEST_CASE("help every night and two people to move route to panel whatever the points") {
    const Questionnaire q = load_form("SAQ-D1");
    auto codes = saq_all_low();
    codes["11.1"] = "every-night";
    codes["11.2"] = "yes";
    const RasResult r = run(load_table("RAS-D1"), q, answers_with(q, codes));
    CHECK(r.n == Rational(12));
    CHECK(r.weekly_pence == 13200);
    CHECK(r.panel);
    CHECK(r.panel_reasons == std::vector<std::string>{"night-and-two-people"});

    codes["11.2"] = "no"; // 11.1 = 8 alone is not the upper band
    const RasResult alone = run(load_table("RAS-D1"), q, answers_with(q, codes));
    CHECK_FALSE(alone.panel);
}

TEST_CASE("the informal-support reduction is capped at 40 percent of N") {
    const Questionnaire q = load_form("SAQ-D1");
    // A council table where "all" the help counts in full: uncapped R would equal N.
    const RasTable t = edited_table("RAS-D1", [](auto& j) { j["informalSupport"]["shares"]["all"] = "1"; });
    auto codes = saq_all_low();
    codes["1.1"] = "E";  // 6
    codes["2.2"] = "E";  // 4
    codes["3.1"] = "E";  // 5 -> N 15, all in shared sections
    codes["12.1"] = "yes";
    for (const char* s : {"12.2.1", "12.2.2", "12.2.3", "12.2.11"}) codes[s] = "all";
    codes["12.3"] = "yes";
    const RasResult r = run(t, q, answers_with(q, codes));
    CHECK(r.n == Rational(15));
    CHECK(r.reduction_uncapped == Rational(15));
    CHECK(r.cap_applied);
    CHECK(r.r == Rational(6)); // 40 % of 15
    CHECK(r.n_adj == Rational(9));
    CHECK(r.weekly_pence == 9900);
}

TEST_CASE("the reduction counts only the sections the table names") {
    const Questionnaire q = load_form("SAQ-D1");
    auto codes = saq_all_low();
    codes["5.1"] = "E"; // section 5 is not reduced for family help
    codes["12.1"] = "yes";
    for (const char* s : {"12.2.1", "12.2.2", "12.2.3", "12.2.11"}) codes[s] = "all";
    codes["12.3"] = "yes";
    const RasResult r = run(load_table("RAS-D1"), q, answers_with(q, codes));
    CHECK(r.n == Rational(6));
    CHECK(r.r == Rational(0));
}

TEST_CASE("an unanswered sustainability question gives no reduction and is listed as unanswered") {
    const Questionnaire q = load_form("SAQ-D1");
    Answers a = fixture_answers(q, "mrs-a");
    a.erase("12.3");
    const RasResult r = run(load_table("RAS-D1"), q, a);
    CHECK(r.r == Rational(0));
    CHECK(r.weekly_pence == 42900);
    CHECK(r.unanswered == std::vector<std::string>{"12.3"});
}

TEST_CASE("an optional contingency is added before floor and ceiling") {
    const Questionnaire q = load_form("SAQ-D1");
    const RasTable t = edited_table("RAS-D1", [](auto& j) { j["money"]["contingencyPercent"] = "10"; });
    const RasResult r = run(t, q, fixture_answers(q, "mrs-a"));
    CHECK(r.weekly_pence == 40535); // 368.50 x 1.10
    CHECK(r.annual_pence == 40535 * 52);
}

TEST_CASE("the weekly figure is rounded once, half a penny up") {
    const Questionnaire q = load_form("SAQ-D1");
    // 33.5 x 11.01 = 368.835 -> 368.84; 33.5 x 0.01 = 0.335 -> 0.34 (floor set to 0 to see it).
    const RasTable t1 = edited_table("RAS-D1", [](auto& j) { j["money"]["pricePerPoint"] = "11.01"; });
    CHECK(run(t1, q, fixture_answers(q, "mrs-a")).weekly_pence == 36884);
    const RasTable t2 = edited_table("RAS-D1", [](auto& j) {
        j["money"]["pricePerPoint"] = "0.01";
        j["money"]["floor"] = "0";
    });
    const RasResult r = run(t2, q, fixture_answers(q, "mrs-a"));
    CHECK(r.weekly_pence == 34);
    CHECK(r.annual_pence == 34 * 52); // annual is exactly 52 rounded weeks, not a second rounding
}

TEST_CASE("Mr A's carer's score is 23, which is the 500.00 band for 12 months") {
    const Questionnaire q = load_form("CSAQ-D1");
    const RasResult r = run(load_table("CRAS-D1"), q, fixture_answers(q, "mr-a-carer"));
    CHECK(r.kind == RasKind::Carer);
    CHECK(r.n == Rational(23));
    REQUIRE(r.band);
    CHECK(r.band->label == "18-25");
    CHECK(r.annual_pence == 50000);
    CHECK_FALSE(r.band->review_replacement_care);
    CHECK(r.table_id == "CRAS-D1");
}

TEST_CASE("each carers' band starts exactly at its lower score") {
    const RasTable t = load_table("CRAS-D1");
    const std::pair<int, std::int64_t> cases[] = {{0, 0}, {9, 0}, {10, 25000}, {17, 25000}, {18, 50000},
                                                  {25, 50000}, {26, 75000}, {33, 75000}, {34, 100000}, {44, 100000}};
    for (const auto& [score, pence] : cases) {
        ScoringInput input;
        input.answers["C1.1"] = ScoredAnswer{"C1.1", "x", "x", Rational(score)};
        const RasResult r = calculate_ras(t, input, false); // the bands alone: no floor
        CHECK_MESSAGE(r.annual_pence == pence, "score " << score);
    }
}

TEST_CASE("a carer's score of 34 or more prompts a review of replacement care") {
    const RasTable t = load_table("CRAS-D1");
    ScoringInput input;
    input.answers["C2.a"] = ScoredAnswer{"C2.a", "x", "x", Rational(40)};
    const RasResult r = calculate_ras(t, input, true);
    REQUIRE(r.band);
    CHECK(r.band->review_replacement_care);
}

TEST_CASE("a carer indicated eligible is never given nothing: the carers' floor lifts the zero band, only when indicated") {
    const RasTable t = load_table("CRAS-D1");
    CHECK(t.floor_pence == 25000);
    for (int score : {0, 5, 9}) {
        ScoringInput input;
        input.answers["C1.1"] = ScoredAnswer{"C1.1", "x", "x", Rational(score)};
        const RasResult indicated = calculate_ras(t, input, true);
        CHECK_MESSAGE(indicated.annual_pence == 25000, "score " << score);
        CHECK(indicated.floor_applied);
        CHECK(indicated.band->amount_pence == 0); // the score's own band is still reported
        const RasResult not_indicated = calculate_ras(t, input, false);
        CHECK(not_indicated.annual_pence == 0);
        CHECK_FALSE(not_indicated.floor_applied);
    }
    ScoringInput paid;
    paid.answers["C1.1"] = ScoredAnswer{"C1.1", "x", "x", Rational(20)};
    CHECK_FALSE(calculate_ras(t, paid, true).floor_applied); // 500.00 is above the floor
}
