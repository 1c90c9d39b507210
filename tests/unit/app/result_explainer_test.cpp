// The result page's words for the brief's worked examples (Mrs A, Mr A as carer) and for the cases
// that change them (a safeguarding answer, advocacy, the cap, the floor, a panel), through the real
// forms, tables and outcome maps; and the explained pages drawn at double text size on a small screen.
#include "app/result_explainer.h"

#include "../core/ras_test_support.h"
#include "../ui/imgui_test_support.h"
#include "core/assessment.h"
#include "ui/screens/result_screen.h"
#include "ui/theme.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace ras_test;
using selfdirect::app::ExplainOptions;
using selfdirect::app::explain_result;
using selfdirect::app::format_money;
using selfdirect::app::ShowBudget;
namespace ui = selfdirect::ui;

namespace {

struct Rules {
    Questionnaire q;
    AssessmentRules rules;
};

Rules rules_for(const std::string& form, const std::string& table, bool with_map = true) {
    Rules r{load_form(form), {}};
    const std::string map = with_map ? read_text("assets/eligibility/" + form + ".json") : "";
    auto rules = load_assessment_rules(read_text("assets/forms/" + form + ".json"), r.q,
                                       read_text("assets/ras/" + table + ".json"),
                                       with_map ? std::optional<std::string_view>(map) : std::nullopt);
    REQUIRE_MESSAGE(rules.ok(), (rules.ok() ? "" : rules.error().message));
    r.rules = std::move(rules.value());
    return r;
}

ExplainOptions anytown() {
    ExplainOptions o;
    o.council_name = "Anytown Council";
    o.safeguarding_phone = "01234 100100";
    o.advice_line = "01234 200200";
    o.advocacy_contact = "Anytown Advocacy on 01234 300300";
    return o;
}

ui::ResultView explained(const Rules& r, const Answers& a, const ExplainOptions& o = anytown()) {
    return explain_result(r.q, assess(r.q, r.rules, a), o);
}

bool has_line(const std::vector<std::string>& lines, const std::string& part) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(part) != std::string::npos; });
}

const ui::ResultNotice* notice(const ui::ResultView& v, const std::string& id) { // points into `v`: keep it alive
    for (const ui::ResultNotice& n : v.notices)
        if (n.id == id) return &n;
    return nullptr;
}

Answers mrs_a_not_safe(const Questionnaire& q) {
    Answers a = fixture_answers(q, "mrs-a");
    choose(q, a, "10.3.a", "talk");
    return a;
}

} // namespace

TEST_CASE("money is written with a pound sign, pence and thousands separators") {
    CHECK(format_money(0) == "£0.00");
    CHECK(format_money(99) == "£0.99");
    CHECK(format_money(36850) == "£368.50");
    CHECK(format_money(100000) == "£1,000.00");
    CHECK(format_money(1916200) == "£19,162.00");
    CHECK(format_money(123456789) == "£1,234,567.89");
}

TEST_CASE("Mrs A's result says 368.50 a week and 19,162.00 a year, with a bar for each of the 11 sections") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    const ui::ResultView v = explained(r, fixture_answers(r.q, "mrs-a"));
    CHECK_FALSE(v.carer);
    CHECK(v.heading == "Your estimated personal budget");
    CHECK(v.weekly_text == "£368.50 a week");
    CHECK(v.yearly_text == "£19,162.00 a year");
    REQUIRE(v.bars.size() == 11);
    CHECK(v.bars[0].label == "Personal care");
    CHECK(v.bars[0].points == 10);
    CHECK(v.bars[0].value_text == "10 points");
    CHECK(v.bars[6].value_text == "0 points");
    CHECK(v.bars[10].label == "More about your needs"); // the form's heading, as the person saw it
    CHECK(v.max_points == 10);
    CHECK(v.points_total_text == "Your answers add up to 39 points.");
    CHECK(has_line(v.explanation, "That leaves 33.5 points."));
    CHECK(has_line(v.explanation, "Each point is worth £11.00 a week."));
    CHECK(has_line(v.explanation, "That comes to £368.50 a week."));
    CHECK(has_line(v.explanation, "Over a year of 52 weeks, that is £19,162.00."));
    CHECK_FALSE(has_line(v.explanation, "complex"));
    CHECK(v.estimate_note == "This is an estimate. A worker will check it with you. Nothing is decided yet.");
}

