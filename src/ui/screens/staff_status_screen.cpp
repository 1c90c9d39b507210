// Draws the staff status page (see staff_status_screen.h).
#include "ui/screens/staff_status_screen.h"

#include "ui/widgets/kiosk_widgets.h"

#include <string>

namespace selfdirect::ui {

void draw_staff_status_screen(const AppView& view, UiState& st, ActionSink&, WidgetRegistry& reg) {
    heading(reg, st, "staff.heading", view.tr("Device status (for staff)"));
    body_text(reg, "staff.state", view.sync.state);
    int n = 0;
    for (const std::string& line : view.sync.lines) body_text(reg, "staff.line." + std::to_string(++n), line);
    if (!view.sync.export_result.empty()) body_text(reg, "staff.export-result", view.sync.export_result);
}

void draw_staff_status_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    if (big_button(reg, st, "nav.back", view.tr("Close"), true)) out.push_back(Action::of(Action::Kind::Back));
    if (view.sync.can_export) {
        const std::string_view label = view.tr("Copy the records waiting to the USB stick");
        beside_if_room(big_button_width(label));
        if (big_button(reg, st, "staff.export", label, false, 0.0f, !view.busy)) out.push_back(Action::of(Action::Kind::ExportToMedia));
    }
}

} // namespace selfdirect::ui
