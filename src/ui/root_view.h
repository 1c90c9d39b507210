// The one full-screen window (ShowExampleAppFullscreen): a header with the form title and
// "Finish and clear", then the current screen.
#pragma once

#include "ui/view_model.h"
#include "ui/ui_state.h"
#include "ui/widget_registry.h"

namespace selfdirect::ui {
void draw_root(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
}