TEST_CASE("the reduction for help from family and friends is said in points, and why only part of it counts") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    const ui::ResultView v = explained(r, fixture_answers(r.q, "mrs-a"));
    CHECK(v.reduction_text.find("Help from family and friends takes off 5.5 points.") == 0);
    CHECK(v.reduction_text.find("only part of their help") != std::string::npos); // Mr A: "it's getting hard"
    const ui::ResultView willing = explained(r, fixture_answers(r.q, "mrs-a-willing-and-able"));
    CHECK(willing.reduction_text == "Help from family and friends takes off 11 points.");
    const ui::ResultView alone = explained(r, fixture_answers(r.q, "mrs-a-no-unpaid-help"));
    CHECK(alone.reduction_text.empty());
    CHECK(alone.weekly_text == "£429.00 a week");
    CHECK_FALSE(has_line(alone.explanation, "That leaves"));
}

TEST_CASE("Mrs A is told she is likely to be eligible, with the eight things she finds hard in plain words") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    const ui::ResultView v = explained(r, fixture_answers(r.q, "mrs-a"));
    CHECK(v.eligibility_heading == "You are likely to be eligible for support");
    CHECK(v.eligibility_outcomes_intro == "You told us you find these hard to do without help:");
    REQUIRE(v.eligibility_outcomes.size() == 8);
    CHECK(v.eligibility_outcomes[0] == "Eating and drinking enough");
    CHECK(v.eligibility_outcomes[3] == "Getting dressed");
    CHECK(v.eligibility_outcomes[7] == "Getting out to shops, services and activities");
    CHECK(has_line(v.eligibility_lines, "how much this affects your wellbeing")); // condition 3: the worker's
    CHECK(has_line(v.eligibility_lines, "This is not a decision."));
}

TEST_CASE("someone with few needs is told they may not be eligible but a worker will still talk to them") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    Answers a = answers_with(r.q, saq_all_low());
    choose(r.q, a, "1.1", "B");
    const ui::ResultView v = explained(r, a);
    CHECK(v.eligibility_heading == "You may not be eligible, but a worker will still talk to you");
    CHECK(v.eligibility_outcomes == std::vector<std::string>{"Keeping yourself clean"});
    CHECK(has_line(v.eligibility_lines, "at least 2 everyday things"));
    CHECK(v.weekly_text.empty()); // by default no figure for someone not indicated eligible...
    CHECK(v.shown.advice_instead); // ...but the council's information and advice
    ExplainOptions always = anytown();
    always.show_budget = ShowBudget::Always;
    const ui::ResultView shown = explained(r, a, always);
    CHECK(has_line(shown.explanation, "You only get a budget if a worker decides you are eligible"));
    CHECK(shown.weekly_text == "£11.00 a week"); // no floor for someone not indicated eligible
}

TEST_CASE("a safeguarding answer puts an urgent notice with 999 and the council's safeguarding number first") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    const ui::ResultView v = explained(r, mrs_a_not_safe(r.q));
    REQUIRE_FALSE(v.notices.empty());
    const ui::ResultNotice& first = v.notices.front();
    CHECK(first.id == "safeguarding");
    CHECK(first.urgent);
    CHECK(first.heading == "If you are not safe");
    CHECK(has_line(first.lines, "If you are in danger now, call 999."));
    CHECK(has_line(first.lines, "call Anytown Council on 01234 100100"));
    CHECK(notice(v, "carer-offer"));
    CHECK_FALSE(notice(v, "carer-offer")->urgent);
    CHECK(v.weekly_text == "£368.50 a week"); // a flag never changes the budget
}

