// Validation lists every problem with a response as {linkId, message}: required items, types,
// ranges, maxLength, option membership, repeats, and items that are not part of the form.
#include "core/response_validation.h"
#include "core/response_builder.h"
#include "form_fixtures.h"

#include <doctest/doctest.h>

using namespace selfdirect::core;
using form_fixtures::form;

namespace {

std::vector<std::string> culprits(const std::vector<ValidationIssue>& issues) {
    std::vector<std::string> out;
    for (const auto& i : issues) out.push_back(i.link_id);
    return out;
}

std::string message_for(const std::vector<ValidationIssue>& issues, const std::string& link_id) {
    for (const auto& i : issues)
        if (i.link_id == link_id) return i.message;
    return "";
}

const char* kLimits = R"([
  {"linkId":"n","type":"integer","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/minValue","valueInteger":1},
                                              {"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueInteger":10}]},
  {"linkId":"d","type":"decimal","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueDecimal":2.5}]},
  {"linkId":"born","type":"date","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/minValue","valueDate":"1900-01-01"}]},
  {"linkId":"s","type":"string","maxLength":5},
  {"linkId":"c","type":"choice","answerOption":[{"valueCoding":{"system":"s","code":"a"}}]},
  {"linkId":"o","type":"open-choice","answerOption":[{"valueCoding":{"system":"s","code":"a"}}]},
  {"linkId":"t","type":"time"},{"linkId":"dt","type":"dateTime"},{"linkId":"b","type":"boolean"}])";

} // namespace

TEST_CASE("an enabled required question without an answer is reported, and not when it is disabled") {
    Questionnaire q = form(R"([{"linkId":"gate","type":"boolean"},
        {"linkId":"need","type":"string","required":true,"enableWhen":[{"question":"gate","operator":"=","answerBoolean":true}]}])");
    auto issues = validate_answers(q, {{"gate", true}});
    REQUIRE(issues.size() == 1);
    CHECK(issues[0] == ValidationIssue{"need", "An answer is required."});
    CHECK(validate_answers(q, {{"gate", false}}).empty());
    CHECK(validate_answers(q, {{"gate", true}, {"need", std::string("x")}}).empty());
}

TEST_CASE("required questions inside a section are required, and a required section needs an answer") {
    Questionnaire q = form(R"([{"linkId":"sec","type":"group","item":[{"linkId":"in","type":"boolean","required":true}]},
        {"linkId":"must","type":"group","required":true,"item":[{"linkId":"opt","type":"string"}]}])");
    CHECK(culprits(validate_answers(q, {})) == std::vector<std::string>{"in", "must"});
    CHECK(message_for(validate_answers(q, {}), "must") == "This section needs at least one answer.");
    CHECK(validate_answers(q, {{"in", false}, {"opt", std::string("x")}}).empty());
}

TEST_CASE("a repeating group with no instances needs nothing unless it is required; each instance is checked") {
    Questionnaire q = form(R"([{"linkId":"p","type":"group","repeats":true,"item":[{"linkId":"name","type":"string","required":true}]}])");
    CHECK(validate_response(q, {}).empty());
    QuestionnaireResponse r;
    r.items = {ResponseItem{"p", "", {}, {ResponseItem{"name", "", {{std::string("Ann"), {}}}, {}}}},
               ResponseItem{"p", "", {}, {}}};
    // The second instance is empty: alignment drops it, so only complete instances are judged.
    CHECK(validate_response(q, r).empty());
    r.items[1].items = {ResponseItem{"name", "", {{std::int64_t{3}, {}}}, {}}};
    CHECK(culprits(validate_response(q, r)) == std::vector<std::string>{"name"});
    Questionnaire required = form(R"([{"linkId":"p","type":"group","repeats":true,"required":true,"item":[{"linkId":"name","type":"string","required":true}]}])");
    CHECK(culprits(validate_response(required, {})) == std::vector<std::string>{"p", "name"});
}

TEST_CASE("answers of the wrong type are reported for every item type") {
    Questionnaire q = form(kLimits);
    Answers wrong{{"n", std::string("3")}, {"d", std::int64_t{1}}, {"born", std::string("1950-01-01")},
                  {"s", std::int64_t{1}},   {"c", std::string("a")}, {"o", true},
                  {"t", Date{"2020-01-01"}}, {"dt", Time{"10:00:00"}}, {"b", std::int64_t{1}}};
    CHECK(culprits(validate_answers(q, wrong)) == std::vector<std::string>{"n", "d", "born", "s", "c", "o", "t", "dt", "b"});
}

