// The result page drawn headless (Null backend, real ImGui, the kiosk font): a bar per RAS section,
// the estimate note always there, urgent notices before everything else, and nothing reaching past
// the window's edge at double text size on a small 800 x 600 screen.
#include "screen_harness.h"
#include "ui/screens/result_screen.h"

#include <doctest/doctest.h>

#include <imgui.h>

#include <string>

using namespace selfdirect;
using namespace selfdirect::ui;

namespace {

struct Harness : ui::testing::ScreenHarness {
    float content_right = 0; // the window's content edge, in screen pixels

    explicit Harness(float scale, int width = 800, int height = 600) : ScreenHarness(scale, width, height) {}
    void frame(const ResultView& view) {
        draw_frame([&] {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
            ImGui::Begin("result", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
            draw_result_screen(view, st, actions, registry);
            content_right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
            ImGui::End();
        });
    }
    void show(const ResultView& view) {
        frame(view); // the first frame sizes the tables
        frame(view);
    }
};

// What app::explain_result gives for Mrs A (brief 8.2), with the longest section titles of the form.
ResultView mrs_a() {
    ResultView v;
    v.heading = "Your estimated personal budget";
    v.weekly_text = "£368.50 a week";
    v.yearly_text = "£19,162.00 a year";
    v.bars_heading = "Points for each part of your answers";
    const std::pair<const char*, double> sections[] = {
        {"Personal care", 10}, {"Eating and drinking", 5}, {"Your home", 5}, {"Health and wellbeing", 3},
        {"Relationships", 2}, {"Community life", 5}, {"Work, learning and volunteering", 0},
        {"Caring for others", 0}, {"Decisions and communication", 2}, {"Staying safe", 3},
        {"More about your needs", 4}};
    for (const auto& [title, points] : sections)
        v.bars.push_back({title, points, points == 0 ? "0 points" : std::to_string(static_cast<int>(points)) + " points"});
    v.max_points = 10;
    v.points_total_text = "Your answers add up to 39 points.";
    v.reduction_text = "Help from family and friends takes off 5.5 points. We count only part of their help, because "
                       "they may not be able to keep it up.";
    v.explanation_heading = "How we worked this out";
    v.explanation = {"That leaves 33.5 points.", "Each point is worth £11.00 a week.", "That comes to £368.50 a week.",
                     "Over a year of 52 weeks, that is £19,162.00."};
    v.eligibility_heading = "You are likely to be eligible for support";
    v.eligibility_outcomes_intro = "You told us you find these hard to do without help:";
    v.eligibility_outcomes = {"Eating and drinking enough", "Keeping yourself clean", "Using the toilet", "Getting dressed",
                              "Moving around your home safely", "Keeping your home clean and safe",
                              "Keeping in touch with family and friends", "Getting out to shops, services and activities"};
    v.eligibility_lines = {"A worker will also look at how much this affects your wellbeing.",
                           "This is not a decision. A worker decides with you, and tells you why."};
    v.notices.push_back({"carer-offer", "Help for the person who helps you",
                         {"The person who helps you can have their own carer's assessment. It is free.",
                          "They can have one even if you do not want support yourself."},
                         false});
    v.estimate_note = "This is an estimate. A worker will check it with you. Nothing is decided yet.";
    return v;
}

ResultView mrs_a_not_safe() {
    ResultView v = mrs_a();
    v.notices.insert(v.notices.begin(), ResultNotice{"safeguarding", "If you are not safe",
                                                     {"If you are in danger now, call 999.",
                                                      "To talk to someone about your safety, call Anytown Council on "
                                                      "01234 567890.",
                                                      "You can also tell a member of staff here."},
                                                     true});
    return v;
}

bool is_bar_id(const std::string& id) {
    const std::string prefix = "result.bar.";
    return id.rfind(prefix, 0) == 0 && id.find('.', prefix.size()) == std::string::npos;  // not ".value", ".fill"
}

} // namespace

TEST_CASE("drawing Mrs A's result registers a bar for every section, labelled with its title, and the estimate note") {
    Harness h(1.0f, 1280, 800);
    const ResultView v = mrs_a();
    h.show(v);
    int bars = 0;
    for (const RegisteredControl& c : h.registry.controls()) {
        if (!is_bar_id(c.id)) continue;
        ++bars;
        CHECK_FALSE(c.interactive);
        CHECK(c.rect.height() > 0);
    }
    CHECK(bars == 11);
    CHECK(h.control("result.bar.0").label == "Personal care");
    CHECK(h.control("result.bar.6").label == "Work, learning and volunteering"); // 0 points: listed, not hidden
    CHECK(h.control("result.bar.0.value").label == "10 points");
    CHECK(h.registry.shows_text("This is an estimate. A worker will check it with you."));
    CHECK(h.registry.shows_text("£368.50 a week"));
    CHECK(h.registry.shows_text("£19,162.00 a year"));
    CHECK(h.registry.shows_text("takes off 5.5 points"));
    CHECK(h.registry.shows_text("You are likely to be eligible for support"));
    CHECK(h.registry.shows_text("Getting dressed"));
    CHECK(h.registry.find("result.notice.carer-offer"));
}

TEST_CASE("bars run down the page in section order, each below the one before") {
    Harness h(1.0f, 1280, 800);
    h.show(mrs_a());
    for (int i = 1; i < 11; ++i)
        CHECK(h.control("result.bar." + std::to_string(i)).rect.y0 >= h.control("result.bar." + std::to_string(i - 1)).rect.y1);
}

TEST_CASE("each bar's length is its points over the largest section's, on one scale for all bars") {
    Harness h(1.0f, 1280, 800);
    h.show(mrs_a());
    const float ten = h.control("result.bar.0.fill").rect.width();   // Personal care, 10: the longest
    const float five = h.control("result.bar.1.fill").rect.width();  // Eating and drinking, 5
    const float two = h.control("result.bar.4.fill").rect.width();   // Relationships, 2
    CHECK(ten > 300.0f);
    CHECK(five == doctest::Approx(ten / 2).epsilon(0.01));
    CHECK(two == doctest::Approx(ten / 5).epsilon(0.01));
    CHECK(h.control("result.bar.6.fill").rect.width() == 0.0f); // no points: an empty track
    CHECK(h.control("result.bar.0.fill").rect.x0 == h.control("result.bar.1.fill").rect.x0);
}

TEST_CASE("nothing on the result page reaches past the window's right edge at double text size on an 800 by 600 screen") {
    Harness h(2.0f, 800, 600);
    h.show(mrs_a_not_safe());
    REQUIRE(h.content_right > 0);
    REQUIRE(h.content_right <= 800.0f);
    int checked = 0;
    for (const RegisteredControl& c : h.registry.controls()) {
        ++checked;
        CHECK_MESSAGE(c.rect.x0 >= 0.0f, c.id, " starts at ", c.rect.x0);
        CHECK_MESSAGE(c.rect.x1 <= h.content_right + 0.5f, c.id, " ends at ", c.rect.x1, " past ", h.content_right);
    }
    CHECK(checked > 30);
    // The page is longer than the screen at this size: it scrolls rather than squeezing.
    CHECK(h.control("result.notice.carer-offer").rect.y0 > 600.0f);
}

TEST_CASE("an urgent safeguarding notice is drawn first, above the budget, and other notices come after eligibility") {
    Harness h(1.0f, 1280, 800);
    h.show(mrs_a_not_safe());
    const RegisteredControl& urgent = h.control("result.notice.safeguarding");
    CHECK(urgent.label == "If you are not safe");
    CHECK(urgent.rect.y1 <= h.control("result.heading").rect.y0);
    CHECK(h.control("result.notice.safeguarding.line.0").label == "If you are in danger now, call 999.");
    // The notice's lines sit inside its border.
    const RegisteredControl& line = h.control("result.notice.safeguarding.line.1");
    CHECK(line.rect.x0 > urgent.rect.x0);
    CHECK(line.rect.x1 < urgent.rect.x1);
    CHECK(line.rect.y1 < urgent.rect.y1);
    CHECK(h.control("result.notice.carer-offer").rect.y0 > h.control("result.eligibility").rect.y1);
    // The border runs the page's whole width, where the notice's background runs: no pink past the
    // red edge (it once stopped where the longest line of text did).
    CHECK(urgent.rect.x1 == doctest::Approx(h.content_right).epsilon(0.002));
    CHECK(h.control("result.notice.carer-offer").rect.x1 == doctest::Approx(h.content_right).epsilon(0.002));
}

TEST_CASE("a carer's result shows the yearly allocation as the main figure and no weekly figure") {
    Harness h(1.0f, 1280, 800);
    ResultView v;
    v.carer = true;
    v.heading = "Your estimated carer's budget";
    v.yearly_text = "£500.00 a year as a one-off carer's payment";
    v.bars = {{"Caring and you", 10, "10 points"}, {"Because of caring, can you…", 9, "9 points"}};
    v.max_points = 10;
    v.estimate_note = "This is an estimate. A worker will check it with you. Nothing is decided yet.";
    h.show(v);
    CHECK(h.control("result.yearly").label == "£500.00 a year as a one-off carer's payment");
    CHECK_FALSE(h.registry.find("result.weekly"));
    CHECK(h.control("result.yearly").rect.y0 >= h.control("result.heading").rect.y1);
    CHECK(h.control("result.bar.1").label == "Because of caring, can you…");
}

TEST_CASE("the charging caveat is drawn right under the figure, before the estimate note") {
    Harness h(1.0f, 1280, 800);
    ResultView v = mrs_a();
    v.charging_text = "You may have to pay towards the cost of your support. The council works out what you pay "
                      "separately, in a financial assessment, after it agrees your support with you.";
    h.show(v);
    const RegisteredControl& charging = h.control("result.charging");
    CHECK(charging.label.find("You may have to pay") == 0);
    CHECK(charging.rect.y0 >= h.control("result.yearly").rect.y1);
    CHECK(charging.rect.y1 <= h.control("result.estimate").rect.y0);
}

TEST_CASE("a page without a figure draws the council's information and advice where the figure would be") {
    Harness h(2.0f);
    ResultView v = mrs_a();
    v.heading = "Information and advice for you";
    v.weekly_text.clear();
    v.yearly_text.clear();
    v.explanation.clear();
    v.advice_lines = {"We have not shown an estimated budget, because your answers do not suggest you are eligible yet. "
                      "A worker will still look at your answers with you.",
                      "Anytown Council gives free information and advice about care and support: what could help you "
                      "now, and how to stop things getting harder later.",
                      "You can read it at www.anytown.gov.uk/care.", "To talk to someone, call Anytown Council on 01234 200200."};
    h.show(v);
    CHECK_FALSE(h.registry.find("result.weekly"));
    CHECK_FALSE(h.registry.find("result.yearly"));
    CHECK_FALSE(h.registry.find("result.charging"));
    CHECK(h.control("result.advice.0").rect.y0 >= h.control("result.heading").rect.y1);
    CHECK(h.control("result.advice.3").rect.y0 > h.control("result.advice.2").rect.y0);
    CHECK(h.control("result.advice.3").rect.y1 <= h.control("result.estimate").rect.y0);
    for (const RegisteredControl& c : h.registry.controls())
        CHECK_MESSAGE(c.rect.x1 <= h.content_right + 0.5f, c.id, " ends at ", c.rect.x1);
}
