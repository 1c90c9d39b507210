// How two answer values compare. enableWhen operators and minValue/maxValue both need it, and they
// must agree, so the rules live in one place (documented in docs/configuration.md, "Forms").
#pragma once

#include "core/answer_value.h"

#include <optional>

namespace selfdirect::core {

// <0, 0 or >0 when `a` and `b` can be compared; nullopt when they cannot (different kinds, dates of
// different precision, codes that are not numbers under an ordering). A Coding compares with text
// by its code, and with a number by its code read as a number, so "answerString": "2" or
// "answerDecimal": 2.1 work against coded options, as the published SDC test forms expect.
std::optional<int> compare_values(const AnswerValue& a, const AnswerValue& b);

} // namespace selfdirect::core
