// Comparison of answer values (see answer_compare.h).
#include "core/answer_compare.h"

#include <charconv>
#include <cstdlib>

namespace selfdirect::core {
namespace {

int sign(double d) { return d < 0 ? -1 : (d > 0 ? 1 : 0); }

std::optional<double> as_number(const AnswerValue& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return std::nullopt;
}

// A code read as a number: the whole code must be one ("2.2" yes, "2a" no).
std::optional<double> code_number(const std::string& code) {
    if (code.empty()) return std::nullopt;
    double out = 0;
    const char* end = code.data() + code.size();
    auto [p, ec] = std::from_chars(code.data(), end, out);
    if (ec != std::errc() || p != end) return std::nullopt;
    return out;
}

std::optional<int> compare_text(const std::string& a, const std::string& b) {
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// FHIR times may be written without seconds in hand-made forms ("11:11"); compare at full precision.
std::string full_time(const std::string& t) { return t.size() == 5 ? t + ":00" : t; }

std::optional<int> compare_coding(const Coding& a, const Coding& b) {
    const bool same_system = a.system == b.system || a.system.empty() || b.system.empty();
    if (same_system && a.code == b.code) return 0;
    auto x = code_number(a.code), y = code_number(b.code);
    if (same_system && x && y) return sign(*x - *y);
    return std::nullopt;
}

std::optional<int> compare_coding_with(const Coding& c, const AnswerValue& other) {
    if (const auto* s = std::get_if<std::string>(&other)) {
        if (c.code == *s) return 0;
        auto x = code_number(c.code), y = code_number(*s);
        if (x && y) return sign(*x - *y);
        return compare_text(c.code, *s);
    }
    if (auto n = as_number(other)) {
        auto x = code_number(c.code);
        if (!x) return std::nullopt;
        return sign(*x - *n);
    }
    return std::nullopt;
}

} // namespace

std::optional<int> compare_values(const AnswerValue& a, const AnswerValue& b) {
    if (const auto* x = std::get_if<bool>(&a)) {
        if (const auto* y = std::get_if<bool>(&b)) return static_cast<int>(*x) - static_cast<int>(*y);
        return std::nullopt;
    }
    if (const auto* x = std::get_if<std::int64_t>(&a))
        if (const auto* y = std::get_if<std::int64_t>(&b)) return *x < *y ? -1 : (*x > *y ? 1 : 0);
    if (auto x = as_number(a)) {
        if (auto y = as_number(b)) return sign(*x - *y);
        if (const auto* c = std::get_if<Coding>(&b)) {
            auto r = compare_coding_with(*c, a);
            return r ? std::optional<int>(-*r) : std::nullopt;
        }
        return std::nullopt;
    }
    if (const auto* x = std::get_if<Coding>(&a)) {
        if (const auto* y = std::get_if<Coding>(&b)) return compare_coding(*x, *y);
        return compare_coding_with(*x, b);
    }
    if (const auto* x = std::get_if<std::string>(&a)) {
        if (const auto* y = std::get_if<std::string>(&b)) return compare_text(*x, *y);
        if (const auto* c = std::get_if<Coding>(&b)) {
            auto r = compare_coding_with(*c, a);
            return r ? std::optional<int>(-*r) : std::nullopt;
        }
        return std::nullopt;
    }
    if (const auto* x = std::get_if<Date>(&a)) {
        if (const auto* y = std::get_if<Date>(&b); y && x->iso.size() == y->iso.size()) return compare_text(x->iso, y->iso);
        return std::nullopt;
    }
    if (const auto* x = std::get_if<DateTime>(&a)) {
        if (const auto* y = std::get_if<DateTime>(&b); y && x->iso.size() == y->iso.size()) return compare_text(x->iso, y->iso);
        return std::nullopt;
    }
    if (const auto* x = std::get_if<Time>(&a)) {
        if (const auto* y = std::get_if<Time>(&b)) {
            const std::string p = full_time(x->iso), q = full_time(y->iso);
            if (p.size() == q.size()) return compare_text(p, q);
        }
        return std::nullopt;
    }
    if (a == b) return 0; // OtherValue: equal or incomparable
    return std::nullopt;
}

} // namespace selfdirect::core
