// Contained ValueSets -> answer options, so `answerValueSet: "#id"` works offline. ValueSets held
// elsewhere (a terminology server) cannot be expanded on a kiosk; the item parser refuses those.
#pragma once

#include "core/questionnaire.h"
#include "core/result.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace selfdirect::core {

// Contained ValueSet id -> its concepts as options (from expansion.contains, else compose.include.concept).
using ContainedValueSets = std::map<std::string, std::vector<AnswerOption>>;

// `source` names the file in errors. Refuses a concept without a code (code "form.item").
Result<ContainedValueSets> read_contained_value_sets(const nlohmann::json& questionnaire, const std::string& source);

} // namespace selfdirect::core
