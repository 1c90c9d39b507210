// Whole-form checks run after every item is parsed: an enableWhen must name an item of the form,
// and enablement must not go round in a circle (an item cannot, through enableWhen and through
// being inside its parent, end up depending on itself). Internal to the Questionnaire parser.
#pragma once

#include "core/questionnaire.h"
#include "core/result.h"

#include <string>

namespace selfdirect::core {

// Error code "form.enable_when", message "<source>: ..." naming the linkIds involved.
Result<void> check_enable_when(const Questionnaire& q, const std::string& source);

} // namespace selfdirect::core
