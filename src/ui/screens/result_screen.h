// The "your indicative budget" page: the estimate and how it was worked out (points by section as a
// bar chart, the help-from-family reduction), the eligibility indicator and any notices, all from a
// ResultView the app has already put into plain words. Urgent notices (safeguarding) come first, in
// a highlighted block, because the kiosk cannot alert anyone itself. No buttons: the footer's are
// the app's.
#pragma once

#include "ui/result_view.h"
#include "ui/ui_state.h"
#include "ui/view_model.h"
#include "ui/widget_registry.h"

namespace selfdirect::ui {

// Registers every text under "result.*", each bar as the non-interactive "result.bar.<n>" (label:
// the section's title; its value as "result.bar.<n>.value") and each notice block as
// "result.notice.<id>". Everything wraps within the current window's width. `out` is unused.
void draw_result_screen(const ResultView& view, UiState& st, ActionSink& out, WidgetRegistry& reg);

} // namespace selfdirect::ui
