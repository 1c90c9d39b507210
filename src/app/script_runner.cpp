// Step-by-step execution of a test script (see script_runner.h).
#include "app/script_runner.h"

#include <cstdio>

namespace selfdirect::app {
namespace {

constexpr double kFindTimeoutSeconds = 5.0;   // a control may need the vault worker to finish first
constexpr double kExpectTimeoutSeconds = 2.0;

} // namespace

Result<std::unique_ptr<ScriptRunner>> ScriptRunner::parse(std::string_view text, const std::string& source,
                                                          std::filesystem::path screenshot_dir) {
    auto steps = parse_script(text);
    if (!steps) return make_error(steps.error().code, source + ": " + steps.error().message);
    return std::unique_ptr<ScriptRunner>(new ScriptRunner(std::move(*steps), source, std::move(screenshot_dir)));
}

void ScriptRunner::fail(const Step& step, const std::string& why) {
    std::fprintf(stderr, "script %s:%d: %s failed: %s\n", source_.c_str(), step.line, std::string(step_name(step.kind)).c_str(),
                 why.c_str());
    failed_ = true;
    done_ = true;
}

void ScriptRunner::next_step() {
    ++index_;
    phase_ = 0;
    step_started_ = -1;
    deadline_.reset();
    wants_frame_ = true;
    if (index_ >= steps_.size()) done_ = true;
}

std::optional<double> ScriptRunner::next_deadline() const {
    if (done_) return std::nullopt;
    if (deadline_) return deadline_;
    // While waiting for something to appear, look again soon even if nothing else wakes the loop.
    return step_started_ >= 0 ? std::optional<double>(step_started_ + 0.05 * (phase_ + 1)) : std::nullopt;
}

std::optional<std::filesystem::path> ScriptRunner::take_screenshot_request() {
    auto r = std::move(screenshot_request_);
    screenshot_request_.reset();
    return r;
}

void ScriptRunner::tick(double now, const Probe& p) {
    if (done_ || index_ >= steps_.size()) {
        done_ = true;
        return;
    }
    const Step& step = steps_[index_];
    if (step_started_ < 0) {
        step_started_ = now;
        frames_mark_ = p.frames_drawn;
    }
    const double elapsed = now - step_started_;

    switch (step.kind) {
    case StepKind::tap: {
        if (phase_ == 0) {
            wants_frame_ = true;
            const ui::RegisteredControl* c = p.app_busy ? nullptr : p.registry.find(step.text);
            if (!c) {
                if (elapsed > kFindTimeoutSeconds) fail(step, "no control with id or label \"" + step.text + "\" on screen");
                return;
            }
            if (!c->visible) return fail(step, "\"" + step.text + "\" is scrolled out of view");
            p.input.move_to(c->rect.cx(), c->rect.cy());
            p.input.button(true);
            phase_ = 1;
            frames_mark_ = p.frames_drawn;
        } else if (phase_ == 1 && p.frames_drawn > frames_mark_) {
            p.input.button(false); // a release in a later frame than the press: ImGui sees a click
            phase_ = 2;
            frames_mark_ = p.frames_drawn;
        } else if (phase_ == 2 && settled(p)) {
            next_step();
        }
        return;
    }
    case StepKind::type:
    case StepKind::key:
        if (phase_ == 0) {
            if (p.app_busy) return;
            if (step.kind == StepKind::type) p.input.type_text(step.text);
            else if (!p.input.key(step.text)) return fail(step, "unknown key \"" + step.text + "\"");
            phase_ = 1;
            frames_mark_ = p.frames_drawn;
        } else if (settled(p)) {
            next_step();
        }
        return;
    case StepKind::wait_frames:
        wants_frame_ = true;
        if (p.frames_drawn >= frames_mark_ + step.number) next_step();
        return;
    case StepKind::wait_ms:
        wants_frame_ = false;
        deadline_ = step_started_ + step.number / 1000.0;
        if (now >= *deadline_) next_step();
        return;
    case StepKind::screenshot:
        if (phase_ == 0) {
            if (p.app_busy) return;
            screenshot_request_ = screenshot_dir_ / (step.text + ".png");
            phase_ = 1;
            frames_mark_ = p.frames_drawn;
        } else if (p.frames_drawn > frames_mark_) {
            next_step();
        }
        return;
    case StepKind::expect:
        wants_frame_ = true;
        if (p.registry.shows_text(step.text)) return next_step();
        if (elapsed > kExpectTimeoutSeconds) fail(step, "\"" + step.text + "\" is not on screen");
        return;
    case StepKind::expect_idle:
        // Ask for nothing: the point is to see whether the loop draws on its own.
        wants_frame_ = false;
        if (phase_ == 0) {
            // Let the frames owed to the previous step finish before the measured window opens.
            deadline_ = now + 0.5;
            phase_ = 1;
            return;
        }
        if (phase_ == 1) {
            if (now < *deadline_) return;
            frames_mark_ = p.frames_drawn;
            deadline_ = now + step.number / 1000.0;
            phase_ = 2;
            return;
        }
        if (now >= *deadline_) {
            const long drawn = p.frames_drawn - frames_mark_;
            std::fprintf(stderr, "script %s:%d: %ld frames drawn in %d ms idle\n", source_.c_str(), step.line, drawn, step.number);
            if (drawn > step.max_frames) return fail(step, std::to_string(drawn) + " frames drawn while idle");
            next_step();
        }
        return;
    case StepKind::quit:
        done_ = true;
        return;
    }
}

} // namespace selfdirect::app
