// Draws the start page (see start_screen.h).
#include "ui/screens/start_screen.h"

#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>

namespace selfdirect::ui {

void draw_start_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    heading(reg, st, "start.heading", view.tr("Before you start"));
    body_text(reg, "start.what", view.tr("This is a self-assessment for care and support from the council. "
                                         "It asks about your day-to-day life and what matters to you."));
    body_text(reg, "start.time", view.tr("It takes about 30 to 45 minutes. You can stop and come back later with a code."));
    body_text(reg, "start.after", view.tr("When you send your answers, a worker from the council will check them with you. "
                                          "Nothing is decided by this machine."));
    body_text(reg, "start.privacy", view.tr("Privacy: your answers are locked (encrypted) on this machine and only the "
                                            "council can read them. When you finish, or walk away, this screen forgets you."));
    ImGui::Spacing();
    if (choice_button(reg, st, "start.resident", view.tr("Start an assessment for me"), false))
        out.push_back(Action::of(Action::Kind::StartResident));
    if (view.carer_journey_available &&
        choice_button(reg, st, "start.carer", view.tr("I look after someone (carer's assessment)"), false))
        out.push_back(Action::of(Action::Kind::StartCarer));
    if (choice_button(reg, st, "start.code", view.tr("Continue with my code"), false))
        out.push_back(Action::of(Action::Kind::ContinueWithCode));
}

void draw_start_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    if (big_button(reg, st, "nav.back", view.tr("Back"))) out.push_back(Action::of(Action::Kind::Back));
}

} // namespace selfdirect::ui
