// The tablet header's sync status line, drawn headless through the Null backend: the line the app
// gives is shown under the title on every page, a view without one (a kiosk) shows no sync text at
// all, and the line does not push the page's primary action off the screen at double text size.
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
    void frames(const AppView& view) {
        for (int i = 0; i < 2; ++i)
            platform::testing::run_frame(*backend, [&] {
                registry.begin_frame();
                draw_root(view, st, actions, registry);
                registry.end_frame();
            });
    }
};

AppView question_page(std::string sync_header) {
    AppView v;
    v.form_title = "A short check about you";
    v.screen = Screen::Question;
    v.question = {"1.1", "Question 1 of 3", "", {}, "How much help do you need to wash and dress?", core::ItemType::Choice,
                  {"I do not need help", "I need some help", "I need a lot of help"}, -1, -1, "", false, false, ""};
    v.sync_header = std::move(sync_header);
    return v;
}

} // namespace

TEST_CASE("a tablet shows its sync status line in the header, under the title") {
    Harness h;
    h.frames(question_page("3 records waiting to send · Could not reach the council — will try again"));
    const RegisteredControl* line = h.registry.find("header.sync");
    REQUIRE(line);
    CHECK(line->label == "3 records waiting to send · Could not reach the council — will try again");
    CHECK(line->visible);
    CHECK_FALSE(line->interactive);
    const RegisteredControl* title = h.registry.find("header.title");
    REQUIRE(title);
    CHECK(line->rect.y0 >= title->rect.y1); // below the title, not over it
    const RegisteredControl* progress = h.registry.find("question.progress");
    REQUIRE(progress);
    CHECK(line->rect.y1 <= progress->rect.y0); // and above the page
}

TEST_CASE("a view without a sync line (a kiosk) shows nothing about sync in the header") {
    Harness h;
    h.frames(question_page(""));
    CHECK(h.registry.find("header.sync") == nullptr);
    CHECK_FALSE(h.registry.shows_text("records"));
    // The staff page on a kiosk has no header line either: its status is in the page itself.
    AppView staff;
    staff.screen = Screen::StaffStatus;
    staff.sync.state = "Sending 150 of 2,000 records";
    h.frames(staff);
    CHECK(h.registry.find("header.sync") == nullptr);
    const RegisteredControl* state = h.registry.find("staff.state");
    REQUIRE(state);
    CHECK(state->label == "Sending 150 of 2,000 records");
}

TEST_CASE("with the header line at double text size the primary action stays on screen") {
    Harness h(2.0f);
    h.frames(question_page("Sending 1,150 of 2,000 records"));
    REQUIRE(h.registry.find("header.sync"));
    const RegisteredControl* next = h.registry.find("nav.next");
    REQUIRE(next);
    CHECK(next->visible);
    CHECK(next->rect.y1 <= 800.0f);
}
