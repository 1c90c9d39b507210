// The real GLFW backend in a real window, driven by real X input (XTest). Needs an X display:
// run under `xvfb-run -a -s "-screen 0 1280x800x24"`. Without DISPLAY each case returns early with
// a message: not doctest::skip, because skipped cases are left out of --list-test-cases, so ctest
// (which lists the cases at build time, usually without a display) would never register them.
#include "imgui_test_support.h"

#include <stb_image.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace selfdirect::ui::platform;
using namespace selfdirect::ui::platform::testing;

namespace {

bool no_display() {
    const char* display = std::getenv("DISPLAY");
    return display == nullptr || *display == '\0';
}

std::unique_ptr<Backend> window_backend(int width = 320, int height = 240) {
    auto backend = make_glfw_backend();
    std::string error;
    const bool ok = backend->init(WindowOptions{width, height, false, "selfdirect test"}, error);
    INFO(error);
    REQUIRE(ok);
    return backend;
}

// The loop as the app runs it, for a fixed number of frames: take events, draw.
template <typename Ui>
void run_frames(Backend& backend, Ui& ui, int frames) {
    for (int i = 0; i < frames; ++i) {
        backend.wait_events(0.01);
        run_frame(backend, std::ref(ui));
    }
}

std::vector<unsigned char> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

unsigned be32(const unsigned char* p) { return unsigned(p[0]) << 24 | unsigned(p[1]) << 16 | unsigned(p[2]) << 8 | p[3]; }

} // namespace

#define SKIP_WITHOUT_DISPLAY()                                                                    \
    if (no_display()) {                                                                          \
        MESSAGE("skipped: no DISPLAY (run under xvfb-run -a -s \"-screen 0 1280x800x24\")");    \
        return;                                                                                  \
    }

TEST_CASE("a real window draws a coloured frame and captures it as a PNG of the window size") {
    SKIP_WITHOUT_DISPLAY();
    auto backend = window_backend(320, 240);
    AttachedContext context(*backend);
    const auto path = std::filesystem::path(SELFDIRECT_BINARY_DIR) / "test-output/ui/smoke/frame.png";
    std::filesystem::remove(path);

    bool captured = false;
    backend->new_frame();
    ImGui::NewFrame();
    ImGui::Render();
    backend->render(1.0f, 0.0f, 0.0f); // pure red, nothing drawn over it
    captured = backend->capture_png(path);
    backend->present();
    REQUIRE(captured);

    const auto bytes = read_file(path);
    REQUIRE(bytes.size() > 33);
    const unsigned char magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    CHECK(std::equal(std::begin(magic), std::end(magic), bytes.begin()));
    CHECK(std::string(bytes.begin() + 12, bytes.begin() + 16) == "IHDR");
    CHECK(be32(&bytes[16]) == 320);
    CHECK(be32(&bytes[20]) == 240);

    // The pixels are the frame, not a black root-window grab.
    int w = 0, h = 0, channels = 0;
    unsigned char* pixels = stbi_load_from_memory(bytes.data(), int(bytes.size()), &w, &h, &channels, 3);
    REQUIRE(pixels != nullptr);
    const unsigned char* centre = pixels + (size_t(h / 2) * w + w / 2) * 3;
    CHECK(int(centre[0]) == 255);
    CHECK(int(centre[1]) == 0);
    CHECK(int(centre[2]) == 0);
    stbi_image_free(pixels);
}

TEST_CASE("a tap through the X server clicks the button under it in a real window") {
    SKIP_WITHOUT_DISPLAY();
    auto backend = window_backend(640, 480);
    AttachedContext context(*backend);
    ButtonScreen screen;
    run_frames(*backend, screen, 2);

    auto& input = backend->input();
    input.move_to(screen.centre().x, screen.centre().y);
    input.button(true);
    input.button(false);
    CHECK(backend->wait_events(0)); // the events are already queued: no sleep needed
    run_frame(*backend, std::ref(screen));
    run_frames(*backend, screen, 3);
    CHECK(screen.clicks == 1);
}

