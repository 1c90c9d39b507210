// Kiosk widgets: big touch targets (never under 44 px, WCAG 2.5.5), registered in the widget
// registry under a stable id so tests and scripted input can find them by id or label.
#pragma once

#include "ui/ui_state.h"
#include "ui/widget_registry.h"

#include <string>

namespace selfdirect::ui {

inline constexpr float kMinTargetPx = 44.0f;

bool big_button(WidgetRegistry& reg, const UiState& st, const std::string& id, const std::string& label,
                bool primary = false, float width = 0.0f, bool enabled = true);
// A full-width answer option; `selected` draws it checked.
bool choice_button(WidgetRegistry& reg, const UiState& st, const std::string& id, const std::string& label, bool selected);
void heading(WidgetRegistry& reg, const UiState& st, const std::string& id, const std::string& text);
void body_text(WidgetRegistry& reg, const std::string& id, const std::string& text);
// Multi-line text answer editing `buffer`; returns true while it has keyboard focus.
bool text_area(WidgetRegistry& reg, const UiState& st, const std::string& id, const std::string& label, std::string& buffer);

} // namespace selfdirect::ui
