// The test-script parser: every step kind, quoting, and errors that name the line.
#include "app/script.h"
#include "ui/platform/backend.h"
#include "ui/platform/key_names.h"

#include <doctest/doctest.h>

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