TEST_CASE("a key pressed and released within one wait is still seen once by ImGui (key latch)") {
    SKIP_WITHOUT_DISPLAY();
    auto backend = window_backend(640, 480);
    AttachedContext context(*backend);
    TextFieldScreen screen;
    run_frames(*backend, screen, 2);

    REQUIRE(backend->input().key("Tab")); // press and release, both queued before the next wait
    run_frames(*backend, screen, 4);
    CHECK(screen.tab_presses == 1);
    CHECK_FALSE(backend->input().key("NoSuchKey"));
}

TEST_CASE("text typed through the X server reaches a real input field, even letters the layout lacks") {
    SKIP_WITHOUT_DISPLAY();
    auto backend = window_backend(640, 480);
    AttachedContext context(*backend);
    TextFieldScreen screen;
    run_frames(*backend, screen, 2);

    // Shifted ASCII, and é/ë/£ which a US layout has no key for (typed via a scratch keycode).
    backend->input().type_text("Zoë Brontë: £5 é!é");
    run_frames(*backend, screen, 4);
    CHECK(std::string(screen.text) == "Zoë Brontë: £5 é!é");
}

TEST_CASE("wait_events returns at once after wake() and reports it") {
    SKIP_WITHOUT_DISPLAY();
    auto backend = window_backend();
    AttachedContext context(*backend);
    ButtonScreen screen;
    run_frames(*backend, screen, 2);
    for (int guard = 0; guard < 100 && backend->wait_events(0); ++guard) {
    }
    backend->wake();
    CHECK(backend->wait_events(5.0));
    CHECK_FALSE(backend->wait_events(0));
}

TEST_CASE("the real backend keeps copied text off the X selection") {
    SKIP_WITHOUT_DISPLAY();
    auto backend = window_backend();
    AttachedContext context(*backend);
    ImGui::SetClipboardText("private answer");
    CHECK(std::string(ImGui::GetClipboardText()) == "");
    CHECK(ImGui::GetIO().IniFilename == nullptr);
}

TEST_CASE("the real backend can be detached and re-attached to a fresh ImGui context") {
    SKIP_WITHOUT_DISPLAY();
    auto backend = window_backend(640, 480);
    ButtonScreen screen;
    {
        AttachedContext first(*backend);
        run_frames(*backend, screen, 2);
    }
    AttachedContext second(*backend);
    run_frames(*backend, screen, 2);
    auto& input = backend->input();
    input.move_to(screen.centre().x, screen.centre().y);
    input.button(true);
    input.button(false);
    run_frames(*backend, screen, 4);
    CHECK(screen.clicks == 1);
}

TEST_CASE("a full-screen window covers the monitor rather than the requested window size") {
    SKIP_WITHOUT_DISPLAY();
    auto backend = make_glfw_backend();
    std::string error;
    REQUIRE(backend->init(WindowOptions{320, 240, true, "kiosk"}, error));
    AttachedContext context(*backend);
    const auto path = std::filesystem::path(SELFDIRECT_BINARY_DIR) / "test-output/ui/smoke/fullscreen.png";
    ButtonScreen screen;
    bool captured = false;
    run_frame(*backend, std::ref(screen), [&] { captured = backend->capture_png(path); });
    REQUIRE(captured);
    const auto bytes = read_file(path);
    REQUIRE(bytes.size() > 24);
    MESSAGE("full-screen capture is " << be32(&bytes[16]) << "x" << be32(&bytes[20]));
    CHECK(be32(&bytes[16]) > 320);
    CHECK(be32(&bytes[20]) > 240);
}

TEST_CASE("without a display, init fails with an error that says how to get one") {
    const char* saved = std::getenv("DISPLAY");
    const std::string display = saved ? saved : "";
    unsetenv("DISPLAY");
    auto backend = make_glfw_backend();
    std::string error;
    const bool ok = backend->init(WindowOptions{}, error);
    if (!display.empty()) setenv("DISPLAY", display.c_str(), 1);
    CHECK_FALSE(ok);
    CHECK(error.find("xvfb-run") != std::string::npos);
    CHECK_FALSE(backend->wait_events(0));
    CHECK_FALSE(backend->input().key("Tab")); // no window: input does nothing
}
