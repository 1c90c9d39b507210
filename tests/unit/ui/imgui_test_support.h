// Shared helpers for the UI platform tests: an ImGui context bound to a backend for one test, and
// one whole frame of the app loop (backend frame, ImGui frame, UI, render, present).
#pragma once

#include "ui/platform/backend.h"

#include <doctest/doctest.h>

#include <imgui.h>

#include <functional>
#include <memory>
#include <string>

namespace selfdirect::ui::platform::testing {

// The Null backend, initialised with a window of `width` x `height`.
inline std::unique_ptr<Backend> started_null_backend(int width, int height) {
    auto backend = make_null_backend();
    std::string error;
    REQUIRE_MESSAGE(backend->init(WindowOptions{width, height, false, "test"}, error), error);
    return backend;
}

class AttachedContext {
public:
    explicit AttachedContext(Backend& backend) : backend_(backend) {
        ImGui::CreateContext();
        backend_.attach_imgui();
    }
    ~AttachedContext() {
        backend_.detach_imgui();
        ImGui::DestroyContext();
    }
    AttachedContext(const AttachedContext&) = delete;
    AttachedContext& operator=(const AttachedContext&) = delete;

private:
    Backend& backend_;
};

// Draws one frame; `capture` is called after render and before present (screenshot point).
inline void run_frame(Backend& backend, const std::function<void()>& ui,
                      const std::function<void()>& capture = nullptr) {
    backend.new_frame();
    ImGui::NewFrame();
    ui();
    ImGui::Render();
    backend.render(0.1f, 0.2f, 0.3f);
    if (capture) capture();
    backend.present();
}

// A full-screen window holding one button at a known place; counts clicks.
struct ButtonScreen {
    ImVec2 min, max;
    int clicks = 0;

    void operator()() {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("screen", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
        ImGui::SetCursorPos(ImVec2(100, 120));
        if (ImGui::Button("Press me", ImVec2(160, 60))) ++clicks;
        min = ImGui::GetItemRectMin();
        max = ImGui::GetItemRectMax();
        ImGui::End();
    }
    ImVec2 centre() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
};

// A full-screen window with one text field that takes keyboard focus on the first frame.
struct TextFieldScreen {
    char text[128] = {};
    bool focus = true;
    int tab_presses = 0;

    void operator()() {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("screen", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
        if (focus) ImGui::SetKeyboardFocusHere();
        focus = false;
        ImGui::InputText("##name", text, sizeof text);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab), false)) ++tab_presses;
        ImGui::End();
    }
};

} // namespace selfdirect::ui::platform::testing
