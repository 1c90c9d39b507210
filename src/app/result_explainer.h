// Turns the core's numbers (RAS, eligibility indicator, answer flags) into the plain words of the
// result page. Statutory guidance asks for a transparent indicative budget and the brief forbids a
// silent informal-support deduction, so every step of the sum is said in a sentence; flags that need
// action now (safeguarding) become contacts the person sees before anything else. Lives in the app
// because it needs the council's contacts (device profile) and the translation hook.
#pragma once

#include "core/assessment.h"
#include "core/questionnaire.h"
#include "ui/result_view.h"

#include <functional>
#include <string>
#include <string_view>

namespace selfdirect::app {

// When the page shows a money figure (the profile's result.show_budget). A figure never shows for a
// young carer, whatever this says.
enum class ShowBudget {
    Always,        // every adult and adult carer, with "you only get a budget if a worker decides ..."
    WhenIndicated, // only when the eligibility indicator is "indicated" (or there is no outcome map)
    Never,         // never: information and advice instead, and a worker talks money
};

struct ExplainOptions {
    std::string council_name;       // "Anytown Council"; "" reads as "the council"
    std::string safeguarding_phone; // the council's adult safeguarding line; "" leaves it out
    std::string advice_line;        // the council's adult social care (and carers') advice phone
    std::string advocacy_contact;   // who to ask for an independent advocate, e.g. "Anytown Advocacy on 01234 567890"
    std::string advice_website;     // where the council's information and advice is ("www.anytown.gov.uk/care")
    std::string young_carers_contact; // the council's young carers' service ("Anytown Young Carers on 01234 567890")
    ShowBudget show_budget = ShowBudget::WhenIndicated;
    // Every fixed English string goes through this (xgettext -ktr extracts them). Figures are put
    // into `{placeholders}` after translating, so a translator sees whole sentences.
    std::function<std::string(std::string_view)> tr = [](std::string_view s) { return std::string(s); };
};

// "£19,162.00": pounds and pence with thousands separators.
std::string format_money(std::int64_t pence);

ui::ResultView explain_result(const core::Questionnaire& q, const core::AssessmentResult& result,
                              const ExplainOptions& options);

} // namespace selfdirect::app
