// What the result page showed, as the assessment summary's context: the form, this app's version,
// and whether any amount was on the page. Read from the page itself (ui::ResultView) rather than
// from the profile's rules about showing a budget, so the record says what the person saw even
// when those rules change.
#pragma once

#include "core/assessment_summary.h"
#include "core/questionnaire.h"
#include "ui/result_view.h"

namespace selfdirect::app {

// The version of the app that built a summary ("0.1.0"): the project version at build time.
const char* app_version();

core::SummaryContext summary_context(const core::Questionnaire& form, const ui::ResultView& shown);

} // namespace selfdirect::app
