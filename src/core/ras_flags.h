// Flags that answers raise for a worker, declared in the form: an answerOption carrying the extension
// https://selfdirect.example/fhir/StructureDefinition/answer-flag (valueCode "safeguarding",
// "advocacy", "carer-offer", ...) raises that flag when chosen. They live in the form, not in code,
// so a council can move them with its questions; they are reported next to the RAS result and never
// change a score.
#pragma once

#include "core/ras_answers.h"
#include "core/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::core {

inline constexpr const char* kAnswerFlagUrl = "https://selfdirect.example/fhir/StructureDefinition/answer-flag";

// Reported even when no answer raises them and the form declares none, so "false" is visible.
inline constexpr const char* kStandardFlags[] = {"safeguarding", "advocacy", "carer-offer"};

struct FlagRule {
    std::string link_id;
    std::string code;  // the option's code (valueCoding.code, valueString, valueInteger as text)
    std::string flag;
};

// Reads every answer-flag extension in Questionnaire JSON. The JSON must already have been accepted
// by parse_questionnaire; error "form.flag" (an extension without a valueCode) names the item.
Result<std::vector<FlagRule>> read_answer_flags(std::string_view questionnaire_json, std::string_view source);

struct FlagResult {
    std::string flag;
    bool raised = false;
    std::vector<ScoredAnswer> because; // the answers that raised it, in form order
};

// Every standard flag and every flag the form declares, sorted by name. Answers under disabled items
// are not in `input`, so they raise nothing.
std::vector<FlagResult> evaluate_flags(const std::vector<FlagRule>& rules, const ScoringInput& input);

} // namespace selfdirect::core