TEST_CASE("without a safeguarding phone the safeguarding notice still says to call 999 and tell staff") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    const ui::ResultView v = explained(r, mrs_a_not_safe(r.q), ExplainOptions{});
    const ui::ResultNotice* n = notice(v, "safeguarding");
    REQUIRE(n);
    CHECK(has_line(n->lines, "call 999"));
    CHECK(has_line(n->lines, "member of staff"));
    CHECK_FALSE(has_line(n->lines, " on "));
}

TEST_CASE("an advocacy answer explains independent advocates and who to contact") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    Answers a = fixture_answers(r.q, "mrs-a");
    choose(r.q, a, "9.2.e", "no"); // Mrs A finds remembering hard (9.2.b), and nobody unpaid can help
    const ui::ResultView v = explained(r, a);
    const ui::ResultNotice* n = notice(v, "advocacy");
    REQUIRE(n);
    CHECK_FALSE(n->urgent);
    CHECK(has_line(n->lines, "You can have an independent advocate."));
    CHECK(has_line(n->lines, "contact Anytown Advocacy on 01234 300300"));
    CHECK_FALSE(notice(explained(r, fixture_answers(r.q, "mrs-a")), "advocacy"));
}

TEST_CASE("Mrs A is told her husband can have his own carer's assessment, and how to ask") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    const ui::ResultView v = explained(r, fixture_answers(r.q, "mrs-a"));
    const ui::ResultNotice* n = notice(v, "carer-offer");
    REQUIRE(n);
    CHECK(has_line(n->lines, "their own carer's assessment"));
    CHECK(has_line(n->lines, "call Anytown Council on 01234 200200"));
    CHECK_FALSE(notice(explained(r, fixture_answers(r.q, "mrs-a-no-unpaid-help")), "carer-offer"));
}

TEST_CASE("Mr A as a carer is told 500.00 a year as a one-off carer's payment, with no weekly figure") {
    const Rules r = rules_for("CSAQ-D1", "CRAS-D1");
    const ui::ResultView v = explained(r, fixture_answers(r.q, "mr-a-carer"));
    CHECK(v.carer);
    CHECK(v.heading == "Your estimated carer's budget");
    CHECK(v.weekly_text.empty());
    CHECK(v.yearly_text == "£500.00 a year as a one-off carer's payment");
    CHECK(v.bars.size() == 4);
    CHECK(v.points_total_text == "Your answers add up to 23 points.");
    CHECK(has_line(v.explanation, "Scores of 18-25 points lead to £500.00."));
    CHECK(has_line(v.explanation, "A one-off carer's personal budget for 12 months")); // the table's offer
    CHECK(v.reduction_text.empty());
    CHECK(v.eligibility_heading == "You are likely to be eligible for support as a carer");
    CHECK(v.eligibility_outcomes ==
          std::vector<std::string>{"Keeping in touch with family and friends", "Having time for yourself"});
    CHECK(has_line(v.eligibility_lines, "caring is affecting your health"));
    CHECK(has_line(v.eligibility_lines, "needs the care you give")); // carers' condition 1 is the worker's
    CHECK(notice(v, "emergency-plan-offer"));
    CHECK(v.estimate_note == "This is an estimate. A worker will check it with you. Nothing is decided yet.");
}

TEST_CASE("a carer who cannot carry on caring gets an urgent notice first") {
    const Rules r = rules_for("CSAQ-D1", "CRAS-D1");
    Answers a = fixture_answers(r.q, "mr-a-carer");
    choose(r.q, a, "C4", "no");
    const ui::ResultView v = explained(r, a);
    REQUIRE_FALSE(v.notices.empty());
    CHECK(v.notices.front().id == "carer-urgent");
    CHECK(v.notices.front().urgent);
    CHECK(has_line(v.notices.front().lines, "call Anytown Council on 01234 200200"));
}

