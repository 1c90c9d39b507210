// enableWhen: every operator on every answer type, any/all, chained and nested enablement,
// repeating groups judged per instance, and answers under items that are not enabled dropped.
#include "core/enable_when.h"
#include "core/response_builder.h"
#include "core/response_json.h"
#include "form_fixtures.h"

#include <doctest/doctest.h>

using namespace selfdirect::core;
using form_fixtures::form;

namespace {

struct TypeCase {
    const char* item_type;
    const char* condition;   // the enableWhen's answer[x] member, e.g. "answerInteger":5
    AnswerValue below, equal, above;
    std::string options = ""; // answerOption JSON for choice items
};

std::vector<TypeCase> every_type() {
    const std::string coded = R"(,"answerOption":[{"valueCoding":{"system":"s","code":"1"}},{"valueCoding":{"system":"s","code":"2"}},{"valueCoding":{"system":"s","code":"3"}}])";
    return {
        {"boolean", R"("answerBoolean":true)", false, true, true}, // nothing is above true: `above` repeats it
        {"integer", R"("answerInteger":5)", std::int64_t{4}, std::int64_t{5}, std::int64_t{6}},
        {"decimal", R"("answerDecimal":2.5)", 2.0, 2.5, 3.0},
        {"date", R"("answerDate":"2000-01-01")", Date{"1999-12-31"}, Date{"2000-01-01"}, Date{"2000-01-02"}},
        {"dateTime", R"("answerDateTime":"2000-01-01T10:00:00Z")", DateTime{"2000-01-01T09:59:59Z"},
         DateTime{"2000-01-01T10:00:00Z"}, DateTime{"2000-01-01T10:00:01Z"}},
        {"time", R"("answerTime":"11:11:11")", Time{"11:11:10"}, Time{"11:11:11"}, Time{"11:11:12"}},
        {"string", R"("answerString":"m")", std::string("l"), std::string("m"), std::string("n")},
        {"text", R"("answerString":"m")", std::string("l"), std::string("m"), std::string("n")},
        {"choice", R"("answerCoding":{"system":"s","code":"2"})", Coding{"s", "1", ""}, Coding{"s", "2", ""}, Coding{"s", "3", ""}, coded},
        {"open-choice", R"("answerString":"m")", std::string("l"), std::string("m"), std::string("n"), coded},
    };
}

Questionnaire dependent_form(const TypeCase& t, const std::string& op) {
    return form(std::string(R"([{"linkId":"q","type":")") + t.item_type + "\"" + t.options + R"(},
        {"linkId":"dep","type":"string","enableWhen":[{"question":"q","operator":")" + op + "\"," + t.condition + "}]}]");
}

bool dep_enabled(const Questionnaire& q, const std::optional<AnswerValue>& answer) {
    Answers a;
    if (answer) a.emplace("q", *answer);
    return enabled_link_ids(q, a).count("dep") == 1;
}

} // namespace

TEST_CASE("every comparison operator works on every answer type, below, at and above the condition's value") {
    struct Expect { const char* op; bool below, equal, above, unanswered; };
    const Expect table[] = {
        {"=", false, true, false, false},  {"!=", true, false, true, true},   {">", false, false, true, false},
        {"<", true, false, false, false},  {">=", false, true, true, false}, {"<=", true, true, false, false},
    };
    for (const TypeCase& t : every_type()) {
        for (const Expect& e : table) {
            INFO(t.item_type << " " << e.op);
            Questionnaire q = dependent_form(t, e.op);
            CHECK(dep_enabled(q, t.below) == e.below);
            CHECK(dep_enabled(q, t.equal) == e.equal);
            if (std::string(t.item_type) != "boolean") CHECK(dep_enabled(q, t.above) == e.above);
            CHECK(dep_enabled(q, std::nullopt) == e.unanswered);
        }
    }
}

TEST_CASE("exists true and exists false follow whether the question has an answer, on every answer type") {
    for (const TypeCase& t : every_type()) {
        INFO(t.item_type);
        Questionnaire yes = form(std::string(R"([{"linkId":"q","type":")") + t.item_type + "\"" + t.options + R"(},
            {"linkId":"dep","type":"string","enableWhen":[{"question":"q","operator":"exists","answerBoolean":true}]}])");
        Questionnaire no = form(std::string(R"([{"linkId":"q","type":")") + t.item_type + "\"" + t.options + R"(},
            {"linkId":"dep","type":"string","enableWhen":[{"question":"q","operator":"exists","answerBoolean":false}]}])");
        CHECK(dep_enabled(yes, t.equal));
        CHECK_FALSE(dep_enabled(yes, std::nullopt));
        CHECK_FALSE(dep_enabled(no, t.equal));
        CHECK(dep_enabled(no, std::nullopt));
    }
}

TEST_CASE("values of different kinds never satisfy = or an ordering, and so always satisfy !=") {
    Questionnaire q = form(R"([{"linkId":"q","type":"string"},
        {"linkId":"eq","type":"string","enableWhen":[{"question":"q","operator":"=","answerInteger":1}]},
        {"linkId":"gt","type":"string","enableWhen":[{"question":"q","operator":">","answerDate":"2000-01-01"}]},
        {"linkId":"ne","type":"string","enableWhen":[{"question":"q","operator":"!=","answerBoolean":true}]}])");
    auto on = enabled_link_ids(q, {{"q", std::string("1")}});
    CHECK(on.count("eq") == 0);
    CHECK(on.count("gt") == 0);
    CHECK(on.count("ne") == 1);
}

