// The on-screen keyboard's own state (layout, shift), apart from the widget so UiState can hold it
// without including the widget: a kiosk wipe then clears it with everything else.
#pragma once

namespace selfdirect::ui {

enum class KeyboardLayout { Letters, Numbers, Email };

struct KeyboardState {
    KeyboardLayout layout = KeyboardLayout::Letters;
    // Where the "ABC" key on the numbers layout goes back to: letters, or email for an email field.
    KeyboardLayout alpha_layout = KeyboardLayout::Letters;
    bool shift = false;     // one-shot: the next letter is a capital, then back to lower case
    bool caps_lock = false; // shift tapped twice: capitals until shift is tapped again
};

} // namespace selfdirect::ui