TEST_CASE("when family help would take off more than the cap, the cap is said as the most it can take off") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    Answers a = answers_with(r.q, saq_all_low());
    for (const char* id : {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2"}) choose(r.q, a, id, "E");
    choose(r.q, a, "12.1", "yes");
    for (const char* id : {"12.2.1", "12.2.2", "12.2.3", "12.2.11"}) choose(r.q, a, id, "all");
    choose(r.q, a, "12.3", "yes");
    const AssessmentResult result = assess(r.q, r.rules, a);
    REQUIRE(result.ras.cap_applied);
    const ui::ResultView v = explain_result(r.q, result, anytown());
    CHECK(v.reduction_text.find("takes off " + result.ras.r.to_decimal() + " points.") != std::string::npos);
    CHECK(v.reduction_text.find("This is the most it can take off: 40% of your points.") != std::string::npos);
}

TEST_CASE("very high needs are sent to a worker to cost, with the ceiling said in plain words") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    Answers a = answers_with(r.q, saq_all_low());
    for (const char* id : {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "5.1", "6.1", "6.2", "9.1"})
        choose(r.q, a, id, "E");
    for (const auto& [id, code] : std::map<std::string, std::string>{{"4.2", "most-of-the-time"}, {"10.1", "high"},
                                                                      {"10.2", "often"}, {"11.1", "every-night"},
                                                                      {"11.2", "yes"}, {"11.3", "yes"}, {"11.4", "yes"}})
        choose(r.q, a, id, code);
    const ui::ResultView v = explained(r, a); // N 94: at least 90, and 94 x 11.00 is over the 1,000.00 ceiling
    CHECK(v.weekly_text == "£1,000.00 a week");
    CHECK(v.explanation.front() == "Your needs are complex, so a worker will work out your budget with you.");
    CHECK(has_line(v.explanation, "The most this estimate can show is £1,000.00 a week."));
}

TEST_CASE("without an outcome map a small estimate is raised to the floor and eligibility is left to the worker") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1", /*with_map=*/false);
    Answers a = answers_with(r.q, saq_all_low());
    choose(r.q, a, "1.1", "B");
    const ui::ResultView v = explained(r, a);
    CHECK(v.weekly_text == "£30.00 a week");
    CHECK(has_line(v.explanation, "That comes to £11.00 a week."));
    CHECK(has_line(v.explanation, "The smallest budget is £30.00 a week"));
    CHECK(v.eligibility_heading == "A worker will check with you whether you are eligible for support");
    CHECK(v.eligibility_outcomes.empty());
}

TEST_CASE("every fixed sentence goes through the translation hook, and figures go in after translating") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    ExplainOptions o = anytown();
    o.tr = [](std::string_view s) { return "<" + std::string(s) + ">"; };
    const ui::ResultView v = explained(r, mrs_a_not_safe(r.q), o);
    CHECK(v.weekly_text == "<£368.50 a week>");
    CHECK(v.yearly_text == "<£19,162.00 a year>");
    CHECK(v.bars[0].value_text == "<10 points>");
    CHECK(v.reduction_text.find("<Help from family and friends takes off <5.5 points>.>") == 0);
    auto translated = [](const std::string& s) { return s.size() >= 2 && s.front() == '<' && s.back() == '>'; };
    std::vector<std::string> texts{v.heading, v.estimate_note, v.points_total_text, v.bars_heading,
                                   v.explanation_heading, v.eligibility_heading, v.eligibility_outcomes_intro,
                                   v.charging_text};
    // The pages that show no figure: advice instead (s.13(5)), and the young carers' route.
    Answers no_condition = fixture_answers(r.q, "mrs-a");
    choose(r.q, no_condition, "0.1", "no");
    const ui::ResultView advice = explained(r, no_condition, o);
    REQUIRE_FALSE(advice.advice_lines.empty());
    texts.push_back(advice.heading);
    texts.insert(texts.end(), advice.advice_lines.begin(), advice.advice_lines.end());
    const Rules carer = rules_for("CSAQ-D1", "CRAS-D1");
    Answers young = fixture_answers(carer.q, "mr-a-carer");
    choose(carer.q, young, "C0.5", "yes");
    const ui::ResultView young_view = explained(carer, young, o);
    texts.push_back(young_view.heading);
    texts.push_back(young_view.estimate_note);
    texts.insert(texts.end(), young_view.advice_lines.begin(), young_view.advice_lines.end());
    texts.insert(texts.end(), v.explanation.begin(), v.explanation.end());
    texts.insert(texts.end(), v.eligibility_outcomes.begin(), v.eligibility_outcomes.end());
    texts.insert(texts.end(), v.eligibility_lines.begin(), v.eligibility_lines.end());
    for (const ui::ResultNotice& n : v.notices) {
        texts.push_back(n.heading);
        texts.insert(texts.end(), n.lines.begin(), n.lines.end());
    }
    for (const std::string& t : texts) CHECK_MESSAGE(translated(t), "not through tr: ", t);
}

