// What a person types becomes an answer of the item's own type, or a message saying what to type.
#include "core/answers.h"
#include "form_fixtures.h"

#include <doctest/doctest.h>

using namespace selfdirect::core;
using form_fixtures::form;

TEST_CASE("typed text becomes a whole number, a number, a date or text according to the item type") {
    Questionnaire q = form(R"([{"linkId":"i","type":"integer"},{"linkId":"d","type":"decimal"},{"linkId":"day","type":"date"},
        {"linkId":"t","type":"time"},{"linkId":"s","type":"string"},{"linkId":"c","type":"choice","answerOption":[{"valueString":"a"}]}])");
    CHECK(*answer_from_text(*find_item(q, "i"), " 42 ") == AnswerValue{std::int64_t{42}});
    CHECK(*answer_from_text(*find_item(q, "d"), "2.5") == AnswerValue{2.5});
    CHECK(*answer_from_text(*find_item(q, "day"), "2024-05-31") == AnswerValue{Date{"2024-05-31"}});
    CHECK(*answer_from_text(*find_item(q, "t"), "14:30:00") == AnswerValue{Time{"14:30:00"}});
    CHECK(*answer_from_text(*find_item(q, "s"), "  two\nlines ") == AnswerValue{std::string("two\nlines")});
    CHECK(answer_from_text(*find_item(q, "i"), "4.5").error().message == "Enter a whole number.");
    CHECK(answer_from_text(*find_item(q, "d"), "lots").error().message == "Enter a number.");
    CHECK(answer_from_text(*find_item(q, "d"), "inf").error().message == "Enter a number.");
    CHECK_FALSE(answer_from_text(*find_item(q, "c"), "a").ok());
}

TEST_CASE("every kind of answer reads back from the JSON the vault stores") {
    for (const AnswerValue& v : {AnswerValue{Date{"2024-05-31"}}, AnswerValue{DateTime{"2024-05-31T10:00:00Z"}},
                                 AnswerValue{Time{"10:00:00"}}, AnswerValue{-7.25}}) {
        auto back = answer_from_json(answer_to_json(v));
        REQUIRE(back.ok());
        CHECK(*back == v);
    }
    CHECK_FALSE(answer_from_json(R"({"valueQuantity":{"value":1}})").ok());
    CHECK_FALSE(answer_from_json(R"({"valueCoding":{"display":"no code"}})").ok());
}
