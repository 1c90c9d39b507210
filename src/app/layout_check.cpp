// The registry-based layout check (see layout_check.h).
#include "app/layout_check.h"

#include <algorithm>
#include <cmath>

namespace selfdirect::app {
namespace {

using ui::Rect;
using ui::RegisteredControl;

// Rectangles come from float layout: half a pixel either way is rounding, not a fault.
constexpr float kSlack = 0.5f;

bool empty(const Rect& r) { return r.x1 - r.x0 <= kSlack || r.y1 - r.y0 <= kSlack; }

Rect intersect(const Rect& a, const Rect& b) {
    return {std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}

bool within_x(const Rect& inner, const Rect& outer) { return inner.x0 >= outer.x0 - kSlack && inner.x1 <= outer.x1 + kSlack; }
bool within_y(const Rect& inner, const Rect& outer) { return inner.y0 >= outer.y0 - kSlack && inner.y1 <= outer.y1 + kSlack; }

std::string describe(const Rect& r) {
    auto n = [](float v) { return std::to_string(static_cast<long>(std::lround(v))); };
    return "(" + n(r.x0) + ", " + n(r.y0) + ")-(" + n(r.x1) + ", " + n(r.y1) + ")";
}

} // namespace

std::vector<std::string> layout_problems(const ui::WidgetRegistry& registry, float window_w, float window_h) {
    const std::vector<RegisteredControl>& all = registry.controls();
    const Rect window{0.0f, 0.0f, window_w, window_h};

    // An overlay hides what was drawn before it: only its own controls can be reached.
    std::size_t first = 0;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].id == "page.overlay") first = i + 1;
    const RegisteredControl* content = nullptr;
    if (first == 0)
        for (const RegisteredControl& c : all)
            if (c.id == "page.content") content = &c;

    struct Checked {
        const RegisteredControl* control;
        Rect clip;     // where it can be seen: its clip rectangle within the window
        bool scrolls;  // inside the scrolling content area
    };
    auto checked_of = [&](const RegisteredControl& c) {
        const Rect clip = empty(c.clip) ? window : intersect(c.clip, window);
        const bool scrolls = content != nullptr && !empty(c.clip) && within_x(c.clip, content->rect) &&
                             within_y(c.clip, content->rect);
        return Checked{&c, clip, scrolls};
    };

    std::vector<std::string> problems;
    std::vector<Checked> shown;
    for (std::size_t i = first; i < all.size(); ++i) {
        const RegisteredControl& c = all[i];
        if (!c.visible || c.id.rfind("page.", 0) == 0) continue;
        const Checked k = checked_of(c);
        // Text too: words cut off at the side are lost whatever the page's scrolling.
        if (!within_x(c.rect, k.clip)) {
            problems.push_back(c.id + " is cut off at the side: it spans " + describe(c.rect) + " but only " +
                               describe(k.clip) + " can be seen");
            if (c.interactive) shown.push_back(k);
            continue;
        }
        if (!c.interactive) continue;
        if (!k.scrolls && !within_y(c.rect, k.clip))
            problems.push_back(c.id + " is cut off at the top or bottom: it spans " + describe(c.rect) + " but only " +
                               describe(k.clip) + " can be seen, and it is not in the scrolling content");
        shown.push_back(k);
    }

    for (std::size_t i = 0; i < shown.size(); ++i) {
        const Rect a = intersect(shown[i].control->rect, shown[i].clip);
        for (std::size_t j = i + 1; j < shown.size(); ++j) {
            const Rect both = intersect(a, intersect(shown[j].control->rect, shown[j].clip));
            if (!empty(both))
                problems.push_back(shown[i].control->id + " and " + shown[j].control->id + " overlap at " + describe(both));
        }
    }

    const RegisteredControl* primary = nullptr;
    for (std::string_view id : kPrimaryActions) {
        for (std::size_t i = first; i < all.size() && !primary; ++i)
            if (all[i].interactive && all[i].id == id) primary = &all[i];
        if (primary) break;
    }
    if (!primary) {
        std::string ids;
        for (std::string_view id : kPrimaryActions) ids += (ids.empty() ? "" : ", ") + std::string(id);
        problems.push_back("the page has no primary action (none of " + ids + ")");
        return problems;
    }
    const Checked p = checked_of(*primary);
    const bool on_screen = primary->visible && within_x(primary->rect, p.clip) && within_y(primary->rect, p.clip);
    const bool reachable_by_scrolling = p.scrolls && within_x(primary->rect, p.clip);
    if (!on_screen && !reachable_by_scrolling)
        problems.push_back("the primary action " + primary->id + " is not wholly on screen: it spans " +
                           describe(primary->rect) + " but only " + describe(p.clip) + " can be seen");
    return problems;
}

} // namespace selfdirect::app
