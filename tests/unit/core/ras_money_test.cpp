// Exact numbers for the RAS: fractions stay exact, decimals are read exactly, money rounds once and
// half up, and binary floating point never decides a penny.
#include "core/money.h"

#include <doctest/doctest.h>

using selfdirect::core::format_pence;
using selfdirect::core::parse_decimal;
using selfdirect::core::points_from_double;
using selfdirect::core::Rational;

TEST_CASE("the worked example's reduction adds up exactly to 5.5 points") {
    const Rational half = Rational::fraction(1, 2);
    const Rational r = Rational(10) * half * half            // S1: most (50 %) x 0.5
                       + Rational(5) * Rational::fraction(3, 4) * half  // S2: all (75 %) x 0.5 = 1.875
                       + Rational(5) * Rational::fraction(1, 4) * half  // S3: some (25 %) x 0.5 = 0.625
                       + Rational(4) * Rational::fraction(1, 4) * half; // S11: some x 0.5 = 0.5
    CHECK(r == Rational::fraction(11, 2));
    CHECK(r.to_decimal() == "5.5");
    CHECK((Rational(5) * Rational::fraction(3, 4) * half).to_decimal() == "1.875");
    CHECK((Rational(39) - r) * Rational(1100) == Rational(36850)); // 33.5 x 1100 pence
}

TEST_CASE("decimals from a table are read exactly, including ones binary floating point cannot hold") {
    auto tenth = parse_decimal("0.1", "x");
    REQUIRE(tenth.ok());
    CHECK(*tenth * Rational(3) == Rational::fraction(3, 10)); // 0.1 x 3 == 0.3 exactly, unlike double
    auto price = parse_decimal("11.00", "pricePerPoint");
    REQUIRE(price.ok());
    CHECK(*price == Rational(11));
    auto negative = parse_decimal("-2.5", "x");
    REQUIRE(negative.ok());
    CHECK(*negative == Rational::fraction(-5, 2));
    CHECK(parse_decimal("90", "x").value() == Rational(90));
}

TEST_CASE("malformed decimals are refused naming the key") {
    for (const char* bad : {"", "abc", "1.", ".5", "1.23456", "1e3", "1,000", "12.5.1", "+3", "1000000000"}) {
        auto r = parse_decimal(bad, "money.floor");
        CHECK_MESSAGE(!r.ok(), bad);
        if (!r.ok()) {
            CHECK(r.error().code == "number.invalid");
            CHECK(r.error().message.find("money.floor") != std::string::npos);
        }
    }
}

TEST_CASE("money rounds half up to the penny, once") {
    CHECK(Rational::fraction(335, 10).round_half_up() == 34);    // 33.5p -> 34p
    CHECK(Rational::fraction(3349, 100).round_half_up() == 33);  // 33.49p -> 33p
    CHECK(Rational::fraction(73767, 2).round_half_up() == 36884); // 368.835 pounds -> 368.84
    CHECK(Rational(0).round_half_up() == 0);
    CHECK(Rational::fraction(-5, 2).round_half_up() == -3);      // halves away from zero
}

TEST_CASE("pence are shown as pounds with two places") {
    CHECK(format_pence(36850) == "368.50");
    CHECK(format_pence(1916200) == "19162.00");
    CHECK(format_pence(5) == "0.05");
    CHECK(format_pence(0) == "0.00");
    CHECK(format_pence(-150) == "-1.50");
}

TEST_CASE("points written in a form are read to four decimal places exactly") {
    CHECK(points_from_double(1.875).value() == Rational::fraction(15, 8));
    CHECK(points_from_double(0.1).value() == Rational::fraction(1, 10));
    CHECK(points_from_double(4).value() == Rational(4));
    CHECK(points_from_double(2.0001).value() == Rational::fraction(20001, 10000));
    CHECK_FALSE(points_from_double(1.0 / 3.0).has_value());
    CHECK_FALSE(points_from_double(0.00001).has_value());
    CHECK_FALSE(points_from_double(1e12).has_value());
}

TEST_CASE("decimal text drops trailing zeros and rounds the last place half up") {
    CHECK(Rational::fraction(78, 5).to_decimal() == "15.6");
    CHECK(Rational(39).to_decimal() == "39");
    CHECK(Rational::fraction(1, 3).to_decimal() == "0.3333");
    CHECK(Rational::fraction(2, 3).to_decimal() == "0.6667");
    CHECK(Rational::fraction(-1, 8).to_decimal() == "-0.125");
    CHECK(Rational::fraction(15, 8).to_double_for_display() == 1.875);
}
