// A person's answers, as FHIR answer values, and the rules that check one against its item.
// The app keeps these in memory for the current page; the vault stores each one encrypted, as the
// JSON that answer_to_json produces, so a draft reads back exactly as it was given.
// `Answers` is the flat convenience map the kiosk journey uses (one answer per item, no repeats);
// the full model with repeats is core/response.h, and core/response_builder.h converts between them.
#pragma once

#include "core/answer_value.h"
#include "core/questionnaire.h"
#include "core/result.h"

#include <map>
#include <string>
#include <string_view>

namespace selfdirect::core {

using Answers = std::map<std::string, AnswerValue>; // linkId -> answer (one answer per item)

// {"valueBoolean":true}, {"valueString":"…"}, {"valueCoding":{…}}, {"valueInteger":3}, {"valueDecimal":2.5},
// {"valueDate":"2024-05-01"}, {"valueDateTime":"…"}, {"valueTime":"14:30:00"}
std::string answer_to_json(const AnswerValue& value);
// Accepts only the kinds above (never an OtherValue): the vault stores nothing else.
Result<AnswerValue> answer_from_json(std::string_view json_text);

// Checks the value's type against the item, its format (dates, times, finite numbers), minValue /
// maxValue, maxLength and option membership. Error code "answer.invalid" with a message for a resident.
Result<void> validate_answer(const Item& item, const AnswerValue& value);

// The answer an option stands for: what the journey saves when a person picks it.
AnswerValue option_answer(const AnswerOption& option);

// What a person typed, as an answer of the item's type: a whole number for integer items, a number
// for decimal, the text itself for date ("2024-05-31"), dateTime, time, string, text and the free
// text of open-choice. Surrounding spaces are trimmed. Error "answer.invalid" with a message for a
// resident when the text is not of that type (validate_answer checks ranges and formats after).
Result<AnswerValue> answer_from_text(const Item& item, std::string_view typed);

// What the check-your-answers page shows for an answer ("Yes", the option's display, the text).
std::string display_answer(const AnswerValue& value);

} // namespace selfdirect::core
