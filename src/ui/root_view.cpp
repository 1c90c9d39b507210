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
#include "ui/screens/staff_status_screen.h"
#include "ui/screens/start_screen.h"
#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>

#include <algorithm>
#include <string>

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
    case Screen::StaffStatus: draw_staff_status_screen(view, st, out, reg); break;
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
    {
        if (big_button(reg, st, "nav.back", view.tr("Back"), false, 0.0f, !view.busy)) out.push_back(Action::of(Action::Kind::Back));
        const std::string_view send = view.busy ? view.tr("Sending...") : view.tr("Send my answers");
        beside_if_room(big_button_width(send));
        if (big_button(reg, st, "nav.send", send, true, 0.0f, !view.busy)) out.push_back(Action::of(Action::Kind::Submit));
        break;
    }
    case Screen::Receipt: draw_receipt_actions(view, st, out, reg); break;
    case Screen::ResumeCode: draw_resume_code_actions(view, st, out, reg); break;
    case Screen::StaffStatus: draw_staff_status_actions(view, st, out, reg); break;
    }
}

// The header: the form's title, on a tablet the sync status line, then what every page offers: read
// the page aloud, save and come back later (mid-form), and Finish and clear (every page a person's
// answers can be on). The app fills sync_header only on a tablet, so a kiosk never shows it.
void draw_header(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    const bool no_form = view.screen == Screen::Attract || view.screen == Screen::StaffStatus;
    body_text(reg, "header.title", no_form ? view.tr("Care and support self-assessment") : std::string_view(view.form_title));
    if (!view.sync_header.empty()) body_text(reg, "header.sync", view.sync_header);
    const bool clear = view.screen != Screen::Attract && view.screen != Screen::Receipt && view.screen != Screen::ResumeCode &&
                       view.screen != Screen::StaffStatus;
    // A row of buttons that stacks when it does not fit across (double text size, long languages).
    bool first = true;
    auto next_in_row = [&first](std::string_view label) {
        if (!first) beside_if_room(big_button_width(label));
        first = false;
    };
    if (view.settings.read_aloud) {
        const std::string_view read = view.tr("Read this page aloud");
        next_in_row(read);
        if (big_button(reg, st, "nav.read-aloud", read)) out.push_back(Action::of(Action::Kind::ReadPageAloud));
    }
    if (view.can_save_for_later && (view.screen == Screen::Question || view.screen == Screen::Check)) {
        const std::string_view save = view.tr("Save and come back later");
        next_in_row(save);
        if (big_button(reg, st, "nav.save", save, false, 0.0f, !view.busy)) out.push_back(Action::of(Action::Kind::SaveForLater));
    }
    if (clear) {
        const std::string_view finish = view.tr("Finish and clear");
        next_in_row(finish);
        if (big_button(reg, st, "nav.clear", finish, false, 0.0f, true)) out.push_back(Action::of(Action::Kind::FinishAndClear));
    }
    if (first) ImGui::NewLine();
}

} // namespace

void draw_root(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("selfdirect", nullptr, flags);
    // Every page is its own ImGui id scope (header, content and footer alike), so no control keeps
    // the keyboard focus into the next page just because it has the same test id ("Next"): the
    // keyboard shim (ui/platform/keyboard_nav.h) then gives the new page's first control the focus.
    const std::string page = std::to_string(static_cast<int>(view.screen)) + ":" + view.question.link_id;
    // While the idle warning shows, the page underneath is drawn but takes no input.
    ActionSink ignored;
    ActionSink& page_out = view.idle.showing ? ignored : out;

    ImGui::PushID(page.c_str());
    draw_header(view, st, page_out, reg);
    ImGui::PopID();
    ImGui::Separator();

    // Content scrolls (drag or wheel); the footer with the page's actions never does, so the primary
    // action is reachable at any text size.
    // One row of buttons until the footer has been measured (a row that does not fit stacks).
    const float one_row = std::max(kMinTargetPx, 64.0f * st.scale) + ImGui::GetStyle().ItemSpacing.y * 2 + 8.0f;
    const float footer_h = std::max(one_row, st.footer_height);
    // NavFlattened: Tab and the arrow keys go from the header through the content to the footer as
    // one page. Without it ImGui 1.86 treats the whole content as one item that Enter "opens".
    ImGui::BeginChild("content", ImVec2(0, -footer_h), false,
                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NavFlattened);
    if (st.scrolled_page != page) {
        ImGui::SetScrollY(0.0f);
        st.scrolled_page = page;
    }
    ImGui::PushID(page.c_str());
    draw_content(view, st, page_out, reg);
    ImGui::PopID();
    ImGui::EndChild();
    const float content_bottom = ImGui::GetItemRectMax().y;
    // The scrolling area itself, so a layout check can tell a control scrolled partly out of view
    // (fine: the person scrolls) from one cut off by the edge of the screen.
    reg.add("page.content", "", {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                                 content_bottom}, false, true);
    ImGui::Separator();
    ImGui::PushID(page.c_str());
    draw_actions(view, st, page_out, reg);
    ImGui::PopID();
    st.footer_height = ImGui::GetCursorScreenPos().y - content_bottom + ImGui::GetStyle().WindowPadding.y;
    ImGui::End();

    if (view.idle.showing) draw_idle_warning(view, st, out, reg);
}

} // namespace selfdirect::ui
