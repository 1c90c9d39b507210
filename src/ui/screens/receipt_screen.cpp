// Draws the confirmation page.
#include "ui/screens/receipt_screen.h"

#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>

namespace selfdirect::ui {

void draw_receipt_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    heading(reg, st, "receipt.heading", "Thank you. Your answers are saved and will be sent to the council.");
    body_text(reg, "receipt.reference", "Your reference is " + view.receipt.reference);
    body_text(reg, "receipt.status", "Your answers are awaiting council verification. "
                                     "A worker from the council will contact you to check them with you.");
}

void draw_receipt_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    if (big_button(reg, st, "nav.finish", "Finish and clear the screen", true)) out.push_back(Action::of(Action::Kind::FinishAndClear));
}

} // namespace selfdirect::ui
