// Decides when the event-driven loop draws and how long it may sleep, so an idle kiosk uses ~0 % CPU
// (research imgui-kiosk.md §1.4, after Tracy's "active frames" counter). Pure logic, no GLFW: after
// any event the loop draws a few more frames (popups and auto-sized windows settle on the second
// frame, latched key releases land on the next), then blocks until the next event or timer.
#pragma once

#include <optional>

namespace selfdirect::ui::platform {

class FramePacer {
public:
    static constexpr int kFramesPerEvent = 3;

    // Starts "active": the first frames after start-up are drawn without waiting for an event.
    explicit FramePacer(int frames_per_event = kFramesPerEvent);

    // An input event, a wake() from a worker, or an expired timer: draw `frames_per_event` more frames.
    void on_event();
    // Treats a timer due at or before `now` as an event. Times are seconds on one monotonic clock.
    void on_time(double now, std::optional<double> next_timer);

    bool should_draw() const { return frames_left_ > 0; }
    void frame_drawn();

    // Seconds the loop may block in Backend::wait_events: 0 (poll) while frames remain to draw,
    // the time until `next_timer` when one is set (0 if already due), and < 0 (forever) otherwise.
    double wait_timeout(double now, std::optional<double> next_timer) const;

    int frames_left() const { return frames_left_; }

private:
    int frames_per_event_;
    int frames_left_;
};

} // namespace selfdirect::ui::platform
