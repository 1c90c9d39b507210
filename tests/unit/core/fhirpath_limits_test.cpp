// What the FHIRPath subset refuses: functions, operators and literals outside it (named in the
// error), syntax errors (with a position), and hostile expressions that would otherwise exhaust
// the stack, time or memory.
#include "fhirpath_test_support.h"

#include <doctest/doctest.h>

#include <string>

using fhirpath_test::Fixture;
namespace fp = selfdirect::core::fhirpath;

TEST_CASE("a function outside the subset is refused as unsupported, naming the function") {
    Fixture f;
    CHECK(f.error_code("'abc'.matches('a')") == "fhirpath.unsupported");
    CHECK(f.error_message("'abc'.matches('a')") == "unsupported expression: function 'matches'");
    CHECK(f.error_message("%resource.item.ofType(Coding)") == "unsupported expression: function 'ofType'");
    CHECK(f.error_message("today()") == "unsupported expression: function 'today'");
    CHECK(f.error_message("(1 | 2).aggregate($this + $total, 0)") == "unsupported expression: function 'aggregate'");
}

TEST_CASE("an unsupported function is refused even in a branch that would never run") {
    Fixture f;
    CHECK(f.error_message("iif(true, 1, 'a'.matches('b'))") == "unsupported expression: function 'matches'");
    CHECK(f.error_code("false and {}.resolve().exists()") == "fhirpath.unsupported");
}

TEST_CASE("operators and literals outside the subset are refused, naming the token") {
    Fixture f;
    CHECK(f.error_message("1 is Integer") == "unsupported expression: operator 'is'");
    CHECK(f.error_message("1 as Integer") == "unsupported expression: operator 'as'");
    CHECK(f.error_message("'a' ~ 'A'") == "unsupported expression: operator '~'");
    CHECK(f.error_message("'a' !~ 'A'") == "unsupported expression: operator '!~'");
    CHECK(f.error_message("@2020-01-01 < @2021-01-01") == "unsupported expression: date/time literal '@2020-01-01'");
    CHECK(f.error_message("4 'mg'") == "unsupported expression: quantity literal '4 mg'");
    CHECK(f.error_message("3 days") == "unsupported expression: quantity literal '3 days'");
    CHECK(f.error_message("(1 | 2).select($index)") == "unsupported expression: '$index'");
}

TEST_CASE("syntax errors are refused with their position") {
    Fixture f;
    for (const char* bad : {"1 +", "(1", "item.", "'abc", "1 2", "{1}", "", "   ", "and", "1 = = 2", "%", "$",
                            "`abc", "'\\q'", "'\\u12'", "1 ! 2", "item.(1)", "sum(", "(1 | 2)[0", "#"}) {
        CAPTURE(bad);
        CHECK(f.error_code(bad) == "fhirpath.syntax");
        CHECK(f.error_message(bad).find("syntax error at ") == 0);
    }
    CHECK(f.error_message("1 + ") == "syntax error at 4: unexpected end of expression");
}

TEST_CASE("a function called with the wrong number of arguments is a syntax error naming it") {
    Fixture f;
    CHECK(f.error_code("(1 | 2).sum(1)") == "fhirpath.syntax");
    CHECK(f.error_message("(1 | 2).sum(1)").find("'sum' takes 0 argument") != std::string::npos);
    CHECK(f.error_message("iif(true)").find("'iif' takes 2 to 3 argument") != std::string::npos);
    CHECK(f.error_code("(1 | 2).where()") == "fhirpath.syntax");
}

TEST_CASE("an expression longer than the cap is refused before it is read") {
    Fixture f;
    std::string text = "1";
    while (text.size() < 4096) text += "+1";
    CHECK(f.error_code(text) == "fhirpath.too_long");
    CHECK(f.error_code(text.substr(0, 401)) != "fhirpath.too_long"); // 200 additions: too deep, but not too long
    fp::Limits wide;
    wide.max_length = 10000;
    CHECK(fp::parse(text, wide).error().code == "fhirpath.too_deep");
}

TEST_CASE("nesting deeper than the cap is refused without exhausting the stack") {
    fp::Limits limits;
    limits.max_length = 2'000'000;
    const std::string brackets = std::string(200000, '(') + "1" + std::string(200000, ')');
    CHECK(fp::parse(brackets, limits).error().code == "fhirpath.too_deep");
    const std::string minus = std::string(200000, '-') + "1";
    CHECK(fp::parse(minus, limits).error().code == "fhirpath.too_deep");
    std::string path = "a";
    for (int i = 0; i < 1000; ++i) path += ".b";
    CHECK(fp::parse(path, limits).error().code == "fhirpath.too_deep");
    std::string calls = "1";
    for (int i = 0; i < 1000; ++i) calls = "iif(true, " + calls + ", 0)";
    CHECK(fp::parse(calls, limits).error().code == "fhirpath.too_deep");
    std::string index = "1";
    for (int i = 0; i < 1000; ++i) index += "[0]";
    CHECK(fp::parse(index, limits).error().code == "fhirpath.too_deep");

    std::string fine = "1";
    for (int i = 0; i < 100; ++i) fine = "(" + fine + " + 1)";
    CHECK(fp::parse(fine, limits).ok());
}

TEST_CASE("a runaway repetition is stopped by the item, step or string cap") {
    Fixture f;
    CHECK(f.error_code("1.repeat($this + 1)") == "fhirpath.limit");
    CHECK(f.error_code("'a'.repeat($this & $this)") == "fhirpath.limit");
    CHECK(f.error_code("%resource.descendants().select(%resource.descendants().select(%resource.descendants())).count()") == "fhirpath.limit");
}

TEST_CASE("a string cannot grow past the cap") {
    Fixture f;
    f.env.limits.max_string = 8;
    CHECK(f.show("'abcd' + 'efgh'") == "'abcdefgh'");
    CHECK(f.error_code("'abcd' + 'efghi'") == "fhirpath.limit");
    CHECK(f.error_code("'abcd' & 'efghi'") == "fhirpath.limit");
}

TEST_CASE("the step cap bounds the work of one expression") {
    Fixture f;
    f.env.limits.max_steps = 50;
    CHECK(f.error_code("(1 | 2 | 3 | 4 | 5 | 6 | 7 | 8).select($this * 2).where($this > 3).select($this + 1).count()") ==
          "fhirpath.limit");
    f.env.limits.max_steps = 200000;
    CHECK(f.show("(1 | 2 | 3 | 4 | 5 | 6 | 7 | 8).select($this * 2).where($this > 3).select($this + 1).count()") == "7");
}

TEST_CASE("error messages show expression text safely, never raw control bytes") {
    Fixture f;
    const std::string msg = f.error_message(std::string("'a'.m\x01tch()", 12));
    CHECK(msg.find('\x01') == std::string::npos);
    CHECK(f.error_message("'a'.\xC3\xA9t()").find("'\\xC3'") != std::string::npos);
}
