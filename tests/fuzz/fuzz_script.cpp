// Fuzzes the end-to-end test script parser (src/app/script.h). Scripts are ours, not residents', but
// the parser runs inside the real app (--script FILE) and a typo must give a "line N: ..." error,
// never a crash. For an accepted script the target checks that every step obeys the format's rules
// (non-empty text, a known key, a safe screenshot name, numbers >= 0, line numbers in order) and
// that writing the steps back in the script format, one per line, parses to the same steps.
// script.cpp is compiled straight into this target: the app library needs the GUI.
#include "app/script.h"
#include "fuzz_check.h"
#include "ui/platform/key_names.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace selfdirect::app;

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string step_line(const Step& s) {
    std::string line(step_name(s.kind));
    switch (s.kind) {
    case StepKind::tap:
    case StepKind::type:
    case StepKind::key:
    case StepKind::screenshot:
    case StepKind::expect:
    case StepKind::expect_id:
    case StepKind::expect_focus:
    case StepKind::expect_forgotten:
    case StepKind::remember_masked:
    case StepKind::scroll_to: return line + " " + quoted(s.text);
    case StepKind::wait_frames:
    case StepKind::wait_ms: return line + " " + std::to_string(s.number);
    case StepKind::expect_idle: return line + " " + std::to_string(s.number) + " " + std::to_string(s.max_frames);
    case StepKind::expect_layout:
    case StepKind::expect_forgotten_remembered:
    case StepKind::quit: return line;
    }
    return line;
}

bool safe_screenshot_name(const std::string& name) {
    if (name.empty() || name.front() == '.') return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return false;
    return true;
}

void check_steps(const std::vector<Step>& steps, std::string_view text) {
    const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    int previous_line = 0;
    for (const Step& s : steps) {
        FUZZ_CHECK(s.line > previous_line && static_cast<std::size_t>(s.line) <= lines, "steps come in line order");
        previous_line = s.line;
        FUZZ_CHECK(s.number >= 0 && s.max_frames >= 0, "numbers are >= 0");
        switch (s.kind) {
        case StepKind::tap:
        case StepKind::type:
        case StepKind::expect:
        case StepKind::expect_id:
        case StepKind::expect_focus:
        case StepKind::remember_masked:
        case StepKind::scroll_to: FUZZ_CHECK(!s.text.empty(), "text steps carry non-empty text"); break;
        case StepKind::key: FUZZ_CHECK(selfdirect::ui::platform::is_key_name(s.text), "key names are known"); break;
        case StepKind::expect_forgotten:
            FUZZ_CHECK(s.text.size() >= 2 && s.text.size() <= 512 && s.text.size() % 2 == 0 &&
                           s.text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos,
                       "a forgotten-text needle is an even number of hex digits");
            break;
        case StepKind::screenshot: FUZZ_CHECK(safe_screenshot_name(s.text), "screenshot names cannot leave the dir"); break;
        default: break;
        }
    }

    std::string written;
    for (const Step& s : steps) written += step_line(s) + "\n";
    auto again = parse_script(written);
    FUZZ_CHECK(again.ok(), "steps written back in the script format parse again");
    FUZZ_CHECK(again->size() == steps.size(), "steps written back give as many steps");
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const Step &a = steps[i], &b = (*again)[i];
        FUZZ_CHECK(a.kind == b.kind && a.text == b.text && a.number == b.number && a.max_frames == b.max_frames,
                   "steps written back parse to the same steps");
        FUZZ_CHECK(b.line == static_cast<int>(i) + 1, "one step per written line");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto steps = parse_script(text);
    if (!steps) {
        FUZZ_CHECK(steps.error().code == "script.invalid", "every refusal has the code script.invalid");
        FUZZ_CHECK(steps.error().message.rfind("line ", 0) == 0, "every refusal names its line");
        return 0;
    }
    check_steps(*steps, text);
    return 0;
}
