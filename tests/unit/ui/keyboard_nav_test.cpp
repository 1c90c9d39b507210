// The keyboard and switch navigation shim (src/ui/platform/keyboard_nav.h) on a real ImGui context
// through the Null backend: keys go in through the same InputDriver a script uses, and the page is
// laid out like root_view's (header buttons, a flattened scrolling content child, footer buttons).
#include "imgui_test_support.h"
#include "ui/platform/keyboard_nav.h"

#include <imgui.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

using namespace selfdirect::ui::platform;
using namespace selfdirect::ui::platform::testing;

namespace {

std::unique_ptr<Backend> null_backend() { return started_null_backend(800, 600); }

// The app's context (ui/theme.cpp) has keyboard navigation on.
struct NavContext : AttachedContext {
    explicit NavContext(Backend& backend) : AttachedContext(backend) {
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    }
};

selfdirect::ui::Rect rect_of_last_item() {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    return {a.x, a.y, b.x, b.y};
}

// A page like the kiosk's: "save" and "clear" in the header, three options (and optionally a text
// field) in a scrolling child window, "back" and "next" in the footer. "next" turns the page.
struct Page {
    int page = 1;
    bool with_text = false;
    std::string text;
    std::map<std::string, int> presses;
    std::map<std::string, selfdirect::ui::Rect> rects;
    std::vector<std::string> order; // controls in drawing order, this frame

    void button(const std::string& id, float width = 0) {
        // "###id": the id survives a label change, as the kiosk widgets' do.
        if (ImGui::Button((id + "###" + id).c_str(), ImVec2(width, 48))) ++presses[id];
        rects[id] = rect_of_last_item();
        order.push_back(id);
    }

    void operator()() {
        order.clear();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("root", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                          ImGuiWindowFlags_NoBringToFrontOnFocus);
        ImGui::PushID(page); // every page its own id scope, as root_view does
        button("save");
        ImGui::SameLine();
        button("clear");
        ImGui::BeginChild("content", ImVec2(0, -80), false, ImGuiWindowFlags_NavFlattened);
        for (int i = 1; i <= 3; ++i) button("option." + std::to_string(i), -1);
        if (with_text) {
            char buf[256];
            std::snprintf(buf, sizeof buf, "%s", text.c_str());
            if (ImGui::InputTextMultiline("##answer", buf, sizeof buf, ImVec2(-1, 100))) text = buf;
            rects["answer"] = rect_of_last_item();
            order.push_back("answer");
        }
        ImGui::EndChild();
        button("back");
        ImGui::SameLine();
        button("next");
        ImGui::PopID();
        ImGui::End();
        if (presses["next"] >= page) ++page;
    }

    // Which control the shim reports as focused (by its rectangle), or "" for none.
    std::string focused() const {
        const auto r = focused_rect();
        if (!r) return "";
        for (const auto& [id, rect] : rects) {
            if (std::find(order.begin(), order.end(), id) == order.end()) continue;
            if (std::abs(rect.x0 - r->x0) < 1 && std::abs(rect.y0 - r->y0) < 1 && std::abs(rect.x1 - r->x1) < 1 &&
                std::abs(rect.y1 - r->y1) < 1)
                return id;
        }
        return "?";
    }
};

void settle(Backend& backend, Page& page, int extra = 3) {
    for (int guard = 0; guard < 50 && backend.wait_events(0); ++guard) run_frame(backend, std::ref(page));
    for (int i = 0; i < extra; ++i) run_frame(backend, std::ref(page));
}

void press(Backend& backend, Page& page, const char* key) {
    REQUIRE(backend.input().key(key));
    settle(backend, page);
}

} // namespace

TEST_CASE("Tab moves focus through every control in drawing order, header, content and footer, and wraps") {
    auto backend = null_backend();
    NavContext context(*backend);
    Page page;
    settle(*backend, page);
    CHECK(page.focused() == "");

    std::vector<std::string> seen;
    for (int i = 0; i < 8; ++i) {
        press(*backend, page, "Tab");
        seen.push_back(page.focused());
    }
    CHECK(seen == std::vector<std::string>{"save", "clear", "option.1", "option.2", "option.3", "back", "next", "save"});
    for (const auto& [id, n] : page.presses) CHECK_MESSAGE(n == 0, id << " was pressed by Tab");
}

TEST_CASE("Shift+Tab moves focus to the previous control and wraps from the first to the last") {
    auto backend = null_backend();
    NavContext context(*backend);
    Page page;
    settle(*backend, page);
    press(*backend, page, "Tab");
    REQUIRE(page.focused() == "save");
    press(*backend, page, "Shift+Tab");
    CHECK(page.focused() == "next");
    press(*backend, page, "Shift+Tab");
    CHECK(page.focused() == "back");
    press(*backend, page, "Shift+Tab");
    CHECK(page.focused() == "option.3");
    press(*backend, page, "Tab");
    CHECK(page.focused() == "back");
}

TEST_CASE("Enter on a focused button presses it once") {
    auto backend = null_backend();
    NavContext context(*backend);
    Page page;
    settle(*backend, page);
    press(*backend, page, "Tab");
    press(*backend, page, "Tab");
    press(*backend, page, "Tab");
    REQUIRE(page.focused() == "option.1");
    press(*backend, page, "Enter");
    CHECK(page.presses["option.1"] == 1);
    CHECK(page.focused() == "option.1");
}

