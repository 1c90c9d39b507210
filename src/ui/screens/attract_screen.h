// The attract page a kiosk shows between people: what this is, and the choices that make the screen
// usable before any question (language, text size, contrast, read-aloud), then Start.
#pragma once

#include "ui/ui_state.h"
#include "ui/view_model.h"
#include "ui/widget_registry.h"

namespace selfdirect::ui {
void draw_attract_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
void draw_attract_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
}
