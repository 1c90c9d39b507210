// Exact numbers for points and money. A budget must come out the same, to the penny, on every device
// and every re-run, and a worked example (R = 5.50, 1.875 points, £368.50) must be reproduced
// exactly, so points, shares, factors and prices are exact fractions, never binary floating point.
// Money is rounded once, to whole pence, by a stated rule (round_half_up).
#pragma once

#include "core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace selfdirect::core {

// An exact fraction num/den, den > 0, always in lowest terms (so == compares values). 128-bit
// storage: the inputs are bounded where they are read (kMaxDecimal, 4 decimal places), so a RAS
// calculation's products and sums cannot overflow.
class Rational {
public:
    Rational() = default;
    Rational(std::int64_t whole) : num_(whole), den_(1) {} // NOLINT: integers are exact
    static Rational fraction(std::int64_t num, std::int64_t den); // den != 0

    Rational operator+(const Rational& o) const;
    Rational operator-(const Rational& o) const;
    Rational operator*(const Rational& o) const;
    Rational operator/(const Rational& o) const; // o != 0
    Rational& operator+=(const Rational& o) { return *this = *this + o; }
    Rational& operator-=(const Rational& o) { return *this = *this - o; }

    bool operator==(const Rational& o) const { return num_ == o.num_ && den_ == o.den_; }
    bool operator<(const Rational& o) const { return num_ * o.den_ < o.num_ * den_; }
    bool operator>(const Rational& o) const { return o < *this; }
    bool operator<=(const Rational& o) const { return !(o < *this); }
    bool operator>=(const Rational& o) const { return !(*this < o); }

    bool is_integer() const { return den_ == 1; }
    bool is_negative() const { return num_ < 0; }
    // The nearest integer, halves away from zero ("round half up" for the non-negative money here).
    std::int64_t round_half_up() const;
    // Decimal text with at most `max_places` places, halves rounded up, trailing zeros dropped
    // ("5.5", "1.875", "39"). Exact whenever the value has at most that many places.
    std::string to_decimal(int max_places = 4) const;
    // The same value as a double, for JSON output only (never computed with).
    double to_double_for_display() const;

private:
    Rational(__int128 num, __int128 den);
    __int128 num_ = 0;
    __int128 den_ = 1;
};

inline constexpr int kMaxDecimalPlaces = 4;
inline constexpr std::int64_t kMaxDecimalWhole = 1'000'000'000; // |value| < 10^9 in any table or form

// "11.00", "0.25", "-3", "90": an optional minus, digits, optional '.' and at most 4 places.
// Error "number.invalid" naming `what` (e.g. "pricePerPoint") otherwise.
Result<Rational> parse_decimal(std::string_view text, std::string_view what);

// A form's ordinalValue arrives as a double from the JSON parser. Points are read to 4 decimal
// places (1.875 and 0.1 come back exactly); anything that is not a decimal with at most 4 places
// within range gives nullopt, and the caller refuses the form.
std::optional<Rational> points_from_double(double score);

// 36850 -> "368.50", 1916200 -> "19162.00"; pounds with two places, no currency sign.
std::string format_pence(std::int64_t pence);

} // namespace selfdirect::core
