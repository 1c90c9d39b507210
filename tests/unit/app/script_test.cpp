// The test-script parser: every step kind, quoting, and errors that name the line.
#include "app/script.h"
#include "app/script_runner.h"
#include "ui/platform/backend.h"
#include "ui/platform/key_names.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

using selfdirect::app::parse_script;
using selfdirect::app::Step;
using selfdirect::app::StepKind;

namespace {

std::vector<Step> parse_ok(std::string_view text) {
    auto r = parse_script(text);
    if (!r) FAIL("unexpected error: " << r.error().message);
    return std::move(r).value();
}

std::string parse_error(std::string_view text) {
    auto r = parse_script(text);
    if (r) {
        FAIL("script was accepted: " << text);
        return {};
    }
    CHECK(r.error().code == "script.invalid");
    return r.error().message;
}

} // namespace

TEST_CASE("every step kind parses with its arguments and line number") {
    const auto steps = parse_ok("tap consent.yes\n"
                                "type \"Ada Lovelace\"\n"
                                "key Enter\n"
                                "wait 2\n"
                                "wait-ms 250\n"
                                "screenshot first-screen\n"
                                "expect \"Welcome\"\n"
                                "expect-idle 1000 3\n"
                                "quit\n");
    REQUIRE(steps.size() == 9);
    CHECK(steps[0].kind == StepKind::tap);
    CHECK(steps[0].text == "consent.yes");
    CHECK(steps[1].kind == StepKind::type);
    CHECK(steps[1].text == "Ada Lovelace");
    CHECK(steps[2].kind == StepKind::key);
    CHECK(steps[2].text == "Enter");
    CHECK(steps[3].kind == StepKind::wait_frames);
    CHECK(steps[3].number == 2);
    CHECK(steps[4].kind == StepKind::wait_ms);
    CHECK(steps[4].number == 250);
    CHECK(steps[5].kind == StepKind::screenshot);
    CHECK(steps[5].text == "first-screen");
    CHECK(steps[6].kind == StepKind::expect);
    CHECK(steps[6].text == "Welcome");
    CHECK(steps[7].kind == StepKind::expect_idle);
    CHECK(steps[7].number == 1000);
    CHECK(steps[7].max_frames == 3);
    CHECK(steps[8].kind == StepKind::quit);
    for (size_t i = 0; i < steps.size(); ++i) CHECK(steps[i].line == int(i) + 1);
}

TEST_CASE("blank lines and comments are skipped but still counted as lines") {
    const auto steps = parse_ok("# a script\n\n   \t\ntap next   # go on\n# done\nquit");
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].text == "next");
    CHECK(steps[0].line == 4);
    CHECK(steps[1].kind == StepKind::quit);
    CHECK(steps[1].line == 6);
}

TEST_CASE("an empty script has no steps") { CHECK(parse_ok("").empty()); }

TEST_CASE("quoted arguments keep spaces, hashes, escaped quotes and backslashes") {
    const auto steps = parse_ok("type \"a \\\"quoted\\\" # not a comment \\\\ end\"\ntap \"Start now\"\r\n");
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].text == "a \"quoted\" # not a comment \\ end");
    CHECK(steps[1].text == "Start now");
}

TEST_CASE("a hash inside a bare word is text, not a comment") {
    const auto steps = parse_ok("tap item#2");
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].text == "item#2");
}

TEST_CASE("UTF-8 text is passed through unchanged") {
    const auto steps = parse_ok("type \"Zoë Brontë £5\"");
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].text == "Zoë Brontë £5");
}

TEST_CASE("an unknown step is refused with its line number") {
    const auto message = parse_error("tap a\n\nclick b\n");
    CHECK(message.rfind("line 3: ", 0) == 0);
    CHECK(message.find("click") != std::string::npos);
}

TEST_CASE("step names are case sensitive") { CHECK(parse_error("Tap a").rfind("line 1: ", 0) == 0); }

TEST_CASE("wrong argument counts are refused") {
    CHECK(parse_error("tap").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("tap a b").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("quit now").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("expect-idle 100").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("wait 1\nwait").rfind("line 2: ", 0) == 0);
}

TEST_CASE("numbers must be whole, non-negative and fit in an int") {
    CHECK(parse_error("wait -1").find("line 1: ") == 0);
    CHECK(parse_error("wait 1.5").find("line 1: ") == 0);
    CHECK(parse_error("wait-ms 10ms").find("line 1: ") == 0);
    CHECK(parse_error("wait 99999999999").find("line 1: ") == 0);
    CHECK(parse_error("expect-idle 100 x").find("line 1: ") == 0);
    CHECK(parse_ok("wait 0")[0].number == 0);
}

