// State that belongs to the widgets rather than to the person's record: the fonts in use and the
// text being typed on the current page. Owned by the app and passed in; never static, so a kiosk
// wipe can destroy it with the ImGui context.
#pragma once

#include "ui/widgets/keyboard_state.h"

#include <string>

struct ImFont;

namespace selfdirect::ui {

struct UiFonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
};

struct UiState {
    UiFonts fonts;
    float scale = 1.0f;              // text size, 1.0 .. 2.0
    std::string editing_link_id;     // which question the text buffer belongs to
    std::string text_buffer;         // the answer being typed; handed to the app on Next
    KeyboardState keyboard;          // the on-screen keyboard's layout and shift
    bool high_contrast = false;      // the theme preset in use (theme.cpp)
    // The height the page's footer took in the last frame (0: not drawn yet). The footer's buttons
    // stack when a row does not fit, and the next frame reserves that much, so they stay on screen.
    float footer_height = 0.0f;
    // Which page the content area was last scrolled on ("3:1.2": screen and question): a new page
    // starts at its top, not where the person had scrolled the last one to.
    std::string scrolled_page;
    // Staff open the status page by tapping the attract page's heading five times within three
    // seconds (attract_screen.cpp): the taps so far, and when the first was.
    int staff_taps = 0;
    double staff_first_tap = 0.0;
};

} // namespace selfdirect::ui
