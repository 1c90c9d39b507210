// Draws the idle warning (see idle_warning.h) as a full-screen window in front of the page, so the
// page's own controls cannot be reached by mistake while it shows.
#include "ui/screens/idle_warning.h"

#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>

namespace selfdirect::ui {

void draw_idle_warning(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::SetNextWindowFocus();
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoSavedSettings;
    ImGui::Begin("idle-warning", nullptr, flags);
    // Covers the page: what was registered before it is underneath, out of reach.
    reg.add("page.overlay", "", {vp->WorkPos.x, vp->WorkPos.y, vp->WorkPos.x + vp->WorkSize.x, vp->WorkPos.y + vp->WorkSize.y},
            false, true);
    heading(reg, st, "idle.heading", view.tr("Are you still there?"));
    body_text(reg, "idle.what",
              core::fill(view.tr("To keep your answers private, this screen will clear itself in {seconds} seconds."),
                         {{"seconds", std::to_string(view.idle.seconds_left)}}));
    body_text(reg, "idle.lost", view.tr("If it clears, your answers are deleted unless you get a code to come back later."));
    ImGui::Spacing();
    if (big_button(reg, st, "idle.more-time", view.tr("I need more time"), true)) out.push_back(Action::of(Action::Kind::MoreTime));
    if (view.can_save_for_later) {
        const std::string_view save = view.tr("Save and get a code");
        beside_if_room(big_button_width(save));
        if (big_button(reg, st, "idle.save", save)) out.push_back(Action::of(Action::Kind::SaveForLater));
    }
    ImGui::End();
}

} // namespace selfdirect::ui