TEST_CASE("a coded answer compares with answerString by code and with numbers by its code's value") {
    Questionnaire q = form(R"([{"linkId":"r","type":"choice","answerOption":[{"valueCoding":{"code":"1.1"}},{"valueCoding":{"code":"2.2"}}]},
        {"linkId":"str","type":"string","enableWhen":[{"question":"r","operator":"=","answerString":"2.2"}]},
        {"linkId":"lt","type":"string","enableWhen":[{"question":"r","operator":"<","answerDecimal":2.1}]},
        {"linkId":"int","type":"string","enableWhen":[{"question":"r","operator":"!=","answerInteger":2}]}])");
    auto low = enabled_link_ids(q, {{"r", Coding{"", "1.1", ""}}});
    CHECK(low.count("str") == 0);
    CHECK(low.count("lt") == 1);
    CHECK(low.count("int") == 1);
    auto high = enabled_link_ids(q, {{"r", Coding{"", "2.2", ""}}});
    CHECK(high.count("str") == 1);
    CHECK(high.count("lt") == 0);
}

TEST_CASE("a coding condition ignores the display and matches an answer without a system") {
    Questionnaire q = form(R"([{"linkId":"c","type":"choice","answerOption":[{"valueCoding":{"system":"s","code":"Y","display":"Yes"}}]},
        {"linkId":"dep","type":"string","enableWhen":[{"question":"c","operator":"=","answerCoding":{"system":"s","code":"Y"}}]}])");
    CHECK(enabled_link_ids(q, {{"c", Coding{"s", "Y", "something else"}}}).count("dep"));
    CHECK(enabled_link_ids(q, {{"c", Coding{"", "Y", ""}}}).count("dep"));
    CHECK_FALSE(enabled_link_ids(q, {{"c", Coding{"other", "Y", ""}}}).count("dep"));
}