TEST_CASE("malformed quoting is refused with its line number") {
    CHECK(parse_error("quit\ntype \"unterminated").rfind("line 2: ", 0) == 0);
    CHECK(parse_error("type \"bad \\n escape\"").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("tap ab\"c\"").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("tap \"ab\"c").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("type \"ends in backslash\\").rfind("line 1: ", 0) == 0);
}

TEST_CASE("empty text for tap, type and expect is refused") {
    CHECK(parse_error("tap \"\"").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("type \"\"").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("expect \"\"").rfind("line 1: ", 0) == 0);
}

TEST_CASE("an unknown key name is refused at parse time") {
    CHECK(parse_error("key F13").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("key enter").rfind("line 1: ", 0) == 0);
    CHECK(parse_ok("key Return")[0].text == "Return");
}

TEST_CASE("screenshot names cannot leave the screenshot directory") {
    CHECK(parse_error("screenshot ../escape").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("screenshot a/b").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("screenshot .hidden").rfind("line 1: ", 0) == 0);
    CHECK(parse_ok("screenshot step_2.final-v1")[0].text == "step_2.final-v1");
}

TEST_CASE("every key name a script may use is accepted by the Null input driver") {
    auto backend = selfdirect::ui::platform::make_null_backend();
    for (auto name : selfdirect::ui::platform::kKeyNames) {
        CAPTURE(name);
        CHECK(backend->input().key(std::string(name)));
    }
    CHECK_FALSE(backend->input().key("F13"));
}

TEST_CASE("step names round-trip through step_name") {
    const auto steps = parse_ok("tap a\ntype b\nkey Tab\nwait 1\nwait-ms 1\nscreenshot s\nexpect e\nexpect-idle 1 1\nquit");
    const char* names[] = {"tap", "type", "key", "wait", "wait-ms", "screenshot", "expect", "expect-idle", "quit"};
    REQUIRE(steps.size() == 9);
    for (size_t i = 0; i < steps.size(); ++i) CHECK(selfdirect::app::step_name(steps[i].kind) == names[i]);
}

TEST_CASE("expect-focus takes one test id and is refused without one") {
    const auto steps = parse_ok("key Shift+Tab\nkey KeypadEnter\nexpect-focus nav.next\n");
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].text == "Shift+Tab");
    CHECK(steps[1].text == "KeypadEnter");
    CHECK(steps[2].kind == StepKind::expect_focus);
    CHECK(steps[2].text == "nav.next");
    CHECK(selfdirect::app::step_name(steps[2].kind) == "expect-focus");
    CHECK(parse_error("expect-focus").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("expect-focus \"\"").rfind("line 1: ", 0) == 0);
    CHECK(parse_error("expect-focus a b").rfind("line 1: ", 0) == 0);
}

namespace {

// Runs a one-step script against a registry holding two buttons, with the keyboard focus at `focus`;
// returns the exit code once the step has passed or failed (its 2 s retry runs on a fake clock).
int run_expect_focus(const std::string& id, std::optional<selfdirect::ui::Rect> focus) {
    using selfdirect::app::ScriptRunner;
    auto runner = ScriptRunner::parse("expect-focus " + id + "\n", "test", "/nonexistent");
    REQUIRE(runner);
    selfdirect::ui::WidgetRegistry registry;
    registry.begin_frame();
    registry.add("page.content", "", {0, 0, 800, 600}, false);
    registry.add("nav.back", "Back", {10, 500, 110, 560}, true);
    registry.add("nav.next", "Next", {130, 500, 230, 560}, true);
    registry.end_frame();
    auto backend = selfdirect::ui::platform::make_null_backend();
    const std::optional<selfdirect::ui::Rect> shown = focus;
    long frames = 0;
    for (double now = 0; now < 5 && !(*runner)->done(); now += 0.1) {
        ScriptRunner::Probe probe{registry, backend->input(), ++frames, false};
        probe.focus = &shown;
        (*runner)->tick(now, probe);
    }
    REQUIRE((*runner)->done());
    return (*runner)->exit_code();
}

} // namespace

TEST_CASE("expect-focus passes only when the named control has the keyboard focus") {
    const selfdirect::ui::Rect on_next{130, 500, 230, 560};
    CHECK(run_expect_focus("nav.next", on_next) == 0);
    CHECK(run_expect_focus("nav.back", on_next) == 1);
    CHECK(run_expect_focus("nav.next", std::nullopt) == 1);
}

