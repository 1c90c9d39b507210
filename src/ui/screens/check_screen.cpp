// Draws the check-your-answers page.
#include "ui/screens/check_screen.h"

#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>

namespace selfdirect::ui {

void draw_check_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    heading(reg, st, "check.heading", view.tr("Check your answers"));
    body_text(reg, "check.intro", view.tr("You can change any answer before you send them."));
    ImGui::Separator();
    for (const CheckRow& row : view.check.rows) {
        ImGui::PushID(row.link_id.c_str());
        body_text(reg, "check.question." + row.link_id, row.question);
        ImGui::Indent();
        body_text(reg, "check.answer." + row.link_id, row.answer.empty() ? view.tr("Not answered") : std::string_view(row.answer));
        ImGui::Unindent();
        if (big_button(reg, st, "change." + row.link_id, view.tr("Change"), false, 0.0f, !view.busy))
            out.push_back(Action::change(row.link_id));
        ImGui::Separator();
        ImGui::PopID();
    }
    if (!view.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.83f, 0.22f, 0.02f, 1.0f));
        body_text(reg, "error", view.error);
        ImGui::PopStyleColor();
    }
}

void draw_check_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    if (big_button(reg, st, "nav.back", view.tr("Back"), false, 0.0f, !view.busy)) out.push_back(Action::of(Action::Kind::Back));
    // The result page comes next when the form has a RAS table; otherwise this sends the answers.
    const std::string_view go = view.busy ? view.tr("Sending...") : view.tr("Continue");
    beside_if_room(big_button_width(go));
    if (big_button(reg, st, "nav.submit", go, true, 0.0f, !view.busy))
        out.push_back(Action::of(Action::Kind::ShowResult));
}

} // namespace selfdirect::ui
