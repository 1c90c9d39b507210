// Every kiosk widget records where it was drawn, under a stable test id and its visible label.
// Tests (and the scripted-input mode) find controls here by id or label, never by pixel positions;
// the accessibility checks (target size, clipping) read the same rectangles.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::ui {

struct Rect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float width() const { return x1 - x0; }
    float height() const { return y1 - y0; }
    float cx() const { return (x0 + x1) * 0.5f; }
    float cy() const { return (y0 + y1) * 0.5f; }
};

struct RegisteredControl {
    std::string id;      // stable test id, e.g. "nav.next", "option.1"
    std::string label;   // the text a person sees
    Rect rect;
    bool interactive = false;
    bool visible = true;  // not scrolled out of its window's clip rectangle
    // The part of the screen its window lets it draw in (a scrolling area, the footer); an empty
    // rectangle when the widget did not say. The layout check compares `rect` with it: a control
    // wider than its clip is cut off, one taller than it is scrolled partly out of view.
    Rect clip;
};

class WidgetRegistry {
public:
    // Called at the start of each frame: the registry describes the last drawn frame only.
    void begin_frame() { building_.clear(); }
    void end_frame() { current_.swap(building_); }
    void add(std::string id, std::string label, Rect rect, bool interactive, bool visible = true, Rect clip = {}) {
        building_.push_back({std::move(id), std::move(label), rect, interactive, visible, clip});
    }

    // Exact test id first, then exact label, then an interactive control whose label contains `text`.
    const RegisteredControl* find(std::string_view id_or_label) const;
    // Any control (text included) whose label contains `text`.
    bool shows_text(std::string_view text) const;
    const std::vector<RegisteredControl>& controls() const { return current_; }

private:
    std::vector<RegisteredControl> current_;
    std::vector<RegisteredControl> building_;
};

} // namespace selfdirect::ui