namespace {

ExplainOptions showing(ShowBudget show) {
    ExplainOptions o = anytown();
    o.advice_website = "www.anytown.gov.uk/care";
    o.young_carers_contact = "Anytown Young Carers on 01234 400400";
    o.show_budget = show;
    return o;
}

// Mrs A's answers from someone who says they have no illness, condition or disability: condition 1
// not met, so not indicated, though the RAS alone would say 368.50 a week.
Answers mrs_a_no_condition(const Questionnaire& q) {
    Answers a = fixture_answers(q, "mrs-a");
    choose(q, a, "0.1", "no");
    return a;
}

Answers zero_band_carer(const Questionnaire& q, const std::string& health) {
    std::map<std::string, std::string> codes{{"C0.5", "no"}, {"C1.1", "under-10"}, {"C1.2", "never"}, {"C3", health}, {"C4", "yes"}};
    for (char c = 'a'; c <= 'h'; ++c) codes[std::string("C2.") + c] = "no-impact";
    return answers_with(q, codes);
}

bool says_money(const ui::ResultView& v) {
    auto money = [](const std::string& s) { return s.find("£") != std::string::npos; };
    if (money(v.weekly_text) || money(v.yearly_text)) return true;
    return std::any_of(v.explanation.begin(), v.explanation.end(), money) ||
           std::any_of(v.advice_lines.begin(), v.advice_lines.end(), money);
}

} // namespace

TEST_CASE("a carer under 18 is told about the young carers' route and given its contact, with no figure and no adult indicator") {
    const Rules r = rules_for("CSAQ-D1", "CRAS-D1");
    Answers a = fixture_answers(r.q, "mr-a-carer"); // 500.00 a year and indicated, as an adult
    choose(r.q, a, "C0.5", "yes");
    for (ShowBudget show : {ShowBudget::Always, ShowBudget::WhenIndicated, ShowBudget::Never}) {
        const ui::ResultView v = explained(r, a, showing(show));
        CHECK(v.heading == "Support for young carers");
        CHECK(v.weekly_text.empty());
        CHECK(v.yearly_text.empty());
        CHECK_FALSE(says_money(v));
        CHECK(v.eligibility_heading.empty()); // no reg 3 indicator for a child
        CHECK(v.eligibility_outcomes.empty());
        CHECK(v.bars.empty()); // no adult carer's points to explain either
        CHECK(has_line(v.advice_lines, "You told us you are under 18."));
        CHECK(has_line(v.advice_lines, "A worker will contact you about a young carer's assessment."));
        CHECK(has_line(v.advice_lines, "contact Anytown Young Carers on 01234 400400"));
        CHECK_FALSE(notice(v, "young-carer")); // the page itself is about it
        CHECK_FALSE(v.shown.figure);
        CHECK(v.shown.young_carer_route);
        CHECK(v.shown.indicator == "young carer");
        CHECK(v.shown.annual_pence == 0);
    }
    // Without a young carers' contact, the council's own line.
    const ui::ResultView plain = explained(r, a, anytown());
    CHECK(has_line(plain.advice_lines, "call Anytown Council on 01234 200200 and ask about young carers"));
}

