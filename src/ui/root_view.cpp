// Pins one undecorated window to the viewport and dispatches to the current screen.
#include "ui/root_view.h"

#include "ui/screens/check_screen.h"
#include "ui/screens/question_screen.h"
#include "ui/screens/receipt_screen.h"
#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>

#include <algorithm>

namespace selfdirect::ui {

void draw_root(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("selfdirect", nullptr, flags);

    body_text(reg, "header.title", view.form_title);
    if (view.screen != Screen::Receipt) {
        ImGui::SameLine(ImGui::GetContentRegionMax().x - 260.0f * st.scale);
        if (big_button(reg, st, "nav.clear", "Finish and clear", false, 240.0f * st.scale, !view.busy))
            out.push_back(Action::of(Action::Kind::FinishAndClear));
    }
    ImGui::Separator();

    // Content scrolls (drag or wheel); the footer with the page's actions never does, so the primary
    // action is reachable at any text size.
    const float footer_h = std::max(kMinTargetPx, 64.0f * st.scale) + ImGui::GetStyle().ItemSpacing.y * 2 + 8.0f;
    ImGui::BeginChild("content", ImVec2(0, -footer_h), false, ImGuiWindowFlags_NoSavedSettings);
    switch (view.screen) {
    case Screen::Question: draw_question_screen(view, st, out, reg); break;
    case Screen::Check: draw_check_screen(view, st, out, reg); break;
    case Screen::Receipt: draw_receipt_screen(view, st, out, reg); break;
    }
    ImGui::EndChild();
    ImGui::Separator();
    switch (view.screen) {
    case Screen::Question: draw_question_actions(view, st, out, reg); break;
    case Screen::Check: draw_check_actions(view, st, out, reg); break;
    case Screen::Receipt: draw_receipt_actions(view, st, out, reg); break;
    }
    ImGui::End();
}

} // namespace selfdirect::ui
