// The confirmation page's service-standard sentences (service_standards.h).
#include "app/service_standards.h"

namespace selfdirect::app {

std::vector<std::string> service_standard_lines(const core::Catalogue& c, const ServiceStandards& s, ContactChoice contact) {
    std::vector<std::string> out;
    if (contact == ContactChoice::Agreed || contact == ContactChoice::NotAsked) {
        out.push_back(core::fill(c.tr("A worker from {council} will contact you within {days} working days."),
                                 {{"council", s.council_name}, {"days", std::to_string(s.contact_within_working_days)}}));
        out.push_back(core::fill(c.tr("We aim to agree your support plan with you within {weeks} weeks."),
                                 {{"weeks", std::to_string(s.support_plan_within_weeks)}}));
        if (!s.phone.empty())
            out.push_back(core::fill(c.tr("If you have a question, call {phone} and give your reference."), {{"phone", s.phone}}));
        return out;
    }
    // They said no, or gave no way to reach them: no promise of a call, but how to get in touch.
    out.emplace_back(contact == ContactChoice::Declined ? c.tr("You chose not to be contacted. Keep your reference.")
                                                        : c.tr("You did not give us a way to contact you. Keep your reference."));
    if (!s.phone.empty())
        out.push_back(core::fill(c.tr("To talk to {council} about your answers, call {phone} and give your reference."),
                                 {{"council", s.council_name}, {"phone", s.phone}}));
    else
        out.push_back(core::fill(c.tr("To talk to {council} about your answers, contact them and give your reference."),
                                 {{"council", s.council_name}}));
    return out;
}

} // namespace selfdirect::app
