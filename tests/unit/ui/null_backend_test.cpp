// The Null backend: ImGui frames with no window, and injected input that behaves like a user's.
#include "imgui_test_support.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

using namespace selfdirect::ui::platform;
using namespace selfdirect::ui::platform::testing;

namespace {

std::unique_ptr<Backend> null_backend() { return started_null_backend(640, 480); }

// Draws frames while injected input is pending, then `extra` more (as the frame pacer would).
template <typename Ui>
void settle(Backend& backend, Ui& ui, int extra = 3) {
    for (int guard = 0; guard < 50 && backend.wait_events(0); ++guard) run_frame(backend, std::ref(ui));
    for (int i = 0; i < extra; ++i) run_frame(backend, std::ref(ui));
}

void tap(InputDriver& input, ImVec2 at) {
    input.move_to(at.x, at.y);
    input.button(true);
    input.button(false);
}

} // namespace

TEST_CASE("a tap injected through the Null input driver clicks the button under it") {
    auto backend = null_backend();
    AttachedContext context(*backend);
    ButtonScreen screen;
    run_frame(*backend, std::ref(screen));
    REQUIRE(screen.max.x > screen.min.x);

    tap(backend->input(), screen.centre());
    settle(*backend, screen);
    CHECK(screen.clicks == 1);
}

TEST_CASE("a tap beside the button does not click it") {
    auto backend = null_backend();
    AttachedContext context(*backend);
    ButtonScreen screen;
    run_frame(*backend, std::ref(screen));

    tap(backend->input(), ImVec2(screen.max.x + 40, screen.max.y + 40));
    settle(*backend, screen);
    CHECK(screen.clicks == 0);
}

TEST_CASE("the Null backend's display size comes from the window options") {
    auto backend = null_backend();
    AttachedContext context(*backend);
    ButtonScreen screen;
    run_frame(*backend, std::ref(screen));
    CHECK(ImGui::GetIO().DisplaySize.x == 640);
    CHECK(ImGui::GetIO().DisplaySize.y == 480);
    CHECK(ImGui::GetIO().DeltaTime == doctest::Approx(1.0 / 60));
}

TEST_CASE("an injected key press is seen by ImGui exactly once") {
    auto backend = null_backend();
    AttachedContext context(*backend);
    TextFieldScreen screen;
    run_frame(*backend, std::ref(screen));
    REQUIRE(backend->input().key("Tab"));
    settle(*backend, screen);
    CHECK(screen.tab_presses == 1);
}

TEST_CASE("text typed through the Null driver reaches the focused field") {
    auto backend = null_backend();
    AttachedContext context(*backend);
    TextFieldScreen screen;
    run_frame(*backend, std::ref(screen));
    run_frame(*backend, std::ref(screen));
    backend->input().type_text("Zoë £5");
    REQUIRE(backend->input().key("Backspace"));
    backend->input().type_text("6");
    settle(*backend, screen);
    CHECK(std::string(screen.text) == "Zoë £6");
}

TEST_CASE("wait_events reports pending input and wakes from another thread, and otherwise times out") {
    auto backend = null_backend();
    CHECK_FALSE(backend->wait_events(0));
    const auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(backend->wait_events(0.05));
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(45));

    backend->input().move_to(1, 1);
    CHECK(backend->wait_events(-1)); // pending input: no blocking

    auto fresh = null_backend();
    std::thread waker([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        fresh->wake();
    });
    CHECK(fresh->wait_events(-1));
    waker.join();
    CHECK_FALSE(fresh->wait_events(0)); // the wake is consumed
}

TEST_CASE("text copied in the Null backend never reaches a clipboard") {
    auto backend = null_backend();
    AttachedContext context(*backend);
    ImGui::SetClipboardText("private answer");
    CHECK(std::string(ImGui::GetClipboardText()) == "");
    CHECK(ImGui::GetIO().IniFilename == nullptr);
}

TEST_CASE("the Null backend can be detached and re-attached to a fresh context (kiosk wipe)") {
    auto backend = null_backend();
    ButtonScreen screen;
    {
        AttachedContext first(*backend);
        run_frame(*backend, std::ref(screen));
    }
    AttachedContext second(*backend);
    run_frame(*backend, std::ref(screen));
    tap(backend->input(), screen.centre());
    settle(*backend, screen);
    CHECK(screen.clicks == 1);
}
