// Parser for the end-to-end test script format documented in script.h.
#include "app/script.h"

#include "ui/platform/key_names.h"

#include <charconv>
#include <optional>

namespace selfdirect::app {
namespace {

Error invalid(int line, const std::string& what) {
    return make_error("script.invalid", "line " + std::to_string(line) + ": " + what);
}

// Splits one line into words, honouring quotes and `#` comments. Returns an error message on
// malformed quoting.
Result<std::vector<std::string>> split_words(std::string_view line, int line_no) {
    std::vector<std::string> words;
    size_t i = 0;
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (true) {
        while (i < line.size() && is_space(line[i])) ++i;
        if (i >= line.size() || line[i] == '#') break;
        std::string word;
        if (line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                const char c = line[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\') {
                    if (i >= line.size()) break;
                    const char e = line[i++];
                    if (e != '"' && e != '\\')
                        return invalid(line_no, std::string("unknown escape \\") + e + " (only \\\" and \\\\)");
                    word += e;
                } else {
                    word += c;
                }
            }
            if (!closed) return invalid(line_no, "unterminated quote");
            if (i < line.size() && !is_space(line[i]))
                return invalid(line_no, "a closing quote must end the word");
        } else {
            while (i < line.size() && !is_space(line[i])) {
                if (line[i] == '"') return invalid(line_no, "a quote may only start a word");
                word += line[i++];
            }
        }
        words.push_back(std::move(word));
    }
    return words;
}

std::optional<int> parse_count(const std::string& s) {
    int value = 0;
    const char* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), end, value);
    if (s.empty() || ec != std::errc() || ptr != end || value < 0) return std::nullopt;
    return value;
}

bool valid_screenshot_name(const std::string& name) {
    if (name.empty() || name.front() == '.') return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

struct StepSpec {
    std::string_view name;
    StepKind kind;
    size_t args;
};

constexpr StepSpec kSpecs[] = {
    {"tap", StepKind::tap, 1},       {"type", StepKind::type, 1},
    {"key", StepKind::key, 1},       {"wait", StepKind::wait_frames, 1},
    {"wait-ms", StepKind::wait_ms, 1}, {"screenshot", StepKind::screenshot, 1},
    {"expect", StepKind::expect, 1}, {"expect-idle", StepKind::expect_idle, 2},
    {"expect-id", StepKind::expect_id, 1}, {"expect-layout", StepKind::expect_layout, 0},
    {"scroll-to", StepKind::scroll_to, 1}, {"expect-focus", StepKind::expect_focus, 1},
    {"expect-forgotten", StepKind::expect_forgotten, 1},
    {"remember-masked", StepKind::remember_masked, 1},
    {"expect-forgotten-remembered", StepKind::expect_forgotten_remembered, 0},
    {"quit", StepKind::quit, 0},
};

Result<Step> parse_step(const std::vector<std::string>& words, int line_no) {
    const StepSpec* spec = nullptr;
    for (const auto& s : kSpecs)
        if (s.name == words[0]) spec = &s;
    if (spec == nullptr) return invalid(line_no, "unknown step \"" + words[0] + "\"");
    const size_t args = words.size() - 1;
    if (args != spec->args)
        return invalid(line_no, std::string(spec->name) + " takes " + std::to_string(spec->args) + " argument" +
                                    (spec->args == 1 ? "" : "s") + ", got " + std::to_string(args));

    Step step;
    step.kind = spec->kind;
    step.line = line_no;
    auto count = [&](size_t i, const char* what) -> Result<int> {
        if (auto n = parse_count(words[i])) return *n;
        return invalid(line_no, std::string(what) + " must be a whole number >= 0, got \"" + words[i] + "\"");
    };

    switch (spec->kind) {
    case StepKind::tap:
    case StepKind::type:
    case StepKind::expect:
    case StepKind::expect_id:
    case StepKind::expect_focus:
    case StepKind::scroll_to:
    case StepKind::remember_masked:
        if (words[1].empty()) return invalid(line_no, std::string(spec->name) + " needs non-empty text");
        step.text = words[1];
        break;
    case StepKind::expect_forgotten: {
        const std::string& hex = words[1];
        const bool ok = hex.size() >= 2 && hex.size() <= 512 && hex.size() % 2 == 0 &&
                        hex.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
        if (!ok) return invalid(line_no, "expect-forgotten needs 2 to 512 hex digits, an even number of them");
        step.text = hex;
        break;
    }
    case StepKind::key:
        if (!ui::platform::is_key_name(words[1])) return invalid(line_no, "unknown key \"" + words[1] + "\"");
        step.text = words[1];
        break;
    case StepKind::screenshot:
        if (!valid_screenshot_name(words[1]))
            return invalid(line_no, "screenshot name \"" + words[1] + "\" must be letters, digits, '.', '_', '-'");
        step.text = words[1];
        break;
    case StepKind::wait_frames:
    case StepKind::wait_ms: {
        auto n = count(1, spec->kind == StepKind::wait_ms ? "milliseconds" : "frames");
        if (!n) return n.error();
        step.number = *n;
        break;
    }
    case StepKind::expect_idle: {
        auto ms = count(1, "milliseconds");
        if (!ms) return ms.error();
        auto frames = count(2, "max frames");
        if (!frames) return frames.error();
        step.number = *ms;
        step.max_frames = *frames;
        break;
    }
    case StepKind::expect_layout:
    case StepKind::expect_forgotten_remembered:
    case StepKind::quit:
        break;
    }
    return step;
}

} // namespace

std::string_view step_name(StepKind kind) {
    for (const auto& s : kSpecs)
        if (s.kind == kind) return s.name;
    return "?";
}

Result<std::vector<Step>> parse_script(std::string_view text) {
    std::vector<Step> steps;
    int line_no = 0;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        ++line_no;
        start = end + 1;

        auto words = split_words(line, line_no);
        if (!words) return words.error();
        if (words->empty()) continue;
        auto step = parse_step(*words, line_no);
        if (!step) return step.error();
        steps.push_back(std::move(*step));
    }
    return steps;
}

} // namespace selfdirect::app
