// Exact fractions and decimal text for points and money (see money.h for why).
#include "core/money.h"

#include <cassert>
#include <cmath>
#include <string>

namespace selfdirect::core {
namespace {

__int128 abs128(__int128 v) { return v < 0 ? -v : v; }

__int128 gcd128(__int128 a, __int128 b) {
    a = abs128(a);
    b = abs128(b);
    while (b != 0) {
        __int128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

std::string digits(__int128 v) {
    assert(v >= 0);
    if (v == 0) return "0";
    std::string out;
    while (v > 0) {
        out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    }
    return out;
}

__int128 pow10(int places) {
    __int128 p = 1;
    for (int i = 0; i < places; ++i) p *= 10;
    return p;
}

} // namespace

Rational::Rational(__int128 num, __int128 den) {
    assert(den != 0);
    if (den < 0) {
        num = -num;
        den = -den;
    }
    const __int128 g = gcd128(num, den);
    num_ = g > 1 ? num / g : num;
    den_ = g > 1 ? den / g : den;
}

Rational Rational::fraction(std::int64_t num, std::int64_t den) { return Rational(__int128{num}, __int128{den}); }

Rational Rational::operator+(const Rational& o) const { return Rational(num_ * o.den_ + o.num_ * den_, den_ * o.den_); }
Rational Rational::operator-(const Rational& o) const { return Rational(num_ * o.den_ - o.num_ * den_, den_ * o.den_); }
Rational Rational::operator*(const Rational& o) const { return Rational(num_ * o.num_, den_ * o.den_); }
Rational Rational::operator/(const Rational& o) const { return Rational(num_ * o.den_, den_ * o.num_); }

std::int64_t Rational::round_half_up() const {
    // floor((2·|num| + den) / (2·den)), sign restored: halves go away from zero.
    const __int128 magnitude = (2 * abs128(num_) + den_) / (2 * den_);
    return static_cast<std::int64_t>(num_ < 0 ? -magnitude : magnitude);
}

std::string Rational::to_decimal(int max_places) const {
    const __int128 scale = pow10(max_places);
    // Scaled to max_places, halves away from zero.
    __int128 scaled = (2 * abs128(num_) * scale + den_) / (2 * den_);
    const bool negative = num_ < 0 && scaled != 0;
    std::string whole = digits(scaled / scale);
    std::string frac = digits(scaled % scale);
    frac.insert(frac.begin(), static_cast<std::size_t>(max_places) - frac.size(), '0');
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    std::string out = negative ? "-" : "";
    out += whole;
    if (!frac.empty()) out += "." + frac;
    return out;
}

double Rational::to_double_for_display() const {
    // Through the decimal text, so 1.875 prints as 1.875 rather than a binary approximation.
    return std::stod(to_decimal(8));
}

Result<Rational> parse_decimal(std::string_view text, std::string_view what) {
    auto bad = [&](const char* why) {
        return make_error("number.invalid", std::string(what) + ": '" + std::string(text) + "' " + why);
    };
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && text[i] == '-') {
        negative = true;
        ++i;
    }
    __int128 whole = 0;
    std::size_t whole_digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        whole = whole * 10 + (text[i] - '0');
        ++whole_digits;
        ++i;
        if (whole >= kMaxDecimalWhole) return bad("is too large");
    }
    if (whole_digits == 0) return bad("is not a decimal number (write it like \"11.00\")");
    __int128 frac = 0;
    int places = 0;
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (++places > kMaxDecimalPlaces) return bad("has more than 4 decimal places");
            frac = frac * 10 + (text[i] - '0');
            ++i;
        }
        if (places == 0) return bad("has a '.' with no digits after it");
    }
    if (i != text.size()) return bad("is not a decimal number (write it like \"11.00\")");
    const __int128 scale = pow10(places);
    __int128 num = whole * scale + frac;
    if (negative) num = -num;
    return Rational::fraction(static_cast<std::int64_t>(num), static_cast<std::int64_t>(scale));
}

std::optional<Rational> points_from_double(double score) {
    if (!std::isfinite(score) || std::fabs(score) >= static_cast<double>(kMaxDecimalWhole)) return std::nullopt;
    const double scaled = score * 10000.0;
    const double nearest = std::nearbyint(scaled);
    // A JSON decimal with at most 4 places lands within a tiny relative error of an integer here;
    // anything else (1/3, 0.00001) is not a point value a council can have meant.
    if (std::fabs(scaled - nearest) > 1e-6 * std::fmax(1.0, std::fabs(scaled))) return std::nullopt;
    return Rational::fraction(static_cast<std::int64_t>(nearest), 10000);
}

std::string format_pence(std::int64_t pence) {
    const bool negative = pence < 0;
    const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(pence) : static_cast<std::uint64_t>(pence);
    std::string frac = std::to_string(magnitude % 100);
    if (frac.size() < 2) frac.insert(frac.begin(), '0');
    return (negative ? "-" : "") + std::to_string(magnitude / 100) + "." + frac;
}

} // namespace selfdirect::core
