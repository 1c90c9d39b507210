// The confirmation page: a reference to quote, and what happens next.
#pragma once

#include "ui/view_model.h"
#include "ui/ui_state.h"
#include "ui/widget_registry.h"

namespace selfdirect::ui {
void draw_receipt_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
void draw_receipt_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
}
