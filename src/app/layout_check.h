// The layout check behind the end-to-end step "expect-layout" (issue 5 acceptance: at 200 % text
// and in the pseudo-locale no control is clipped or overlapping, and every page keeps its primary
// action reachable). Reads only the widget registry's rectangles of the last frame, never pixels,
// so it is pure and unit-tested with hand-made registries.
#pragma once

#include "ui/widget_registry.h"

#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::app {

// The ids of the actions that move a page on, in the order they are looked for: the first one the
// page has is its primary action (the start page's is the first of its choices).
inline constexpr std::string_view kPrimaryActions[] = {"nav.next",   "nav.submit", "nav.send",      "nav.begin",
                                                       "nav.finish", "nav.leave",  "start.resident", "idle.more-time"};

// Every layout problem on the frame the registry describes, each a sentence naming the control ids;
// empty when the page is fine. Looks at visible controls only, and, when an overlay ("page.overlay",
// the idle warning) was drawn, only at the controls drawn on it. A problem is:
//   - two interactive controls overlapping (the parts of them on screen, by more than half a pixel);
//   - any control, text included, cut off at the left or right: wider than its clip rectangle or
//     than the window;
//   - a control cut off at the top or bottom, unless it is inside the scrolling content area
//     ("page.content"), where a person scrolls to it;
//   - no primary action (see kPrimaryActions), or one that is not wholly on screen, unless it is
//     inside the scrolling content area and not cut off at the sides.
// The window is (0, 0)-(window_w, window_h), in the registry's pixels.
std::vector<std::string> layout_problems(const ui::WidgetRegistry& registry, float window_w, float window_h);

} // namespace selfdirect::app
