// The device's status page for staff: is everything sent to the council, what is waiting, and the
// last problem in plain words. Reached from the attract page only (five taps on its heading), and
// it shows counts and times, never anything about a person.
#pragma once

#include "ui/ui_state.h"
#include "ui/view_model.h"
#include "ui/widget_registry.h"

namespace selfdirect::ui {
void draw_staff_status_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
void draw_staff_status_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
} // namespace selfdirect::ui
