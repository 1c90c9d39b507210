// FHIR value[x] <-> AnswerValue. One place for the JSON shape of a value, because it appears under
// many names: answer.value[x], enableWhen.answer[x], initial.value[x], minValue's value[x]...
#pragma once

#include "core/answer_value.h"
#include "core/result.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace selfdirect::core {

// Writes `value` into `element` as prefix + type ("value" + "Coding" -> "valueCoding").
void write_value_x(nlohmann::json& element, std::string_view prefix, const AnswerValue& value);

// Reads the one member of `element` named prefix + an upper-case type. nullopt when there is none;
// an Error "value.invalid" when the member's JSON does not fit its type (a Coding without a code),
// "value.unsupported" when its type is not one the engine supports and `keep_other` is false (with
// keep_other it becomes an OtherValue).
Result<std::optional<AnswerValue>> read_value_x(const nlohmann::json& element, std::string_view prefix, bool keep_other);

// Compact JSON that never throws: text that is not valid UTF-8 is replaced, not an exception.
std::string dump_json(const nlohmann::json& j);

} // namespace selfdirect::core