TEST_CASE("expect-focus names the control drawn exactly at the focus, not a smaller one scrolled under it") {
    // A key of the on-screen keyboard scrolled under the footer still has its whole rectangle.
    using selfdirect::app::ScriptRunner;
    auto runner = ScriptRunner::parse("expect-focus nav.next\n", "test", "/nonexistent");
    REQUIRE(runner);
    selfdirect::ui::WidgetRegistry registry;
    registry.begin_frame();
    registry.add("osk.key.z", "z", {140, 510, 200, 550}, true);
    registry.add("nav.next", "Next", {130, 500, 230, 560}, true);
    registry.end_frame();
    auto backend = selfdirect::ui::platform::make_null_backend();
    const std::optional<selfdirect::ui::Rect> focus = selfdirect::ui::Rect{130, 500, 230, 560};
    long frames = 0;
    for (double now = 0; now < 5 && !(*runner)->done(); now += 0.1) {
        ScriptRunner::Probe probe{registry, backend->input(), ++frames, false};
        probe.focus = &focus;
        (*runner)->tick(now, probe);
    }
    CHECK((*runner)->exit_code() == 0);
}

TEST_CASE("expect-forgotten takes an even number of hex digits and refuses anything else") {
    auto steps = parse_ok("expect-forgotten c0ffee\n");
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].kind == StepKind::expect_forgotten);
    CHECK(steps[0].text == "c0ffee");
    for (const char* bad : {"expect-forgotten abc\n", "expect-forgotten xyz1\n", "expect-forgotten \"\"\n", "expect-forgotten\n"}) {
        auto r = parse_script(bad);
        CHECK_FALSE(r.ok());
    }
}

TEST_CASE("remember-masked takes a test id and expect-forgotten-remembered takes nothing") {
    auto steps = parse_ok("remember-masked resume.code\nexpect-forgotten-remembered\n");
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].kind == StepKind::remember_masked);
    CHECK(steps[0].text == "resume.code");
    CHECK(steps[1].kind == StepKind::expect_forgotten_remembered);
    for (const char* bad : {"remember-masked\n", "remember-masked \"\"\n", "expect-forgotten-remembered x\n"}) {
        auto r = parse_script(bad);
        CHECK_FALSE(r.ok());
    }
}

namespace {

// Runs "screenshot NAME" against a registry that changes every frame (its one control's label is the
// frame number it was drawn in), writing into `dir`; returns the exit code.
int run_screenshot(const std::filesystem::path& dir, std::optional<std::filesystem::path>& requested) {
    using selfdirect::app::ScriptRunner;
    auto runner = ScriptRunner::parse("screenshot page-1\n", "test", dir);
    REQUIRE(runner);
    selfdirect::ui::WidgetRegistry registry;
    auto backend = selfdirect::ui::platform::make_null_backend();
    long frames = 0;
    for (double now = 0; now < 5 && !(*runner)->done(); now += 0.1) {
        ScriptRunner::Probe probe{registry, backend->input(), frames, false, 800, 600};
        (*runner)->tick(now, probe);
        if (auto shot = (*runner)->take_screenshot_request()) requested = shot;
        ++frames; // the loop draws a frame after each tick: the registry then describes it
        registry.begin_frame();
        registry.add("nav.next", "frame " + std::to_string(frames), {130, 500, 230, 560}, true, true, {0, 480, 800, 600});
        registry.add("question.text", "How are you?", {10, 10, 300, 50}, false, false);
        registry.end_frame();
    }
    REQUIRE((*runner)->done());
    return (*runner)->exit_code();
}

} // namespace

TEST_CASE("a screenshot writes the registry of the frame it captured beside the png") {
    const auto dir = std::filesystem::temp_directory_path() / ("sd-script-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::optional<std::filesystem::path> requested;
    REQUIRE(run_screenshot(dir, requested) == 0);
    REQUIRE(requested);
    CHECK(*requested == dir / "page-1.png");
    std::ifstream in(dir / "page-1.json");
    REQUIRE(in);
    const auto doc = nlohmann::json::parse(in);
    CHECK(doc["window"]["w"] == 800);
    CHECK(doc["window"]["h"] == 600);
    REQUIRE(doc["controls"].size() == 2);
    const auto& next = doc["controls"][0];
    CHECK(next["id"] == "nav.next");
    CHECK(next["label"] == "frame 1"); // requested before frame 1 was drawn, so frame 1 was captured
    CHECK(doc["frame"] == 1);
    CHECK(next["x0"] == 130);
    CHECK(next["y1"] == 560);
    CHECK(next["interactive"] == true);
    CHECK(next["clip"]["y0"] == 480);
    const auto& text = doc["controls"][1];
    CHECK(text["visible"] == false);
    CHECK(!text.contains("clip")); // no clip given: none written
    std::filesystem::remove_all(dir);
}

TEST_CASE("a screenshot fails its step when the registry cannot be written") {
    std::optional<std::filesystem::path> requested;
    CHECK(run_screenshot("/nonexistent/sd-shots", requested) == 1);
}
