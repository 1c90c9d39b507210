// The FHIRPath operators of the subset: arithmetic, precedence, comparison, equality, Boolean
// logic, empty propagation, division by zero and overflow.
#include "fhirpath_test_support.h"

#include <doctest/doctest.h>

using fhirpath_test::Fixture;

TEST_CASE("integer arithmetic stays integer and decimal results render deterministically") {
    Fixture f;
    CHECK(f.show("1 + 2") == "3");
    CHECK(f.show("7 - 10") == "-3");
    CHECK(f.show("6 * 7") == "42");
    CHECK(f.show("0.1 + 0.2") == "0.3");
    CHECK(f.show("1.5 * 2") == "3.0");
    CHECK(f.show("7 / 2") == "3.5");
    CHECK(f.show("6 / 3") == "2.0");
    CHECK(f.show("1 / 3") == "0.333333333333333");
    CHECK(f.show("7 div 2") == "3");
    CHECK(f.show("-7 div 2") == "-3");
    CHECK(f.show("7.5 div 2") == "3");
    CHECK(f.show("7 mod 3") == "1");
    CHECK(f.show("-7 mod 3") == "-1");
    CHECK(f.show("7.5 mod 2") == "1.5");
    CHECK(f.show("'ab' + 'cd'") == "'abcd'");
    CHECK(f.show("-(2 + 3)") == "-5");
    CHECK(f.show("+4") == "4");
}

TEST_CASE("operator precedence follows the FHIRPath specification") {
    Fixture f;
    CHECK(f.show("1 + 2 * 3") == "7");
    CHECK(f.show("(1 + 2) * 3") == "9");
    CHECK(f.show("10 - 4 - 3") == "3");          // left associative
    CHECK(f.show("2 * 3 mod 4") == "2");         // same level, left to right
    CHECK(f.show("-2.abs()") == "-2");           // the path binds tighter than unary minus
    CHECK(f.show("1 + 2 = 3") == "true");        // additive before equality
    CHECK(f.show("1 < 2 = true") == "true");     // comparison before equality
    CHECK(f.show("true or false and false") == "true"); // and before or
    CHECK(f.show("false and true or true") == "true");
    CHECK(f.show("(1 | 2) = 1 | 2") == "true");  // union before equality
    CHECK(f.show("'a' in 'a' | 'b'") == "true"); // union before in
    CHECK(f.show("3 > 2 and 2 > 1") == "true");
    CHECK(f.show("false implies false or false") == "true"); // or before implies
    CHECK(f.show("'x' & 1.toString() + '2'") == "'x12'");    // + and & on one level
}

TEST_CASE("division, div and mod by zero give an empty result") {
    Fixture f;
    CHECK(f.show("1 / 0") == "{}");
    CHECK(f.show("1.5 / 0.0") == "{}");
    CHECK(f.show("1 div 0") == "{}");
    CHECK(f.show("1 mod 0") == "{}");
    CHECK(f.show("2.5 mod 0") == "{}");
    CHECK(f.show("(1 / 0).exists()") == "false");
    CHECK(f.show("(1 / 0) + 1") == "{}");
}

TEST_CASE("an empty operand propagates through arithmetic, comparison and equality") {
    Fixture f;
    CHECK(f.show("{} + 1") == "{}");
    CHECK(f.show("1 - {}") == "{}");
    CHECK(f.show("{} * 2") == "{}");
    CHECK(f.show("{} < 1") == "{}");
    CHECK(f.show("{} = {}") == "{}");
    CHECK(f.show("1 != {}") == "{}");
    CHECK(f.show("-{}") == "{}");
    CHECK(f.show("%resource.item.where(linkId = 'nope').answer.value + 1") == "{}");
    CHECK(f.show("{} in (1 | 2)") == "{}");
}

TEST_CASE("Boolean logic is three-valued as in FHIRPath") {
    Fixture f;
    CHECK(f.show("{} and false") == "false");
    CHECK(f.show("{} and true") == "{}");
    CHECK(f.show("true and true") == "true");
    CHECK(f.show("{} or true") == "true");
    CHECK(f.show("{} or false") == "{}");
    CHECK(f.show("false or false") == "false");
    CHECK(f.show("true xor false") == "true");
    CHECK(f.show("true xor true") == "false");
    CHECK(f.show("true xor {}") == "{}");
    CHECK(f.show("{} implies true") == "true");
    CHECK(f.show("false implies {}") == "true");
    CHECK(f.show("true implies {}") == "{}");
    CHECK(f.show("true.not()") == "false");
    CHECK(f.show("{}.not()") == "{}");
    CHECK(f.show("5 and true") == "true"); // a single non-Boolean item counts as true
    CHECK(f.error_code("(true | false) and true") == "fhirpath.type");
}

