// The "active frames" counter behind the event-driven loop (see frame_pacer.h).
#include "ui/platform/frame_pacer.h"

#include <algorithm>

namespace selfdirect::ui::platform {

FramePacer::FramePacer(int frames_per_event)
    : frames_per_event_(std::max(1, frames_per_event)), frames_left_(frames_per_event_) {}

void FramePacer::on_event() { frames_left_ = frames_per_event_; }

void FramePacer::on_time(double now, std::optional<double> next_timer) {
    if (next_timer && *next_timer <= now) on_event();
}

void FramePacer::frame_drawn() {
    if (frames_left_ > 0) --frames_left_;
}

double FramePacer::wait_timeout(double now, std::optional<double> next_timer) const {
    if (frames_left_ > 0) return 0.0;
    if (!next_timer) return -1.0;
    return std::max(0.0, *next_timer - now);
}

} // namespace selfdirect::ui::platform
