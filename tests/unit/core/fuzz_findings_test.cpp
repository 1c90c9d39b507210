// Regression tests for bugs fuzz_questionnaire found (tests/fuzz, docs/testing.md "Fuzzing"): each
// case is the smallest form or answer that showed the bug.
#include "core/answers.h"
#include "core/questionnaire_parser.h"
#include "core/response_builder.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace selfdirect::core;

TEST_CASE("a form with a number too big for a double is refused, not thrown") {
    // nlohmann reports 1e400 as out_of_range, not parse_error; it used to escape parse_questionnaire.
    auto q = parse_questionnaire(R"({"resourceType":"Questionnaire","id":"F","x":1e400})", "big.json");
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().code == "form.json");
    CHECK(q.error().message.find("big.json") == 0);
}

TEST_CASE("an answer read back from JSON keeps its key and value") {
    // The key used to be read through a dangling reference (ASan: stack-use-after-scope); the
    // asan preset fails this case on the old code.
    auto text = answer_from_json(R"({"valueString":"Ada Lovelace"})");
    REQUIRE(text.ok());
    CHECK(std::get<std::string>(*text) == "Ada Lovelace");
    auto coding = answer_from_json(R"({"valueCoding":{"system":"s","code":"some","display":"Some help"}})");
    REQUIRE(coding.ok());
    CHECK(std::get<Coding>(*coding) == Coding{"s", "some", "Some help"});
    CHECK(answer_from_json(R"({"valueInteger":7})").ok());
}

TEST_CASE("answers to questions nested under a question are kept in the response") {
    // Real SDC forms nest questions under questions; their answers used to be dropped.
    auto q = parse_questionnaire(R"({"resourceType":"Questionnaire","id":"F","item":[
        {"linkId":"address","type":"string","item":[{"linkId":"postcode","type":"string"}]},
        {"linkId":"alone","type":"boolean","item":[{"linkId":"since","type":"integer"}]}]})",
                                 "nested.json");
    REQUIRE(q.ok());
    REQUIRE(answerable_items(*q).size() == 4);
    const Answers answers{{"address", std::string("1 High St")},
                          {"postcode", std::string("AB1 2CD")},
                          {"since", std::int64_t{2019}}};
    auto r = nlohmann::json::parse(build_questionnaire_response(*q, answers, {"rec-1", "2026-11-22T10:00:00Z"}));
    REQUIRE(r["item"].size() == 2);
    // Answered parent: FHIR puts the nested item under the answer.
    const auto& address = r["item"][0];
    CHECK(address["answer"][0]["valueString"] == "1 High St");
    CHECK(address["answer"][0]["item"][0]["linkId"] == "postcode");
    CHECK(address["answer"][0]["item"][0]["answer"][0]["valueString"] == "AB1 2CD");
    // Unanswered parent: the nested answer still goes in, under the item itself.
    const auto& alone = r["item"][1];
    CHECK_FALSE(alone.contains("answer"));
    CHECK(alone["item"][0]["linkId"] == "since");
    CHECK(alone["item"][0]["answer"][0]["valueInteger"] == 2019);
}

TEST_CASE("a display item with nested items is refused") {
    // Its nested questions were asked but had no place in the response (FHIR que-1 forbids them).
    auto q = parse_questionnaire(R"({"resourceType":"Questionnaire","id":"F","item":[
        {"linkId":"intro","type":"display","text":"About you","item":[{"linkId":"age","type":"integer"}]}]})",
                                 "display.json");
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().code == "form.item");
    CHECK(q.error().message.find("'intro'") != std::string::npos);
}
