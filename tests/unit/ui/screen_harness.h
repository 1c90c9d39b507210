// A kiosk screen drawn headless for a test: the Null backend in a window of a given size, the app's
// theme and font at a text scale, the widget registry the screen fills and the actions it emits.
// screens_test draws the whole root view with it, result_screen_test one page in a plain window.
#pragma once

#include "imgui_test_support.h"
#include "ui/theme.h"
#include "ui/ui_state.h"
#include "ui/view_model.h"
#include "ui/widget_registry.h"

#include <doctest/doctest.h>

#include <imgui.h>

#include <functional>
#include <memory>
#include <string>

namespace selfdirect::ui::testing {

inline constexpr const char* kKioskFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

struct ScreenHarness {
    std::unique_ptr<platform::Backend> backend;
    WidgetRegistry registry;
    UiState st;
    ActionSink actions;

    // `glyphs`: the ranges the font is loaded with (null: Basic Latin, ImGui's default).
    ScreenHarness(float scale, int width, int height, const ImWchar* glyphs = nullptr)
        : backend(platform::testing::started_null_backend(width, height)) {
        ImGui::CreateContext();
        st.scale = scale;
        apply_theme(st, kKioskFont, false, glyphs);
        backend->attach_imgui();
    }
    ~ScreenHarness() {
        backend->detach_imgui();
        ImGui::DestroyContext();
        backend->shutdown();
    }
    ScreenHarness(const ScreenHarness&) = delete;
    ScreenHarness& operator=(const ScreenHarness&) = delete;

    // One frame of `draw`, with the registry filled afresh.
    void draw_frame(const std::function<void()>& draw) {
        platform::testing::run_frame(*backend, [&] {
            registry.begin_frame();
            draw();
            registry.end_frame();
        });
    }
    const RegisteredControl& control(const std::string& id) const {
        const RegisteredControl* c = registry.find(id);
        REQUIRE_MESSAGE(c, "no control ", id);
        return *c;
    }
};

} // namespace selfdirect::ui::testing
