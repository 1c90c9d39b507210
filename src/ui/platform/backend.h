// The platform seam (after Tracy's Backend.hpp and imgui_app.h): the only interface between the UI
// and a window system. `src/ui/platform` is the only code that includes GLFW or imgui_impl_*; the
// rest of the UI and the app see only this. A real GLFW + OpenGL3 backend runs in a window (or
// under Xvfb); the Null backend runs the same ImGui frames with no window for fast UI-logic tests.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace selfdirect::ui::platform {

struct WindowOptions {
    int width = 1280;
    int height = 800;
    bool fullscreen = false;    // kiosk: undecorated window covering the primary monitor
    std::string title = "selfdirect";
};

// Real input through the window system (XTest on X11): what a script step "tap"/"type"/"key" does.
// Coordinates are in window pixels. The Null backend injects into ImGui's io instead.
class InputDriver {
public:
    virtual ~InputDriver() = default;
    virtual void move_to(float x, float y) = 0;
    virtual void button(bool down) = 0;            // left button
    // Turns the mouse wheel by `notches` (positive: scroll the page down, as a person does to see
    // what is below), with the pointer where it is.
    virtual void wheel(int notches) = 0;
    virtual void type_text(const std::string& utf8) = 0;
    virtual bool key(const std::string& name) = 0; // "Enter", "Tab", "Escape", "Backspace", "Left", ... ; false if unknown
};

class Backend {
public:
    virtual ~Backend() = default;

    // Creates the window and GL context (GLFW) or nothing (Null); creates no ImGui context.
    virtual bool init(const WindowOptions& options, std::string& error) = 0;
    // Binds the *current* ImGui context to the window (call after ImGui::CreateContext, and again
    // after the context is destroyed and recreated at a kiosk wipe).
    virtual void attach_imgui() = 0;
    virtual void detach_imgui() = 0;

    // Blocks until an event arrives or `timeout_seconds` passes (< 0: wait forever; 0: poll).
    // Returns true when at least one input or wake event was processed.
    virtual bool wait_events(double timeout_seconds) = 0;
    virtual void new_frame() = 0;                 // backend NewFrame; the caller then calls ImGui::NewFrame
    virtual void render(float r, float g, float b) = 0; // clears and draws ImGui::GetDrawData()
    // Writes the back buffer of the frame just rendered (call after render, before present) as PNG.
    virtual bool capture_png(const std::filesystem::path& path) = 0;
    virtual void present() = 0;
    virtual bool should_close() = 0;
    // Thread-safe: wakes a thread blocked in wait_events (glfwPostEmptyEvent).
    virtual void wake() = 0;
    virtual InputDriver& input() = 0;
    virtual void shutdown() = 0;
    // Wakes that came after shutdown(): each is a fault (a worker outlived the window; after
    // glfwTerminate, glfwPostEmptyEvent is undefined). The app joins its workers before shutdown()
    // and logs a non-zero count; tests check it.
    virtual int wakes_after_shutdown() const = 0;
};

std::unique_ptr<Backend> make_glfw_backend();
std::unique_ptr<Backend> make_null_backend();

} // namespace selfdirect::ui::platform
