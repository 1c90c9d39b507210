// Paths and functions of the FHIRPath subset over a small form and response: navigation,
// answers(), ordinal()/weight() in each place a score can live, aggregates, iif, math,
// conversions and variables.
#include "fhirpath_test_support.h"

#include <doctest/doctest.h>

using fhirpath_test::Fixture;
using fhirpath_test::json;
namespace fp = selfdirect::core::fhirpath;

TEST_CASE("paths navigate items and answers, and value finds whichever value[x] an answer has") {
    Fixture f;
    CHECK(f.show("%resource.item.where(linkId='g1').item.where(linkId='q3').answer.value") == "7");
    CHECK(f.show("%resource.item.item.where(linkId='q3').answer.valueInteger") == "7");
    CHECK(f.show("%resource.item.item.where(linkId='q3').answer.valueString") == "{}");
    CHECK(f.show("%resource.item.item.where(linkId='q1').answer.value.code") == "'b'");
    CHECK(f.show("item.item.linkId") == "{ 'q1', 'q2', 'q3', 'q4', 'q5' }"); // from %context
    CHECK(f.show("QuestionnaireResponse.item.linkId") == "'g1'");
    CHECK(f.show("%context.status") == "'completed'");
    CHECK(f.show("%resource.item.item.where(linkId = 'q5').answer.value") == "'hello'");
    CHECK(f.show("%resource.nothing.here") == "{}");
}

TEST_CASE("answers() returns every answer in the response, nested answers included") {
    Fixture f;
    CHECK(f.show("%resource.answers().count()") == "6");
    CHECK(f.show("%resource.answers().value.count()") == "6");
    CHECK(f.show("%resource.answers().valueBoolean") == "true"); // q6, under q3's answer
    CHECK(f.show("%resource.item.item.where(linkId='q3').answers().count()") == "2");
}

TEST_CASE("ordinal() finds the score on the answerOption, on its Coding, and on a contained ValueSet concept") {
    Fixture f;
    CHECK(f.show("%resource.item.item.where(linkId='q4').answer.value.ordinal()") == "5");  // on the option
    CHECK(f.show("%resource.item.item.where(linkId='q1').answer.value.ordinal()") == "2.5"); // on its Coding
    CHECK(f.show("%resource.item.item.where(linkId='q2').answer.value.ordinal()") == "4");  // ValueSet, no system
    CHECK(f.show("%resource.item.item.where(linkId='q3').answer.value.ordinal()") == "{}"); // no options: no score
    CHECK(f.show("%resource.answers().value.ordinal()") == "{ 2.5, 4, 5 }");
    CHECK(f.show("%resource.answers().value.ordinal().sum()") == "11.5");
    CHECK(f.show("%resource.answers().ordinal().sum()") == "11.5"); // an answer is scored by its value
}

TEST_CASE("weight() prefers itemWeight and ordinal() prefers ordinalValue when both are given") {
    Fixture f;
    CHECK(f.show("%resource.item.item.where(linkId='q2').answer.value.ordinal()") == "4");
    CHECK(f.show("%resource.item.item.where(linkId='q2').answer.value.weight()") == "40");
    CHECK(f.show("%resource.answers().value.weight().sum()") == "47.5");
}

TEST_CASE("a Coding carrying its own ordinalValue uses it, and a code from another system scores nothing") {
    Fixture f;
    f.response["item"][0]["item"][0]["answer"][0]["valueCoding"]["extension"] =
        json::parse(R"([{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 9}])");
    CHECK(f.show("%resource.item.item.where(linkId='q1').answer.value.ordinal()") == "9");
    f.response["item"][0]["item"][1]["answer"][0]["valueCoding"]["system"] = "http://other.example/cs";
    CHECK(f.show("%resource.item.item.where(linkId='q2').answer.value.ordinal()") == "{}");
}

TEST_CASE("an option's score is found from the questionnaire side too") {
    Fixture f;
    CHECK(f.show("%questionnaire.item.item.where(linkId='q4').answerOption.valueString.ordinal()") == "{ 1, 5 }");
}

TEST_CASE("sum() adds numbers, gives 0 for an empty collection and refuses anything else") {
    Fixture f;
    CHECK(f.show("(1 | 2 | 3).sum()") == "6");
    CHECK(f.show("(1 | 2.5).sum()") == "3.5");
    CHECK(f.show("{}.sum()") == "0");
    CHECK(f.error_code("('a' | 1).sum()") == "fhirpath.type");
    CHECK(f.error_message("%resource.answers().value.sum()").find("sum() needs numbers") != std::string::npos);
}

TEST_CASE("count, first, last, exists, empty and all") {
    Fixture f;
    CHECK(f.show("(3 | 4 | 5).count()") == "3");
    CHECK(f.show("{}.count()") == "0");
    CHECK(f.show("(3 | 4 | 5).first()") == "3");
    CHECK(f.show("(3 | 4 | 5).last()") == "5");
    CHECK(f.show("{}.first()") == "{}");
    CHECK(f.show("(3 | 4).exists()") == "true");
    CHECK(f.show("{}.exists()") == "false");
    CHECK(f.show("(3 | 4).exists($this > 3)") == "true");
    CHECK(f.show("(3 | 4).exists($this > 4)") == "false");
    CHECK(f.show("{}.empty()") == "true");
    CHECK(f.show("1.empty()") == "false");
    CHECK(f.show("(3 | 4).all($this > 2)") == "true");
    CHECK(f.show("(3 | 4).all($this > 3)") == "false");
    CHECK(f.show("%resource.item.item.where(linkId='q9').answer.value.exists()") == "false");
}

