// One question per page (GOV.UK "one thing per page"): the question, its answer control, Back/Next.
#pragma once

#include "ui/view_model.h"
#include "ui/ui_state.h"
#include "ui/widget_registry.h"

namespace selfdirect::ui {
void draw_question_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
// Back / Next, drawn in the fixed footer so the primary action is always on screen.
void draw_question_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
}
