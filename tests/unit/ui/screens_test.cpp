// The skeleton's screens, drawn headless through the Null backend: every control a person can touch
// is at least 44 x 44 px, the page's primary action is on screen even when the content is long, and
// taps become the actions the app expects.
#include "imgui_test_support.h"
#include "ui/root_view.h"
#include "ui/theme.h"
#include "ui/widgets/kiosk_widgets.h"

#include <doctest/doctest.h>

using namespace selfdirect;
using namespace selfdirect::ui;

namespace {

constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

struct Harness {
    std::unique_ptr<platform::Backend> backend = platform::make_null_backend();
    WidgetRegistry registry;
    UiState st;
    ActionSink actions;

    explicit Harness(float scale = 1.0f) {
        std::string error;
        REQUIRE(backend->init(platform::WindowOptions{1280, 800, false, "test"}, error));
        ImGui::CreateContext();
        st.scale = scale;
        apply_theme(st, kFont);
        backend->attach_imgui();
    }
    ~Harness() {
        backend->detach_imgui();
        ImGui::DestroyContext();
        backend->shutdown();
    }
    void frame(const AppView& view) {
        platform::testing::run_frame(*backend, [&] {
            registry.begin_frame();
            draw_root(view, st, actions, registry);
            registry.end_frame();
        });
    }
    void tap(const std::string& id, const AppView& view) {
        const RegisteredControl* c = registry.find(id);
        REQUIRE_MESSAGE(c, "no control ", id);
        backend->input().move_to(c->rect.cx(), c->rect.cy());
        backend->input().button(true);
        frame(view);
        backend->input().button(false);
        frame(view);
        frame(view);
    }
};

AppView choice_page() {
    AppView v;
    v.form_title = "A short check about you";
    v.screen = Screen::Question;
    v.question = {"1.1", "Question 1 of 3", "", {}, "How much help do you need to wash and dress?", core::ItemType::Choice,
                  {"I do not need help", "I need some help", "I need a lot of help"}, -1, -1, "", false, false, ""};
    return v;
}

AppView long_check_page() {
    AppView v;
    v.form_title = "A long form";
    v.screen = Screen::Check;
    for (int i = 0; i < 30; ++i) v.check.rows.push_back({"q" + std::to_string(i), "Question " + std::to_string(i), "An answer"});
    return v;
}

void check_targets(const WidgetRegistry& reg) {
    int interactive = 0;
    for (const auto& c : reg.controls()) {
        if (!c.interactive) continue;
        ++interactive;
        CHECK_MESSAGE(c.rect.width() >= kMinTargetPx, c.id, " is ", c.rect.width(), " px wide");
        CHECK_MESSAGE(c.rect.height() >= kMinTargetPx, c.id, " is ", c.rect.height(), " px high");
    }
    CHECK(interactive > 0);
}

} // namespace

TEST_CASE("every control on the question page is at least 44 by 44 pixels") {
    Harness h;
    h.frame(choice_page());
    h.frame(choice_page());
    check_targets(h.registry);
}

TEST_CASE("tapping an option and then Next emits ChooseOption then Next") {
    Harness h;
    AppView v = choice_page();
    h.frame(v);
    h.frame(v);
    h.tap("I need a lot of help", v);
    h.tap("nav.next", v);
    REQUIRE(h.actions.size() == 2);
    CHECK(h.actions[0].kind == Action::Kind::ChooseOption);
    CHECK(h.actions[0].index == 2);
    CHECK(h.actions[1].kind == Action::Kind::Next);
}

TEST_CASE("submit stays on screen and reachable when the check page is longer than the screen, at double text size") {
    Harness h(2.0f);
    AppView v = long_check_page();
    h.frame(v);
    h.frame(v);
    const RegisteredControl* submit = h.registry.find("nav.submit");
    REQUIRE(submit);
    CHECK(submit->visible);
    CHECK(submit->rect.y1 <= 800.0f);
    const RegisteredControl* last_change = h.registry.find("change.q29");
    REQUIRE(last_change);
    CHECK_FALSE(last_change->visible); // it scrolled; the footer did not
    check_targets(h.registry);
    h.tap("nav.submit", v);
    REQUIRE(h.actions.size() == 1);
    CHECK(h.actions[0].kind == Action::Kind::ShowResult); // the result page, or sending when there is none
}

TEST_CASE("buttons do nothing while the app is busy saving") {
    Harness h;
    AppView v = choice_page();
    v.busy = true;
    h.frame(v);
    h.frame(v);
    h.tap("nav.next", v);
    CHECK(h.actions.empty());
}
