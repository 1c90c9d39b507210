// Pins one undecorated window to the viewport and dispatches to the current screen; the idle warning
// is drawn over it.
#include "ui/root_view.h"

#include "ui/screens/attract_screen.h"
#include "ui/screens/check_screen.h"
#include "ui/screens/idle_warning.h"
#include "ui/screens/question_screen.h"
#include "ui/screens/receipt_screen.h"
#include "ui/screens/result_screen.h"
#include "ui/screens/resume_screens.h"
#include "ui/screens/start_screen.h"
#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>

#include <algorithm>

namespace selfdirect::ui {
namespace {

void draw_content(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    switch (view.screen) {
    case Screen::Attract: draw_attract_screen(view, st, out, reg); break;
    case Screen::Start: draw_start_screen(view, st, out, reg); break;
    case Screen::ResumeEntry: draw_resume_entry_screen(view, st, out, reg); break;
    case Screen::Question: draw_question_screen(view, st, out, reg); break;
    case Screen::Check: draw_check_screen(view, st, out, reg); break;
    case Screen::Result: draw_result_screen(view.result, st, out, reg); break;
    case Screen::Receipt: draw_receipt_screen(view, st, out, reg); break;
    case Screen::ResumeCode: draw_resume_code_screen(view, st, out, reg); break;
    }
}

void draw_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    switch (view.screen) {
    case Screen::Attract: draw_attract_actions(view, st, out, reg); break;
    case Screen::Start: draw_start_actions(view, st, out, reg); break;
    case Screen::ResumeEntry: draw_resume_entry_actions(view, st, out, reg); break;
    case Screen::Question: draw_question_actions(view, st, out, reg); break;
    case Screen::Check: draw_check_actions(view, st, out, reg); break;
    case Screen::Result:
        if (big_button(reg, st, "nav.back", "Back", false, 0.0f, !view.busy)) out.push_back(Action::of(Action::Kind::Back));
        ImGui::SameLine();
        if (big_button(reg, st, "nav.send", view.busy ? "Sending..." : "Send my answers", true, 0.0f, !view.busy))
            out.push_back(Action::of(Action::Kind::Submit));
        break;
    case Screen::Receipt: draw_receipt_actions(view, st, out, reg); break;
    case Screen::ResumeCode: draw_resume_code_actions(view, st, out, reg); break;
    }
}

// The header: the form's title, then what every page offers: read the page aloud, save and come back
// later (mid-form), and Finish and clear (every page a person's answers can be on).
void draw_header(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    body_text(reg, "header.title", view.screen == Screen::Attract ? std::string("Care and support self-assessment")
                                                                  : view.form_title);
    const bool clear = view.screen != Screen::Attract && view.screen != Screen::Receipt && view.screen != Screen::ResumeCode;
    if (view.settings.read_aloud) {
        if (big_button(reg, st, "nav.read-aloud", "Read this page aloud")) out.push_back(Action::of(Action::Kind::ReadPageAloud));
        ImGui::SameLine();
    }
    if (view.can_save_for_later && (view.screen == Screen::Question || view.screen == Screen::Check)) {
        if (big_button(reg, st, "nav.save", "Save and come back later", false, 0.0f, !view.busy))
            out.push_back(Action::of(Action::Kind::SaveForLater));
        ImGui::SameLine();
    }
    if (clear && big_button(reg, st, "nav.clear", "Finish and clear", false, 0.0f, true))
        out.push_back(Action::of(Action::Kind::FinishAndClear));
    if (!clear && !view.settings.read_aloud) ImGui::NewLine();
}

} // namespace

void draw_root(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("selfdirect", nullptr, flags);
    // While the idle warning shows, the page underneath is drawn but takes no input.
    ActionSink ignored;
    ActionSink& page_out = view.idle.showing ? ignored : out;

    draw_header(view, st, page_out, reg);
    ImGui::Separator();

    // Content scrolls (drag or wheel); the footer with the page's actions never does, so the primary
    // action is reachable at any text size.
    const float footer_h = std::max(kMinTargetPx, 64.0f * st.scale) + ImGui::GetStyle().ItemSpacing.y * 2 + 8.0f;
    ImGui::BeginChild("content", ImVec2(0, -footer_h), false, ImGuiWindowFlags_NoSavedSettings);
    draw_content(view, st, page_out, reg);
    ImGui::EndChild();
    ImGui::Separator();
    draw_actions(view, st, page_out, reg);
    ImGui::End();

    if (view.idle.showing) draw_idle_warning(view, st, out, reg);
}

} // namespace selfdirect::ui
