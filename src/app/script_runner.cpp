// Step-by-step execution of a test script (see script_runner.h).
#include "app/script_runner.h"

#include "app/layout_check.h"
#include "ui/platform/keyboard_nav.h"
#include "vault/memory_scan.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>

namespace selfdirect::app {
namespace {

// explicit_bzero rather than clear(): clear() keeps the bytes in the string's buffer.
void wipe_text(std::string& text) {
    explicit_bzero(text.data(), text.size());
    text.clear();
}

constexpr double kFindTimeoutSeconds = 5.0;   // a control may need the vault worker to finish first
constexpr double kExpectTimeoutSeconds = 2.0;
constexpr double kScrollTimeoutSeconds = 10.0;

// The control with exactly this test id (labels do not count: they change with the language).
const ui::RegisteredControl* find_id(const ui::WidgetRegistry& registry, std::string_view id) {
    for (const auto& c : registry.controls())
        if (c.id == id) return &c;
    return nullptr;
}

// The control that has the keyboard focus. ImGui knows the focused item by its ImGui id and the
// registry by test id, so match the rectangles: the control drawn exactly there, or else the
// smallest one under the centre of the focus (a text area's focus is its frame). Exact first:
// a control scrolled under the footer still has its whole rectangle in the registry.
const ui::RegisteredControl* focused_control(const ui::WidgetRegistry& registry, const std::optional<ui::Rect>& focus) {
    if (!focus) return nullptr;
    auto near = [](float a, float b) { return a - b < 1.5f && b - a < 1.5f; };
    for (const auto& c : registry.controls())
        if (c.interactive && near(c.rect.x0, focus->x0) && near(c.rect.y0, focus->y0) && near(c.rect.x1, focus->x1) &&
            near(c.rect.y1, focus->y1))
            return &c;
    const float x = focus->cx(), y = focus->cy();
    const ui::RegisteredControl* best = nullptr;
    for (const auto& c : registry.controls()) {
        if (!c.interactive || x < c.rect.x0 || x > c.rect.x1 || y < c.rect.y0 || y > c.rect.y1) continue;
        if (!best || c.rect.width() * c.rect.height() < best->rect.width() * best->rect.height()) best = &c;
    }
    return best;
}

nlohmann::json rect_json(const ui::Rect& r) { return {{"x0", r.x0}, {"y0", r.y0}, {"x1", r.x1}, {"y1", r.y1}}; }

// The registry of the frame a screenshot captured, beside its PNG (script.h, `screenshot`): the
// contrast and target-size test measures each control's pixels inside these rectangles.
bool write_registry_json(const std::filesystem::path& path, const ui::WidgetRegistry& registry, float window_w,
                         float window_h, long frame) {
    nlohmann::json controls = nlohmann::json::array();
    for (const auto& c : registry.controls()) {
        nlohmann::json j = {{"id", c.id},           {"label", c.label},     {"x0", c.rect.x0},
                            {"y0", c.rect.y0},      {"x1", c.rect.x1},      {"y1", c.rect.y1},
                            {"interactive", c.interactive}, {"visible", c.visible}};
        if (c.clip.x1 > c.clip.x0 && c.clip.y1 > c.clip.y0) j["clip"] = rect_json(c.clip);
        controls.push_back(std::move(j));
    }
    const nlohmann::json doc = {{"window", {{"w", window_w}, {"h", window_h}}}, {"frame", frame}, {"controls", controls}};
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << doc.dump(1) << '\n';
    return static_cast<bool>(out);
}

} // namespace

Result<std::unique_ptr<ScriptRunner>> ScriptRunner::parse(std::string_view text, const std::string& source,
                                                          std::filesystem::path screenshot_dir) {
    auto steps = parse_script(text);
    if (!steps) return make_error(steps.error().code, source + ": " + steps.error().message);
    return std::unique_ptr<ScriptRunner>(new ScriptRunner(std::move(*steps), source, std::move(screenshot_dir)));
}

void ScriptRunner::check_forgotten(const Step& step, const std::string& masked) {
    auto hits = vault::find_canary_in_own_memory(masked);
    if (!hits) return fail(step, hits.error().message);
    if (hits->empty()) return next_step();
    std::string where;
    for (const auto& h : *hits) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s%#lx (%s%s)", where.empty() ? "" : ", ", static_cast<unsigned long>(h.address),
                      h.mapping.empty() ? "anonymous" : h.mapping.c_str(), h.utf16 ? ", UTF-16" : "");
        where += buf;
        where += " after \"" + h.before + "\"";
    }
    fail(step, "the forgotten text is still in memory " + std::to_string(hits->size()) + " time(s): " + where);
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
    Step& step = steps_[index_]; // not const: a typed text is wiped once typed
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
            if (step.kind == StepKind::type) {
                p.input.type_text(step.text);
                // Typed is typed: the script must not keep a copy of a test canary that the kiosk
                // is later expected to have forgotten (expect-forgotten).
                wipe_text(step.text);
            }
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
            // The loop ticks once before each frame it draws, so the registry now describes exactly
            // the frame that was captured (frames_mark_ + 1).
            const auto json_path = screenshot_dir_ / (step.text + ".json");
            if (!write_registry_json(json_path, p.registry, p.window_w, p.window_h, p.frames_drawn))
                return fail(step, "could not write " + json_path.string());
            next_step();
        }
        return;
    case StepKind::expect:
        wants_frame_ = true;
        if (p.registry.shows_text(step.text)) return next_step();
        if (elapsed > kExpectTimeoutSeconds) fail(step, "\"" + step.text + "\" is not on screen");
        return;
    case StepKind::expect_id: {
        wants_frame_ = true;
        const ui::RegisteredControl* c = find_id(p.registry, step.text);
        if (c && c->visible) return next_step();
        if (elapsed > kExpectTimeoutSeconds)
            fail(step, c ? "\"" + step.text + "\" is scrolled out of view" : "no control with id \"" + step.text + "\" on screen");
        return;
    }
    case StepKind::expect_focus: {
        wants_frame_ = true;
        const auto focus = p.focus ? *p.focus : ui::platform::focused_rect();
        const ui::RegisteredControl* c = p.app_busy ? nullptr : focused_control(p.registry, focus);
        if (c && c->id == step.text) return next_step();
        if (elapsed > kExpectTimeoutSeconds)
            fail(step, !focus ? "no control has the keyboard focus"
                       : c    ? "the keyboard focus is on \"" + c->id + "\", not \"" + step.text + "\""
                              : "the keyboard focus is on nothing the registry knows");
        return;
    }
    case StepKind::expect_forgotten: {
        wants_frame_ = true;
        if (!settled(p)) return;
        std::string masked;
        for (std::size_t i = 0; i + 1 < step.text.size(); i += 2)
            masked.push_back(static_cast<char>(std::stoi(step.text.substr(i, 2), nullptr, 16)));
        return check_forgotten(step, masked);
    }
    case StepKind::remember_masked: {
        wants_frame_ = true;
        const ui::RegisteredControl* c = p.app_busy ? nullptr : find_id(p.registry, step.text);
        if (c && c->visible && !c->label.empty()) {
            remembered_masked_.clear();
            for (char ch : c->label) remembered_masked_.push_back(static_cast<char>(ch ^ 0xA5));
            return next_step();
        }
        if (elapsed > kExpectTimeoutSeconds) fail(step, "no visible control with id \"" + step.text + "\" to remember");
        return;
    }
    case StepKind::expect_forgotten_remembered: {
        wants_frame_ = true;
        if (!settled(p)) return;
        if (remembered_masked_.empty()) return fail(step, "nothing was remembered (remember-masked comes first)");
        return check_forgotten(step, remembered_masked_);
    }
    case StepKind::expect_layout: {
        wants_frame_ = true;
        if (!settled(p)) return; // the footer is measured a frame late: judge the settled page
        const std::vector<std::string> problems = layout_problems(p.registry, p.window_w, p.window_h);
        if (problems.empty()) return next_step();
        std::string all;
        for (const std::string& problem : problems) all += (all.empty() ? "" : "; ") + problem;
        return fail(step, all);
    }
    case StepKind::scroll_to: {
        wants_frame_ = true;
        if (phase_ == 1) { // a notch was turned: look again once the page has redrawn
            if (!settled(p)) return;
            phase_ = 0;
        }
        const ui::RegisteredControl* c = p.app_busy ? nullptr : find_id(p.registry, step.text);
        if (!c) {
            if (elapsed > kFindTimeoutSeconds) fail(step, "no control with id \"" + step.text + "\" on screen");
            return;
        }
        // Its clip rectangle, or else the page's scrolling area, or else the window.
        const ui::RegisteredControl* content = find_id(p.registry, "page.content");
        const bool has_clip = c->clip.x1 > c->clip.x0 && c->clip.y1 > c->clip.y0;
        const ui::Rect area = has_clip ? c->clip : content ? content->rect : ui::Rect{0, 0, p.window_w, p.window_h};
        // In view when a tap at its centre lands on it; a wheel notch moves less than the area's
        // height, so this is always reached without overshooting back and forth.
        if (c->visible && c->rect.cy() > area.y0 + 2 && c->rect.cy() < area.y1 - 2) return next_step();
        if (elapsed > kScrollTimeoutSeconds) return fail(step, "\"" + step.text + "\" could not be scrolled into view");
        p.input.move_to(area.cx(), area.cy());
        p.input.wheel(c->rect.cy() > area.cy() ? 1 : -1);
        phase_ = 1;
        frames_mark_ = p.frames_drawn;
        return;
    }
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