TEST_CASE("where, select, repeat, children and descendants") {
    Fixture f;
    CHECK(f.show("(1 | 2 | 3 | 4).where($this mod 2 = 0)") == "{ 2, 4 }");
    CHECK(f.show("(1 | 2 | 3).select($this * 10)") == "{ 10, 20, 30 }");
    CHECK(f.show("%resource.repeat(item).count()") == "6"); // g1, q1..q5 (q6 sits under an answer)
    CHECK(f.show("%resource.repeat(item).where(linkId='q4').answer.value") == "'high'");
    CHECK(f.show("%resource.descendants().where(linkId='q6').answer.value") == "true");
    CHECK(f.show("%resource.item.children().linkId") == "{ 'q1', 'q2', 'q3', 'q4', 'q5' }");
    CHECK(f.show("%resource.item.children().count()") == "6"); // the 5 items (arrays flatten) and 'g1'
    CHECK(f.show("1.repeat(1)") == "1"); // a fixed point ends the repetition
}

TEST_CASE("iif picks a branch and evaluates only that branch") {
    Fixture f;
    CHECK(f.show("iif(true, 1, 2)") == "1");
    CHECK(f.show("iif(false, 1, 2)") == "2");
    CHECK(f.show("iif({}, 1, 2)") == "2");
    CHECK(f.show("iif(false, 1)") == "{}");
    CHECK(f.show("iif(1 < 2, 'yes', 'no')") == "'yes'");
    CHECK(f.show("iif(true, 1, %undefined)") == "1");
    CHECK(f.error_code("iif(false, 1, %undefined)") == "fhirpath.unknown_variable");
    CHECK(f.error_code("iif((true | false), 1, 2)") == "fhirpath.type");
}

TEST_CASE("math functions give empty where the result is undefined") {
    Fixture f;
    CHECK(f.show("(-3).abs()") == "3");
    CHECK(f.show("(-2.5).abs()") == "2.5");
    CHECK(f.show("2.1.ceiling()") == "3");
    CHECK(f.show("2.9.floor()") == "2");
    CHECK(f.show("3.14159.round(2)") == "3.14");
    CHECK(f.show("2.5.round()") == "3.0");
    CHECK(f.show("1.ln()") == "0.0");
    CHECK(f.show("0.ln()") == "{}");
    CHECK(f.show("0.exp()") == "1.0");
    CHECK(f.show("1000.exp()") == "{}");
    CHECK(f.show("2.power(10)") == "1024");
    CHECK(f.show("2.power(0.5)") == "1.4142135623731");
    CHECK(f.show("(-8).power(0.5)") == "{}");
    CHECK(f.show("16.sqrt()") == "4.0");
    CHECK(f.show("(-1).sqrt()") == "{}");
    CHECK(f.error_code("2.power(64)") == "fhirpath.overflow");
    CHECK(f.error_code("'a'.abs()") == "fhirpath.type");
    CHECK(f.error_code("1.5.round(16)") == "fhirpath.type");
}

TEST_CASE("toString, toInteger and toDecimal convert what they can and give empty otherwise") {
    Fixture f;
    CHECK(f.show("12.toString()") == "'12'");
    CHECK(f.show("2.50.toString()") == "'2.5'");
    CHECK(f.show("true.toString()") == "'true'");
    CHECK(f.show("'42'.toInteger() + 1") == "43");
    CHECK(f.show("'4x'.toInteger()") == "{}");
    CHECK(f.show("2.5.toInteger()") == "{}");
    CHECK(f.show("'2.25'.toDecimal()") == "2.25");
    CHECK(f.show("'1e5'.toDecimal()") == "{}");
    CHECK(f.show("3.toDecimal()") == "3.0");
}

TEST_CASE("variables are read by name, and an unknown or failed variable is an error") {
    Fixture f;
    f.env.variables["score"] = fp::Collection{fp::Value{std::int64_t{12}, nullptr}};
    f.env.failed["broken"] = "its own error";
    CHECK(f.show("%score + 1") == "13");
    CHECK(f.show("%`score` * 2") == "24");
    CHECK(f.show("%'score' * 2") == "24");
    CHECK(f.error_code("%nope") == "fhirpath.unknown_variable");
    CHECK(f.error_message("%nope").find("'%nope'") != std::string::npos);
    CHECK(f.error_code("%broken + 1") == "fhirpath.variable_failed");
    fp::Environment inner;
    inner.outer = &f.env;
    inner.variables["local"] = fp::Collection{fp::Value{std::int64_t{1}, nullptr}};
    auto r = fp::evaluate("%score + %local", {}, inner);
    REQUIRE(r.ok());
    CHECK(fp::render(*r) == "13");
}

TEST_CASE("$this is the focus inside where() and the context at the top level") {
    Fixture f;
    CHECK(f.show("$this.resourceType") == "'QuestionnaireResponse'");
    CHECK(f.show("(1 | 2).where($this = 2)") == "2");
    CHECK(f.show("%resource.item.item.where(answer.value = 'high').linkId") == "'q4'");
}

TEST_CASE("a parsed expression can be evaluated again with other answers") {
    Fixture f;
    auto parsed = fp::parse("%resource.answers().value.ordinal().sum()");
    REQUIRE(parsed.ok());
    auto first = fp::evaluate(*parsed, fp::node_collection(f.response), f.env);
    REQUIRE(first.ok());
    CHECK(fp::render(*first) == "11.5");
    f.response["item"][0]["item"][3]["answer"][0]["valueString"] = "low";
    auto second = fp::evaluate(*parsed, fp::node_collection(f.response), f.env);
    REQUIRE(second.ok());
    CHECK(fp::render(*second) == "7.5");
}
