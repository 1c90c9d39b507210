// Runs a parsed test script (src/app/script.h) against the live app: finds controls in the widget
// registry by test id or label, drives them with real input through the platform's InputDriver
// (XTest in a real window), asks the loop for screenshots and frames, and checks what is on screen.
// Everything is paced by frames actually drawn, so a script behaves the same on a slow machine.
#pragma once

#include "app/script.h"
#include "core/result.h"
#include "ui/platform/backend.h"
#include "ui/widget_registry.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace selfdirect::app {

class ScriptRunner {
public:
    struct Probe {
        const ui::WidgetRegistry& registry;
        ui::platform::InputDriver& input;
        long frames_drawn;
        bool app_busy;   // the journey waits for the vault: input would be ignored, so wait too
        float window_w = 0;  // the window in the registry's pixels (expect-layout, scroll-to)
        float window_h = 0;
        // The keyboard focus (expect-focus): null asks the live ImGui context
        // (ui::platform::focused_rect); tests point it at a rectangle, or at nothing.
        const std::optional<ui::Rect>* focus = nullptr;
    };

    static Result<std::unique_ptr<ScriptRunner>> parse(std::string_view text, const std::string& source,
                                                       std::filesystem::path screenshot_dir);

    void tick(double now, const Probe& probe);
    std::optional<double> next_deadline() const;        // when the loop must wake even with no event
    std::optional<std::filesystem::path> take_screenshot_request();
    bool wants_frame() const { return wants_frame_; }
    bool done() const { return done_; }
    int exit_code() const { return failed_ ? 1 : 0; }

private:
    ScriptRunner(std::vector<Step> steps, std::string source, std::filesystem::path dir)
        : steps_(std::move(steps)), source_(std::move(source)), screenshot_dir_(std::move(dir)) {}
    void fail(const Step& step, const std::string& why);
    // expect-forgotten: fails `step` if the text whose masked bytes are `masked` is in memory.
    void check_forgotten(const Step& step, const std::string& masked);
    void next_step();
    bool settled(const Probe& p) const { return !p.app_busy && p.frames_drawn >= frames_mark_ + 2; }

    std::vector<Step> steps_;
    std::string source_;
    std::filesystem::path screenshot_dir_;
    std::size_t index_ = 0;
    int phase_ = 0;             // progress within the current step
    double step_started_ = -1;  // monotonic seconds
    long frames_mark_ = 0;      // frames drawn when the current phase began
    std::optional<double> deadline_;
    std::string remembered_masked_; // remember-masked: a label, each byte XOR 0xA5 (never the text itself)
    std::optional<std::filesystem::path> screenshot_request_;
    bool wants_frame_ = true;
    bool done_ = false;
    bool failed_ = false;
};

} // namespace selfdirect::app
