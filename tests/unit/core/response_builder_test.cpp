// Answers become a QuestionnaireResponse that follows the form's tree and round-trips through JSON.
#include "core/response_builder.h"
#include "core/questionnaire_parser.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace selfdirect::core;

static Questionnaire form() {
    auto q = parse_questionnaire(R"({"resourceType":"Questionnaire","id":"F","version":"2","item":[
        {"linkId":"g","type":"group","item":[
          {"linkId":"c","type":"choice","answerOption":[{"valueCoding":{"system":"s","code":"a","display":"A"}}]},
          {"linkId":"b","type":"boolean"}]},
        {"linkId":"t","type":"text"}]})",
                                 "f.json");
    REQUIRE(q.ok());
    return *q;
}

TEST_CASE("a response nests answers under their groups and omits unanswered items") {
    Answers answers{{"c", Coding{"s", "a", "A"}}, {"t", std::string("hello")}};
    auto r = nlohmann::json::parse(build_questionnaire_response(form(), answers, {"rec-1", "2026-11-22T10:00:00Z"}));
    CHECK(r["resourceType"] == "QuestionnaireResponse");
    CHECK(r["questionnaire"] == "Questionnaire/F|2");
    CHECK(r["status"] == "completed");
    REQUIRE(r["item"].size() == 2);
    CHECK(r["item"][0]["linkId"] == "g");
    REQUIRE(r["item"][0]["item"].size() == 1);
    CHECK(r["item"][0]["item"][0]["answer"][0]["valueCoding"]["code"] == "a");
    CHECK(r["item"][1]["answer"][0]["valueString"] == "hello");
}

TEST_CASE("every kind of answer survives a JSON round trip") {
    for (const AnswerValue& v : {AnswerValue{true}, AnswerValue{std::int64_t{42}}, AnswerValue{2.5},
                                 AnswerValue{std::string("Zoë \"quoted\"")}, AnswerValue{Coding{"s", "c", "d"}}}) {
        auto back = answer_from_json(answer_to_json(v));
        REQUIRE(back.ok());
        CHECK(*back == v);
    }
}

TEST_CASE("an answer of the wrong type or outside the options is invalid") {
    Questionnaire q = form();
    const Item* c = find_item(q, "c");
    const Item* b = find_item(q, "b");
    CHECK(validate_answer(*c, Coding{"s", "a", "A"}).ok());
    CHECK_FALSE(validate_answer(*c, Coding{"s", "zzz", "?"}).ok());
    CHECK_FALSE(validate_answer(*b, std::string("yes")).ok());
    CHECK(validate_answer(*b, false).ok());
}