TEST_CASE("a carer indicated eligible whose score pays nothing is shown the lowest paid band, never that it leads to no payment") {
    const Rules r = rules_for("CSAQ-D1", "CRAS-D1");
    const ui::ResultView v = explained(r, zero_band_carer(r.q, "getting-worse"));
    CHECK(v.eligibility_heading == "You are likely to be eligible for support as a carer");
    CHECK(v.yearly_text == "£250.00 a year as a one-off carer's payment");
    CHECK(has_line(v.explanation, "raised to the smallest carer's payment, £250.00"));
    CHECK_FALSE(has_line(v.explanation, "do not lead to a payment"));
    CHECK(v.shown.figure);
    CHECK(v.shown.annual_pence == 25000);

    // Not indicated: no floor. Shown only when the council shows every figure.
    ExplainOptions always = anytown();
    always.show_budget = ShowBudget::Always;
    const ui::ResultView not_indicated = explained(r, zero_band_carer(r.q, "no"), always);
    CHECK(not_indicated.yearly_text.empty());
    CHECK(not_indicated.heading == "Information and advice for you"); // no budget to head
    CHECK(not_indicated.shown.advice_instead);
    CHECK(has_line(not_indicated.explanation, "Scores of 0-9 points do not lead to a payment."));
    CHECK(not_indicated.shown.annual_pence == 0);
}

TEST_CASE("show_budget when_indicated, the default, gives someone not indicated the council's information and advice, not a figure") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    CHECK(ExplainOptions{}.show_budget == ShowBudget::WhenIndicated);
    const ui::ResultView v = explained(r, mrs_a_no_condition(r.q), showing(ShowBudget::WhenIndicated));
    CHECK(v.eligibility_heading == "You may not be eligible, but a worker will still talk to you");
    CHECK(v.heading == "Information and advice for you");
    CHECK(v.weekly_text.empty());
    CHECK(v.yearly_text.empty());
    CHECK_FALSE(says_money(v));
    CHECK(v.charging_text.empty());
    CHECK(has_line(v.advice_lines, "Anytown Council gives free information and advice about care and support"));
    CHECK(has_line(v.advice_lines, "www.anytown.gov.uk/care"));
    CHECK(has_line(v.advice_lines, "call Anytown Council on 01234 200200"));
    CHECK(v.shown.advice_instead);
    CHECK_FALSE(v.shown.figure);
    CHECK(v.estimate_note.find("estimate") == std::string::npos); // no figure, so nothing is called an estimate
    CHECK(v.shown.indicator == "not indicated");
    REQUIRE_FALSE(v.bars.empty()); // the points are still explained
    ExplainOptions unnamed = showing(ShowBudget::WhenIndicated);
    unnamed.council_name = "the council"; // the profile's default, starting a sentence
    CHECK(has_line(explained(r, mrs_a_no_condition(r.q), unnamed).advice_lines, "The council gives free information"));

    const ui::ResultView indicated = explained(r, fixture_answers(r.q, "mrs-a"), showing(ShowBudget::WhenIndicated));
    CHECK(indicated.weekly_text == "£368.50 a week");
    CHECK(indicated.estimate_note.rfind("This is an estimate.", 0) == 0);
    CHECK(indicated.advice_lines.empty());
    CHECK(indicated.shown.figure);
    CHECK(indicated.shown.weekly_pence == 36850);
    CHECK(indicated.shown.indicator == "indicated");
    CHECK(indicated.shown.reasons == std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "i"});
}

TEST_CASE("show_budget always shows the figure to someone not indicated, saying a budget needs a worker's decision") {
    const Rules r = rules_for("SAQ-D1", "RAS-D1");
    const ui::ResultView v = explained(r, mrs_a_no_condition(r.q), showing(ShowBudget::Always));
    CHECK(v.weekly_text == "£368.50 a week");
    CHECK(has_line(v.explanation, "You only get a budget if a worker decides you are eligible"));
    CHECK(v.advice_lines.empty());
    CHECK(v.shown.figure);
    CHECK(v.shown.indicator == "not indicated");
}

