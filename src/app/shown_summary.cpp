// The assessment summary's context from the result page (see shown_summary.h).
#include "app/shown_summary.h"

#ifndef SELFDIRECT_APP_VERSION
#error "SELFDIRECT_APP_VERSION is set by src/app/CMakeLists.txt"
#endif

namespace selfdirect::app {

const char* app_version() { return SELFDIRECT_APP_VERSION; }

core::SummaryContext summary_context(const core::Questionnaire& form, const ui::ResultView& shown) {
    core::SummaryContext c;
    c.form_id = form.id;
    c.form_version = form.version;
    c.app_version = app_version();
    // The page draws an amount only through these two lines (adult: weekly and yearly; carer: the
    // one-off payment as the yearly line): empty means the person saw no figure.
    c.budget_shown = !shown.weekly_text.empty() || !shown.yearly_text.empty();
    return c;
}

} // namespace selfdirect::app
