// answer_from_text (declared in answers.h): the kiosk's keyboard gives text, but an integer, decimal
// or date item must be answered with a value of its own type, so the conversion lives in core
// where it is tested, not in a screen.
#include "core/answers.h"
#include "core/catalogue.h"

#include <charconv>
#include <cmath>

namespace selfdirect::core {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

template <typename T>
bool parse_whole(std::string_view s, T& out) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

} // namespace

Result<AnswerValue> answer_from_text(const Item& item, std::string_view typed) {
    const std::string_view t = trim(typed);
    switch (item.type) {
    case ItemType::Integer: {
        std::int64_t v = 0;
        if (!parse_whole(t, v)) return make_error("answer.invalid", tr_noop("Enter a whole number."));
        return AnswerValue{v};
    }
    case ItemType::Decimal: {
        double v = 0;
        if (!parse_whole(t, v) || !std::isfinite(v)) return make_error("answer.invalid", tr_noop("Enter a number."));
        return AnswerValue{v};
    }
    case ItemType::Date: return AnswerValue{Date{std::string(t)}};
    case ItemType::DateTime: return AnswerValue{DateTime{std::string(t)}};
    case ItemType::Time: return AnswerValue{Time{std::string(t)}};
    case ItemType::String:
    case ItemType::Text:
    case ItemType::OpenChoice:
        // Free text keeps what was typed inside the trimmed ends, line breaks and all.
        return AnswerValue{std::string(t)};
    default:
        return make_error("answer.invalid", tr_noop("This question is answered by choosing, not typing."));
    }
}

} // namespace selfdirect::core