TEST_CASE("show_budget never shows no figure even to someone indicated, and gives information and advice instead") {
    const Rules adult = rules_for("SAQ-D1", "RAS-D1");
    const ui::ResultView v = explained(adult, fixture_answers(adult.q, "mrs-a"), showing(ShowBudget::Never));
    CHECK(v.weekly_text.empty());
    CHECK_FALSE(says_money(v));
    CHECK(has_line(v.advice_lines, "We do not show an estimated budget here."));
    CHECK(has_line(v.advice_lines, "free information and advice"));
    CHECK(v.eligibility_heading == "You are likely to be eligible for support"); // the indicator still shows
    CHECK_FALSE(v.shown.figure);
    const Rules carer = rules_for("CSAQ-D1", "CRAS-D1");
    const ui::ResultView c = explained(carer, fixture_answers(carer.q, "mr-a-carer"), showing(ShowBudget::Never));
    CHECK(c.yearly_text.empty());
    CHECK_FALSE(says_money(c));
    CHECK(c.shown.advice_instead);
}

TEST_CASE("whenever a figure is shown, the page says the person may have to pay towards it") {
    const Rules adult = rules_for("SAQ-D1", "RAS-D1");
    const Rules carer = rules_for("CSAQ-D1", "CRAS-D1");
    const Rules no_map = rules_for("SAQ-D1", "RAS-D1", /*with_map=*/false);
    int figures = 0;
    for (ShowBudget show : {ShowBudget::Always, ShowBudget::WhenIndicated, ShowBudget::Never}) {
        const ui::ResultView views[] = {
            explained(adult, fixture_answers(adult.q, "mrs-a"), showing(show)),
            explained(adult, mrs_a_no_condition(adult.q), showing(show)),
            explained(carer, fixture_answers(carer.q, "mr-a-carer"), showing(show)),
            explained(carer, zero_band_carer(carer.q, "getting-worse"), showing(show)),
            explained(no_map, fixture_answers(no_map.q, "mrs-a"), showing(show)),
        };
        for (const ui::ResultView& v : views) {
            CHECK(v.shown.figure == says_money(v));
            CHECK(v.shown.figure == !v.charging_text.empty());
            CHECK(v.shown.charging_caveat == v.shown.figure);
            CHECK(v.shown.advice_instead == !v.shown.figure);
            if (v.shown.figure) {
                ++figures;
                CHECK(v.charging_text.find("You may have to pay towards the cost of your support.") == 0);
                CHECK(v.charging_text.find("financial assessment") != std::string::npos);
            }
        }
    }
    CHECK(figures == 9); // always: 5; when indicated: the 3 indicated and the one without a map; never: 0
}

TEST_CASE("the explained pages for Mrs A, not safe, and Mr A fit an 800 by 600 screen at double text size") {
    using namespace selfdirect::ui;
    const Rules adult = rules_for("SAQ-D1", "RAS-D1");
    const Rules carer = rules_for("CSAQ-D1", "CRAS-D1");
    Answers not_safe = mrs_a_not_safe(adult.q);
    choose(adult.q, not_safe, "9.2.e", "no");
    const ResultView views[] = {explained(adult, not_safe), explained(carer, fixture_answers(carer.q, "mr-a-carer"))};

    auto backend = platform::make_null_backend();
    std::string error;
    REQUIRE(backend->init(platform::WindowOptions{800, 600, false, "test"}, error));
    ImGui::CreateContext();
    UiState st;
    st.scale = 2.0f;
    apply_theme(st, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    backend->attach_imgui();
    for (const ResultView& view : views) {
        WidgetRegistry reg;
        ActionSink actions;
        float right = 0;
        for (int frame = 0; frame < 2; ++frame) {
            platform::testing::run_frame(*backend, [&] {
                reg.begin_frame();
                ImGui::SetNextWindowPos(ImVec2(0, 0));
                ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
                ImGui::Begin("result", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
                draw_result_screen(view, st, actions, reg);
                right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
                ImGui::End();
                reg.end_frame();
            });
        }
        CHECK(reg.controls().size() > 20);
        for (const RegisteredControl& c : reg.controls())
            CHECK_MESSAGE(c.rect.x1 <= right + 0.5f, c.id, " ends at ", c.rect.x1, " past ", right);
        CHECK(reg.shows_text("This is an estimate."));
        CHECK(actions.empty());
    }
    backend->detach_imgui();
    ImGui::DestroyContext();
    backend->shutdown();
}
