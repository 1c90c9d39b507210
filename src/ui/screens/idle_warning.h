// The idle warning (WCAG 2.2.1 "timing adjustable"): says what will happen and when, and offers more
// time or a code, drawn over whatever page was showing.
#pragma once

#include "ui/ui_state.h"
#include "ui/view_model.h"
#include "ui/widget_registry.h"

namespace selfdirect::ui {
void draw_idle_warning(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
}
