// The start page (GOV.UK "start page"): what this is, how long it takes, what happens to the answers,
// the privacy notice, then the three ways in: an assessment for me, a carer's assessment, my code.
#pragma once

#include "ui/ui_state.h"
#include "ui/view_model.h"
#include "ui/widget_registry.h"

namespace selfdirect::ui {
void draw_start_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
void draw_start_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
}