TEST_CASE("keypad Enter on a focused button presses it once") {
    auto backend = null_backend();
    NavContext context(*backend);
    Page page;
    settle(*backend, page);
    press(*backend, page, "Tab");
    press(*backend, page, "Tab");
    REQUIRE(page.focused() == "clear");
    press(*backend, page, "KeypadEnter");
    CHECK(page.presses["clear"] == 1);
}

TEST_CASE("Space on a focused button presses it once") {
    auto backend = null_backend();
    NavContext context(*backend);
    Page page;
    settle(*backend, page);
    press(*backend, page, "Tab");
    press(*backend, page, "Space");
    CHECK(page.presses["save"] == 1);
}

TEST_CASE("Down and Up move focus between the options of the scrolling content") {
    auto backend = null_backend();
    NavContext context(*backend);
    Page page;
    settle(*backend, page);
    for (int i = 0; i < 3; ++i) press(*backend, page, "Tab");
    REQUIRE(page.focused() == "option.1");
    press(*backend, page, "Down");
    CHECK(page.focused() == "option.2");
    press(*backend, page, "Up");
    CHECK(page.focused() == "option.1");
}

TEST_CASE("Enter while a text field is being edited types a new line and presses no button") {
    auto backend = null_backend();
    NavContext context(*backend);
    Page page;
    page.with_text = true;
    settle(*backend, page);
    for (int i = 0; i < 6; ++i) press(*backend, page, "Tab"); // save, clear, options 1-3, the field
    REQUIRE(ImGui::GetIO().WantTextInput);
    backend->input().type_text("ab");
    settle(*backend, page);
    press(*backend, page, "Enter");
    backend->input().type_text("c");
    settle(*backend, page);
    CHECK(page.text == "ab\nc");
    for (const auto& [id, n] : page.presses) CHECK_MESSAGE(n == 0, id << " was pressed by Enter in a text field");
}

TEST_CASE("Tab leaves a text field with its text kept and focuses the next control") {
    auto backend = null_backend();
    NavContext context(*backend);
    Page page;
    page.with_text = true;
    settle(*backend, page);
    for (int i = 0; i < 6; ++i) press(*backend, page, "Tab");
    backend->input().type_text("kept");
    settle(*backend, page);
    press(*backend, page, "Tab");
    CHECK_FALSE(ImGui::GetIO().WantTextInput);
    CHECK(page.focused() == "back");
    CHECK(page.text == "kept");
}

TEST_CASE("a new page reached by keyboard starts with its first control focused") {
    auto backend = null_backend();
    NavContext context(*backend);
    Page page;
    settle(*backend, page);
    for (int i = 0; i < 7; ++i) press(*backend, page, "Tab");
    REQUIRE(page.focused() == "next");
    press(*backend, page, "Enter");
    CHECK(page.page == 2);
    CHECK(page.focused() == "save");
}

TEST_CASE("after a tap, the first Enter on a new page only shows the focus and presses nothing") {
    auto backend = null_backend();
    NavContext context(*backend);
    Page page;
    settle(*backend, page);
    backend->input().move_to(page.rects["next"].cx(), page.rects["next"].cy());
    backend->input().button(true);
    backend->input().button(false);
    settle(*backend, page);
    REQUIRE(page.page == 2);
    CHECK(page.focused() == "");

    press(*backend, page, "Enter");
    CHECK(page.focused() == "save");
    CHECK(page.presses["save"] == 0);
    press(*backend, page, "Enter");
    CHECK(page.presses["save"] == 1);
}

TEST_CASE("the focused control gets a ring at least 3 px thick in the theme's focus colour") {
    auto backend = null_backend();
    NavContext context(*backend);
    ImGui::GetStyle().Colors[ImGuiCol_NavHighlight] = ImVec4(1.0f, 0.87f, 0.0f, 1.0f);
    Page page;
    settle(*backend, page);
    press(*backend, page, "Tab");
    REQUIRE(page.focused() == "save");

    // The ring is in the foreground draw list: find how far its colour reaches outside the button.
    const ImU32 colour = ImGui::GetColorU32(ImGuiCol_NavHighlight);
    const selfdirect::ui::Rect button = page.rects["save"];
    float outer = 0, inner = 1e9f;
    const ImDrawList* dl = ImGui::GetForegroundDrawList();
    for (const ImDrawVert& v : dl->VtxBuffer) {
        if (v.col != colour) continue;
        const float d = button.y0 - v.pos.y; // distance above the button's top edge
        if (d <= 0) continue;                // a vertex of the bottom edge
        outer = std::max(outer, d);
        inner = std::min(inner, d);
    }
    CHECK(outer - inner >= 3.0f);
    CHECK(inner >= 0.0f);
}

TEST_CASE("Shift+Tab from the first control wraps to the last one on a page with a text field") {
    auto backend = null_backend();
    NavContext context(*backend);
    Page page;
    page.with_text = true;
    settle(*backend, page);
    press(*backend, page, "Tab");
    REQUIRE(page.focused() == "save");
    press(*backend, page, "Shift+Tab");
    CHECK(page.focused() == "next");
}
