// Kiosk widgets: big touch targets (never under 44 px, WCAG 2.5.5), registered in the widget
// registry under a stable id so tests and scripted input can find them by id or label.
#pragma once

#include "ui/ui_state.h"
#include "ui/widget_registry.h"

#include <string>
#include <string_view>

namespace selfdirect::ui {

inline constexpr float kMinTargetPx = 44.0f;

// Labels and texts are views so that a screen can pass view.tr("...") straight in; they are copied
// before the call returns.
bool big_button(WidgetRegistry& reg, const UiState& st, const std::string& id, std::string_view label,
                bool primary = false, float width = 0.0f, bool enabled = true);
// The width big_button would give `label` (before any wider `width` asked for).
float big_button_width(std::string_view label);
// Call between two buttons of a row: puts the next one (`next_width` wide) beside the last item when
// it fits in the rest of the line, and below it otherwise. So a row of buttons stacks instead of
// running off the screen at double text size or in a language with longer words.
void beside_if_room(float next_width);
// A full-width answer option; `selected` draws it checked. The check mark is drawn outside the
// label, so the registry (and a translator) sees only the option's own words.
bool choice_button(WidgetRegistry& reg, const UiState& st, const std::string& id, std::string_view label, bool selected);
// The width text may take from the cursor: to a whole pixel inside the visible edge, because ImGui
// rounds text widths up. Lay out anything sized from a text's width against this, not the raw
// available width.
float text_room();
// Text wrapped to fit in text_room() (what heading and body_text draw, unregistered).
void wrapped_text(std::string_view text);
void heading(WidgetRegistry& reg, const UiState& st, const std::string& id, std::string_view text);
void body_text(WidgetRegistry& reg, const std::string& id, std::string_view text);
// Multi-line text answer editing `buffer`; returns true while it has keyboard focus.
bool text_area(WidgetRegistry& reg, const UiState& st, const std::string& id, std::string_view label, std::string& buffer);

} // namespace selfdirect::ui
