// Whether the person agreed to be contacted, read from their answers, so the confirmation page only
// promises contact to someone who asked for it. The forms ask it as a choice whose answers are
// codes of the contact-consent code system (SAQ-D1 16.1, CSAQ-D1 C7.1: phone, email or no; see
// docs/configuration.md "The default forms"); it is found by that code system, not by linkId, so a
// council's own form that asks it the same way is read the same way.
#pragma once

#include "core/answers.h"
#include "core/questionnaire.h"

#include <string_view>

namespace selfdirect::app {

inline constexpr std::string_view kContactConsentSystem = "https://selfdirect.example/fhir/CodeSystem/contact-consent";

enum class ContactChoice {
    NotAsked,    // the form has no contact-consent question: the council contacts as its standards say
    Agreed,      // any answer but "no" (by phone, by email)
    Declined,    // "No, I will keep my reference and contact you"
    NotAnswered, // asked, left unanswered: no way to contact the person was given
};

ContactChoice contact_choice(const core::Questionnaire& form, const core::Answers& answers);

} // namespace selfdirect::app