TEST_CASE("malformed dates, date-times and times are reported") {
    Questionnaire q = form(kLimits);
    CHECK(culprits(validate_answers(q, {{"born", Date{"1950-13-01"}}, {"t", Time{"25:00:00"}}, {"dt", DateTime{"2020-01-01T10:00"}}})) ==
          std::vector<std::string>{"born", "t", "dt"});
    CHECK(validate_answers(q, {{"born", Date{"1950"}}, {"t", Time{"23:59:59.5"}}, {"dt", DateTime{"2020-01-01T10:00:00+01:00"}}}).empty());
}

TEST_CASE("minValue and maxValue bound numbers and dates") {
    Questionnaire q = form(kLimits);
    CHECK(validate_answers(q, {{"n", std::int64_t{1}}, {"d", 2.5}, {"born", Date{"1900-01-01"}}}).empty());
    auto issues = validate_answers(q, {{"n", std::int64_t{11}}, {"d", 2.6}, {"born", Date{"1899-12-31"}}});
    CHECK(culprits(issues) == std::vector<std::string>{"n", "d", "born"});
    CHECK(message_for(issues, "n") == "The answer must be at most 10.");
    CHECK(message_for(validate_answers(q, {{"n", std::int64_t{0}}}), "n") == "The answer must be at least 1.");
}

TEST_CASE("maxLength counts characters, not bytes") {
    Questionnaire q = form(kLimits);
    CHECK(validate_answers(q, {{"s", std::string("Zoë!!")}}).empty()); // 5 characters, 6 bytes
    CHECK(message_for(validate_answers(q, {{"s", std::string("abcdef")}}), "s") == "The answer must be 5 characters or fewer.");
}

TEST_CASE("a choice must be one of its options, and an open choice may also be typed text") {
    Questionnaire q = form(kLimits);
    CHECK(validate_answers(q, {{"c", Coding{"s", "a", ""}}, {"o", std::string("my own words")}}).empty());
    CHECK(culprits(validate_answers(q, {{"c", Coding{"s", "zzz", ""}}, {"o", Coding{"s", "zzz", ""}}})) ==
          std::vector<std::string>{"c", "o"});
}

TEST_CASE("more than one answer to a question that does not repeat is reported, and repeats are each checked") {
    Questionnaire q = form(R"([{"linkId":"one","type":"integer"},{"linkId":"many","type":"integer","repeats":true}])");
    QuestionnaireResponse r;
    r.items = {ResponseItem{"one", "", {{std::int64_t{1}, {}}, {std::int64_t{2}, {}}}, {}},
               ResponseItem{"many", "", {{std::int64_t{1}, {}}, {std::string("x"), {}}}, {}}};
    auto issues = validate_response(q, r);
    CHECK(culprits(issues) == std::vector<std::string>{"one", "many"});
    CHECK(message_for(issues, "one") == "This question takes one answer, but it was given 2.");
}

TEST_CASE("items that are not part of the form, and answers on groups or display items, are reported") {
    Questionnaire q = form(R"([{"linkId":"g","type":"group","item":[{"linkId":"x","type":"string"}]},{"linkId":"note","type":"display"}])");
    QuestionnaireResponse r;
    r.items = {ResponseItem{"g", "", {{true, {}}}, {ResponseItem{"x", "", {{std::string("ok"), {}}}, {}}}},
               ResponseItem{"note", "", {{true, {}}}, {}}, ResponseItem{"stranger", "", {{true, {}}}, {}}};
    CHECK(culprits(validate_response(q, r)) == std::vector<std::string>{"stranger", "g", "note"});
}

TEST_CASE("answers under a disabled item are not validated, however wrong they are") {
    Questionnaire q = form(R"([{"linkId":"gate","type":"boolean"},
        {"linkId":"g","type":"group","enableWhen":[{"question":"gate","operator":"=","answerBoolean":true}],
         "item":[{"linkId":"n","type":"integer","required":true}]}])");
    CHECK(validate_answers(q, {{"gate", false}, {"n", std::string("not a number")}}).empty());
    CHECK(culprits(validate_answers(q, {{"gate", true}, {"n", std::string("not a number")}})) == std::vector<std::string>{"n"});
}

TEST_CASE("validate_answer is what the journey uses, with the same words") {
    Questionnaire q = form(kLimits);
    auto r = validate_answer(*find_item(q, "n"), std::int64_t{99});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "answer.invalid");
    CHECK(r.error().message == "The answer must be at most 10.");
}
