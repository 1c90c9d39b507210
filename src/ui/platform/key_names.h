// The key names a test script may press (`key Enter`) and that every InputDriver::key accepts.
// One list, header-only and dependency-free, so the script parser (src/app) can refuse an unknown
// key at parse time with a line number instead of failing halfway through an end-to-end run.
#pragma once

#include <array>
#include <string_view>

namespace selfdirect::ui::platform {

// "Return" is an alias of "Enter" (X11 calls the key Return). "Shift+Tab" is Tab with Shift held
// (the keyboard user's "previous control"); "KeypadEnter" is the number pad's Enter, which some
// switch interfaces and accessible keyboards send.
inline constexpr std::array<std::string_view, 17> kKeyNames = {
    "Enter", "Return", "Tab",  "Escape", "Backspace", "Delete",    "Left",       "Right",    "Up",
    "Down",  "Home",   "End",  "Space",  "PageUp",    "PageDown",  "Shift+Tab",  "KeypadEnter",
};

constexpr bool is_key_name(std::string_view name) {
    for (auto k : kKeyNames)
        if (k == name) return true;
    return false;
}

} // namespace selfdirect::ui::platform
