// Real input for the GLFW backend: synthesises pointer and keyboard events in the X server with
// the XTest extension (as xdotool does), so a scripted tap or typed answer travels the same path
// as a resident's: X server -> GLFW callbacks -> ImGui. Only glfw_backend.cpp uses this; X11 types
// stay out of the header because Xlib's macros (None, Bool, Status) collide with other code.
#pragma once

#include "ui/platform/backend.h"

#include <functional>
#include <memory>

namespace selfdirect::ui::platform {

// `display` is the Xlib Display* and `window` the X Window of the GLFW window. `pump` processes
// pending window-system events (glfwPollEvents); it is called while a temporary key mapping is
// live, so the character is translated before the mapping is removed again.
std::unique_ptr<InputDriver> make_xtest_input(void* display, unsigned long window, std::function<void()> pump);

} // namespace selfdirect::ui::platform
