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
};

} // namespace selfdirect::ui
