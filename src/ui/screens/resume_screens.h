// "Save and come back later" (GOV.UK pattern): the page that shows a new resume code, large and as a
// QR code, and the page where a returning person types theirs. The code itself is the vault's
// (resume_code.h); these pages only show it or hand back what was typed.
#pragma once

#include "ui/ui_state.h"
#include "ui/view_model.h"
#include "ui/widget_registry.h"

namespace selfdirect::ui {
void draw_resume_code_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
void draw_resume_code_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
void draw_resume_entry_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
void draw_resume_entry_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);
}
