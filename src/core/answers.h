// A person's answers, as FHIR answer values, and the rules that check one against its item.
// The app keeps these in memory for the current page; the vault stores each one encrypted, as the
// JSON that answer_to_json produces, so a draft reads back exactly as it was given.
#pragma once

#include "core/questionnaire.h"
#include "core/result.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>

namespace selfdirect::core {

struct Coding {
    std::string system;
    std::string code;
    std::string display;
    bool operator==(const Coding&) const = default;
};

using AnswerValue = std::variant<bool, std::int64_t, double, std::string, Coding>;
using Answers = std::map<std::string, AnswerValue>; // linkId -> answer (one answer per item for now)

// {"valueBoolean":true}, {"valueString":"…"}, {"valueCoding":{…}}, {"valueInteger":3}, {"valueDecimal":2.5}
std::string answer_to_json(const AnswerValue& value);
Result<AnswerValue> answer_from_json(std::string_view json_text);

// Checks type and option membership. Error code "answer.invalid" with a message for a resident.
Result<void> validate_answer(const Item& item, const AnswerValue& value);

// What the check-your-answers page shows for an answer ("Yes", the option's display, the text).
std::string display_answer(const AnswerValue& value);

} // namespace selfdirect::core
