// The event-driven loop's pacing: a few frames after each event, then sleep until an event or timer.
#include "ui/platform/frame_pacer.h"

#include <doctest/doctest.h>

using selfdirect::ui::platform::FramePacer;

namespace {

// Runs the loop's drawing half until the pacer says idle; returns how many frames were drawn.
int draw_until_idle(FramePacer& pacer) {
    int drawn = 0;
    while (pacer.should_draw() && drawn < 100) {
        pacer.frame_drawn();
        ++drawn;
    }
    return drawn;
}

} // namespace

TEST_CASE("the pacer draws the start-up frames, then idles with no timeout") {
    FramePacer pacer;
    CHECK(pacer.wait_timeout(0.0, std::nullopt) == 0.0);
    CHECK(draw_until_idle(pacer) == 3);
    CHECK_FALSE(pacer.should_draw());
    CHECK(pacer.wait_timeout(0.0, std::nullopt) < 0.0);
}

TEST_CASE("an event makes the pacer draw exactly three more frames and then idle") {
    FramePacer pacer;
    draw_until_idle(pacer);
    pacer.on_event();
    CHECK(pacer.wait_timeout(5.0, std::nullopt) == 0.0);
    CHECK(draw_until_idle(pacer) == 3);
    CHECK(pacer.wait_timeout(5.0, std::nullopt) < 0.0);
}

TEST_CASE("events arriving while frames are pending restart the count instead of adding to it") {
    FramePacer pacer;
    draw_until_idle(pacer);
    pacer.on_event();
    pacer.frame_drawn();
    pacer.on_event();
    pacer.on_event();
    CHECK(draw_until_idle(pacer) == 3);
}

TEST_CASE("when idle the pacer sleeps until the next timer, and the due timer wakes it") {
    FramePacer pacer;
    draw_until_idle(pacer);
    CHECK(pacer.wait_timeout(10.0, 12.5) == doctest::Approx(2.5));

    pacer.on_time(11.0, 12.5); // woke early (spurious): still idle
    CHECK_FALSE(pacer.should_draw());
    CHECK(pacer.wait_timeout(11.0, 12.5) == doctest::Approx(1.5));

    pacer.on_time(12.5, 12.5);
    CHECK(pacer.should_draw());
    CHECK(draw_until_idle(pacer) == 3);
}

TEST_CASE("an overdue timer gives a zero wait, never a negative (forever) one") {
    FramePacer pacer;
    draw_until_idle(pacer);
    CHECK(pacer.wait_timeout(20.0, 12.5) == 0.0);
}

TEST_CASE("the number of frames per event is configurable") {
    FramePacer pacer(1);
    CHECK(draw_until_idle(pacer) == 1);
    pacer.on_event();
    CHECK(draw_until_idle(pacer) == 1);
}
