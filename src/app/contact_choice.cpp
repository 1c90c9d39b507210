// Reads the contact-consent answer (contact_choice.h).
#include "app/contact_choice.h"

#include <algorithm>

namespace selfdirect::app {
namespace {

bool asks_contact_consent(const core::Item& item) {
    return !item.options.empty() && std::all_of(item.options.begin(), item.options.end(), [](const core::AnswerOption& o) {
        return o.system == kContactConsentSystem;
    });
}

} // namespace

ContactChoice contact_choice(const core::Questionnaire& form, const core::Answers& answers) {
    for (const core::Item* item : core::answerable_items(form)) {
        if (!asks_contact_consent(*item)) continue;
        const auto it = answers.find(item->link_id);
        if (it == answers.end()) return ContactChoice::NotAnswered;
        const auto* coding = std::get_if<core::Coding>(&it->second);
        if (!coding) return ContactChoice::NotAnswered;
        return coding->code == "no" ? ContactChoice::Declined : ContactChoice::Agreed;
    }
    return ContactChoice::NotAsked;
}

} // namespace selfdirect::app