TEST_CASE("enableBehavior any needs one condition and all needs every condition") {
    const std::string conditions = R"("enableWhen":[{"question":"a","operator":"=","answerBoolean":true},
                                                     {"question":"b","operator":"=","answerBoolean":true}])";
    Questionnaire q = form(R"([{"linkId":"a","type":"boolean"},{"linkId":"b","type":"boolean"},
        {"linkId":"any","type":"string","enableBehavior":"any",)" + conditions + R"(},
        {"linkId":"all","type":"string","enableBehavior":"all",)" + conditions + "}]");
    auto one = enabled_link_ids(q, {{"a", true}, {"b", false}});
    CHECK(one.count("any") == 1);
    CHECK(one.count("all") == 0);
    auto both = enabled_link_ids(q, {{"a", true}, {"b", true}});
    CHECK(both.count("any") == 1);
    CHECK(both.count("all") == 1);
    auto none = enabled_link_ids(q, {{"a", false}, {"b", false}});
    CHECK(none.count("any") == 0);
    CHECK(none.count("all") == 0);
}

TEST_CASE("enablement is chained: an answer to a question that is not enabled enables nothing") {
    Questionnaire q = form(R"([{"linkId":"a","type":"boolean"},
        {"linkId":"b","type":"boolean","enableWhen":[{"question":"a","operator":"=","answerBoolean":true}]},
        {"linkId":"c","type":"string","enableWhen":[{"question":"b","operator":"=","answerBoolean":true}]}])");
    CHECK(enabled_link_ids(q, {{"a", true}, {"b", true}}).count("c") == 1);
    auto off = enabled_link_ids(q, {{"a", false}, {"b", true}});
    CHECK(off.count("b") == 0);
    CHECK(off.count("c") == 0);
}

TEST_CASE("items nested in a group that is not enabled are not enabled, whatever their own conditions") {
    Questionnaire q = form(R"([{"linkId":"gate","type":"boolean"},
        {"linkId":"g","type":"group","enableWhen":[{"question":"gate","operator":"=","answerBoolean":true}],"item":[
          {"linkId":"inner","type":"boolean"},
          {"linkId":"deeper","type":"group","item":[{"linkId":"leaf","type":"string",
             "enableWhen":[{"question":"inner","operator":"=","answerBoolean":true}]}]}]}])");
    auto open = enabled_link_ids(q, {{"gate", true}, {"inner", true}});
    CHECK(open.count("leaf") == 1);
    auto closed = enabled_link_ids(q, {{"gate", false}, {"inner", true}});
    CHECK(closed.count("g") == 0);
    CHECK(closed.count("inner") == 0);
    CHECK(closed.count("leaf") == 0);
}

TEST_CASE("answers under items that are not enabled are dropped from the built response") {
    Questionnaire q = form(R"([{"linkId":"gate","type":"boolean"},
        {"linkId":"g","type":"group","enableWhen":[{"question":"gate","operator":"=","answerBoolean":true}],
         "item":[{"linkId":"inner","type":"string"}]},
        {"linkId":"why","type":"string","enableWhen":[{"question":"gate","operator":"=","answerBoolean":false}]}])");
    Answers a{{"gate", true}, {"inner", std::string("kept")}, {"why", std::string("dropped")}};
    const std::string json = build_questionnaire_response(q, a, {"id", "2026-01-01T00:00:00Z"});
    CHECK(json.find("kept") != std::string::npos);
    CHECK(json.find("dropped") == std::string::npos);
    a["gate"] = false;
    const std::string other = build_questionnaire_response(q, a, {"id", "2026-01-01T00:00:00Z"});
    CHECK(other.find("kept") == std::string::npos);
    CHECK(other.find("dropped") != std::string::npos);
}

