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
    CHECK(has_line(v.explanation, "You only get a budget if a worker decides you are eligible"));
    CHECK(v.weekly_text == "£11.00 a week"); // no floor for someone not indicated eligible
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
                                   v.explanation_heading, v.eligibility_heading, v.eligibility_outcomes_intro};
    texts.insert(texts.end(), v.explanation.begin(), v.explanation.end());
    texts.insert(texts.end(), v.eligibility_outcomes.begin(), v.eligibility_outcomes.end());
    texts.insert(texts.end(), v.eligibility_lines.begin(), v.eligibility_lines.end());
    for (const ui::ResultNotice& n : v.notices) {
        texts.push_back(n.heading);
        texts.insert(texts.end(), n.lines.begin(), n.lines.end());
    }
    for (const std::string& t : texts) CHECK_MESSAGE(translated(t), "not through tr: ", t);
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