TEST_CASE("comparison orders numbers and strings and refuses mixed types") {
    Fixture f;
    CHECK(f.show("2 > 1.5") == "true");
    CHECK(f.show("1 <= 1") == "true");
    CHECK(f.show("1 >= 2") == "false");
    CHECK(f.show("1 < 1") == "false");
    CHECK(f.show("'abc' < 'abd'") == "true");
    CHECK(f.error_code("'a' < 1") == "fhirpath.type");
    CHECK(f.error_message("'a' < 1").find("String") != std::string::npos);
}

TEST_CASE("equality compares collections item by item and Integers with Decimals by value") {
    Fixture f;
    CHECK(f.show("1 = 1.0") == "true");
    CHECK(f.show("'a' = 'a'") == "true");
    CHECK(f.show("'a' = 'A'") == "false");
    CHECK(f.show("1 != 2") == "true");
    CHECK(f.show("(1 | 2) = (1 | 2)") == "true");
    CHECK(f.show("(1 | 2) = 1") == "false");
    CHECK(f.show("1 = 'a'") == "false");
    CHECK(f.show("%resource.item.item.where(linkId='q1').answer.value = "
                 "%questionnaire.item.item.where(linkId='q1').answerOption.valueCoding.where(code='b')") == "false");
    CHECK(f.show("%resource.item.item.where(linkId='q2').answer.value = "
                 "%resource.item.item.where(linkId='q2').answer.value") == "true");
}

TEST_CASE("integer overflow is an error, never a wrapped number") {
    Fixture f;
    CHECK(f.error_code("9223372036854775807 + 1") == "fhirpath.overflow");
    CHECK(f.error_code("-9223372036854775807 - 2") == "fhirpath.overflow");
    CHECK(f.error_code("9223372036854775807 * 2") == "fhirpath.overflow");
    CHECK(f.error_code("(-9223372036854775807 - 1) div -1") == "fhirpath.overflow");
    CHECK(f.show("(-9223372036854775807 - 1) mod -1") == "0");
    CHECK(f.error_code("(9223372036854775807 | 1).sum()") == "fhirpath.overflow");
    CHECK(f.error_code("1e300") == "fhirpath.syntax"); // FHIRPath has no exponent notation
}

TEST_CASE("an operator that needs single items refuses a collection of several") {
    Fixture f;
    CHECK(f.error_code("(1 | 2) + 1") == "fhirpath.type");
    CHECK(f.error_message("(1 | 2) + 1").find("single") != std::string::npos);
    CHECK(f.error_code("(1 | 2) < 3") == "fhirpath.type");
    CHECK(f.error_code("1 + true") == "fhirpath.type");
    CHECK(f.error_code("'a' - 'b'") == "fhirpath.type");
}

TEST_CASE("& concatenates strings and treats an empty operand as the empty string") {
    Fixture f;
    CHECK(f.show("'a' & 'b'") == "'ab'");
    CHECK(f.show("'a' & {}") == "'a'");
    CHECK(f.show("{} & {}") == "''");
    CHECK(f.show("'a' + {}") == "{}");
    CHECK(f.error_code("'a' & 1") == "fhirpath.type");
}

TEST_CASE("in and contains test membership of one item") {
    Fixture f;
    CHECK(f.show("2 in (1 | 2 | 3)") == "true");
    CHECK(f.show("4 in (1 | 2 | 3)") == "false");
    CHECK(f.show("(1 | 2 | 3) contains 3") == "true");
    CHECK(f.show("(1 | 2) contains {}") == "{}");
    CHECK(f.error_code("(1 | 2) in (1 | 2)") == "fhirpath.type");
}

TEST_CASE("union removes duplicates, combine keeps them, and an index picks one item") {
    Fixture f;
    CHECK(f.show("(1 | 1 | 2).count()") == "2");
    CHECK(f.show("1.combine(1).count()") == "2");
    CHECK(f.show("(10 | 20 | 30)[1]") == "20");
    CHECK(f.show("(10 | 20 | 30)[5]") == "{}");
    CHECK(f.show("(10 | 20 | 30)[-1]") == "{}");
    CHECK(f.error_code("(10 | 20)['a']") == "fhirpath.type");
}