TEST_CASE("in a repeating group each instance is enabled by the answers in that same instance") {
    Questionnaire q = form(R"([{"linkId":"person","type":"group","repeats":true,"item":[
        {"linkId":"carer","type":"boolean"},
        {"linkId":"hours","type":"integer","enableWhen":[{"question":"carer","operator":"=","answerBoolean":true}]}]}])");
    auto instance = [](bool carer, std::int64_t hours) {
        return ResponseItem{"person", "", {}, {ResponseItem{"carer", "", {{carer, {}}}, {}}, ResponseItem{"hours", "", {{hours, {}}}, {}}}};
    };
    QuestionnaireResponse r;
    r.items = {instance(true, 10), instance(false, 20), instance(true, 30)};
    QuestionnaireResponse built = build_response(q, r);
    REQUIRE(built.items.size() == 3);
    CHECK(built.items[0].items.size() == 2);
    CHECK(built.items[1].items.size() == 1); // hours dropped: this person is not a carer
    CHECK(built.items[2].items.size() == 2);
    CHECK(built.items[2].items[1].answers[0].value == AnswerValue{std::int64_t{30}});
}

TEST_CASE("a question's nested items sit under its answer and follow its enablement") {
    Questionnaire q = form(R"([{"linkId":"gate","type":"boolean"},
        {"linkId":"p","type":"choice","answerOption":[{"valueString":"other"},{"valueString":"none"}],
         "enableWhen":[{"question":"gate","operator":"=","answerBoolean":true}],
         "item":[{"linkId":"p-other","type":"string","enableWhen":[{"question":"p","operator":"=","answerString":"other"}]}]}])");
    Answers a{{"gate", true}, {"p", std::string("other")}, {"p-other", std::string("they")}};
    QuestionnaireResponse r = response_from_answers(q, a, {});
    REQUIRE(r.items.size() == 2);
    REQUIRE(r.items[1].answers.size() == 1);
    REQUIRE(r.items[1].answers[0].items.size() == 1);
    CHECK(r.items[1].answers[0].items[0].link_id == "p-other");
    a["p"] = std::string("none");
    CHECK(response_to_json(response_from_answers(q, a, {})).find("they") != std::string::npos); // a plain conversion
    CHECK(response_to_json(build_response(q, response_from_answers(q, a, {}))).find("they") == std::string::npos);
    a["p"] = std::string("other");
    a["gate"] = false;
    CHECK(build_response(q, response_from_answers(q, a, {})).items.size() == 1);
}

TEST_CASE("the SDC enableWhen test form behaves as its labels say") {
    auto text = form_fixtures::conformance("questionnaire-sdc-test-enablewhen.json");
    auto parsed = parse_questionnaire(text, "enablewhen.json");
    REQUIRE(parsed.ok());
    const Questionnaire& q = *parsed;
    auto on = enabled_link_ids(q, {{"83d5c1a6-5dc3-44d0-9d9e-d687c72e143e", true},
                                   {"s1-radio", Coding{"", "2", ""}},
                                   {"s3-radio", Coding{"", "1.1", ""}},
                                   {"date_of_birth_question", Date{"2001-05-05"}},
                                   {"datetime_question", Time{"10:00:00"}}});
    CHECK(on.count("e5da17a7-7546-45c5-9bcd-d0b09a74cc14") == 1); // boolean = true
    CHECK(on.count("e5da17a7-7546-45c5-9bcd-d0b09a74ty76") == 1); // radio = "2"
    CHECK(on.count("945b97b5-6d74-4a55-9be1-19897512jj89") == 1); // 1.1 < 2.1
    CHECK(on.count("04fabc33-534a-4047-9a13-c13b0b63fa17") == 0); // not >= 2.1
    CHECK(on.count("date_greater_2000-01-01") == 1);
    CHECK(on.count("date_less_2000-01-01") == 0);
    CHECK(on.count("datetime_question_greter_than") == 0);
    CHECK(on.count("datetime_question_less_than_equal") == 1);
    CHECK(on.count("3ca80fdf-6598-4dd7-b9df-8a2f10895e4e") == 0); // fe0106a5 = false, but it is unanswered
    // A condition on the remote-ValueSet item, which can never be answered: != holds, = does not.
    CHECK(on.count("fab7c5c4-0ac0-4afa-bd6d-c0ce4f5e0bdf") == 1);
    CHECK(on.count("945b97b5-6d74-4a55-9be1-1989751219fb") == 0);
}
