// validate_answer (declared in answers.h): the checks one answer must pass against its item. The
// journey calls it on every Next and the response validator on every answer, so a person and the
// council's `score` command see the same rules and the same words.
#include "core/answers.h"
#include "core/catalogue.h"

#include "core/answer_compare.h"

#include <cctype>
#include <chrono>
#include <cmath>

namespace selfdirect::core {
namespace {

Error invalid(std::string why) { return make_error("answer.invalid", std::move(why)); }

bool digits(const std::string& s, std::size_t from, std::size_t n) {
    if (from + n > s.size()) return false;
    for (std::size_t i = from; i < from + n; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

// FHIR date: YYYY, YYYY-MM or YYYY-MM-DD from year 0001 (FHIR's regex has no year 0000), and a
// full date must be on the calendar (2025-02-31, 2023-02-29 and 2100-02-29 are not). The calendar
// is std::chrono's, not leap rules written here.
bool is_date(const std::string& s) {
    if (!digits(s, 0, 4) || s.compare(0, 4, "0000") == 0) return false;
    if (s.size() == 4) return true;
    if (s.size() < 7 || s[4] != '-' || !digits(s, 5, 2)) return false;
    const int month = std::stoi(s.substr(5, 2));
    if (month < 1 || month > 12) return false;
    if (s.size() == 7) return true;
    if (s.size() != 10 || s[7] != '-' || !digits(s, 8, 2)) return false;
    const std::chrono::year_month_day day{std::chrono::year{std::stoi(s.substr(0, 4))},
                                          std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(std::stoi(s.substr(8, 2)))}};
    return day.ok();
}

// FHIR time: hh:mm:ss with optional fraction.
bool is_time(const std::string& s) {
    if (s.size() < 8 || !digits(s, 0, 2) || s[2] != ':' || !digits(s, 3, 2) || s[5] != ':' || !digits(s, 6, 2)) return false;
    if (std::stoi(s.substr(0, 2)) > 23 || std::stoi(s.substr(3, 2)) > 59 || std::stoi(s.substr(6, 2)) > 60) return false;
    if (s.size() == 8) return true;
    return s[8] == '.' && s.size() > 9 && digits(s, 9, s.size() - 9);
}

// FHIR dateTime: a date, or a full date with a time and a zone (Z or +hh:mm / -hh:mm).
bool is_date_time(const std::string& s) {
    if (s.size() <= 10) return is_date(s);
    if (!is_date(s.substr(0, 10)) || s[10] != 'T') return false;
    std::string rest = s.substr(11);
    std::string zone;
    if (!rest.empty() && rest.back() == 'Z') zone = "Z", rest.pop_back();
    else if (rest.size() > 6 && (rest[rest.size() - 6] == '+' || rest[rest.size() - 6] == '-'))
        zone = rest.substr(rest.size() - 6), rest.resize(rest.size() - 6);
    if (zone.empty()) return false;
    if (zone != "Z" && !(digits(zone, 1, 2) && zone[3] == ':' && digits(zone, 4, 2))) return false;
    return is_time(rest);
}

std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

bool blank(const std::string& s) {
    for (unsigned char c : s)
        if (!std::isspace(c)) return false;
    return true;
}

// Type and format for each item type; nullopt when the value fits.
std::optional<std::string> type_problem(const Item& item, const AnswerValue& value) {
    switch (item.type) {
    case ItemType::Boolean:
        if (!std::holds_alternative<bool>(value)) return tr_noop("Choose yes or no.");
        return std::nullopt;
    case ItemType::Integer:
        if (!std::holds_alternative<std::int64_t>(value)) return tr_noop("Enter a whole number.");
        return std::nullopt;
    case ItemType::Decimal:
        if (!std::holds_alternative<double>(value) || !std::isfinite(std::get<double>(value))) return tr_noop("Enter a number.");
        return std::nullopt;
    case ItemType::Date: {
        const auto* d = std::get_if<Date>(&value);
        if (!d || !is_date(d->iso)) return tr_noop("Enter a date, for example 2024-05-31.");
        return std::nullopt;
    }
    case ItemType::DateTime: {
        const auto* d = std::get_if<DateTime>(&value);
        if (!d || !is_date_time(d->iso)) return tr_noop("Enter a date and time, for example 2024-05-31T14:30:00Z.");
        return std::nullopt;
    }
    case ItemType::Time: {
        const auto* t = std::get_if<Time>(&value);
        if (!t || !is_time(t->iso)) return tr_noop("Enter a time, for example 14:30:00.");
        return std::nullopt;
    }
    case ItemType::String:
    case ItemType::Text: {
        const auto* s = std::get_if<std::string>(&value);
        if (!s || blank(*s)) return tr_noop("Type your answer.");
        return std::nullopt;
    }
    case ItemType::Choice:
        if (!std::holds_alternative<Coding>(value) && item.options.empty()) return tr_noop("Choose one of the answers.");
        if (!find_option(item, value)) return tr_noop("Choose one of the answers shown.");
        return std::nullopt;
    case ItemType::OpenChoice: {
        if (find_option(item, value)) return std::nullopt;
        const auto* s = std::get_if<std::string>(&value);
        if (!s || blank(*s)) return tr_noop("Choose one of the answers or type your own.");
        return std::nullopt;
    }
    case ItemType::Group:
    case ItemType::Display:
    case ItemType::Unsupported:
        return tr_noop("This item takes no answer.");
    }
    return tr_noop("This item takes no answer.");
}

} // namespace

Result<void> validate_answer(const Item& item, const AnswerValue& value) {
    if (auto problem = type_problem(item, value)) return invalid(*problem);
    if (item.min_value) {
        auto c = compare_values(value, *item.min_value);
        if (c && *c < 0) return invalid(fill(tr_noop("The answer must be at least {min}."), {{"min", display_answer(*item.min_value)}}));
    }
    if (item.max_value) {
        auto c = compare_values(value, *item.max_value);
        if (c && *c > 0) return invalid(fill(tr_noop("The answer must be at most {max}."), {{"max", display_answer(*item.max_value)}}));
    }
    if (item.max_length) {
        const auto* s = std::get_if<std::string>(&value);
        if (s && code_points(*s) > static_cast<std::size_t>(*item.max_length))
            return invalid(fill(tr_noop("The answer must be {length} characters or fewer."), {{"length", std::to_string(*item.max_length)}}));
    }
    return {};
}

} // namespace selfdirect::core
