// "Check your answers" (GOV.UK pattern): every answer with a Change link, then Submit.
#pragma once

#include "ui/view_model.h"
#include "ui/ui_state.h"
#include "ui/widget_registry.h"

namespace selfdirect::ui {
void draw_check_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
void draw_check_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
}
