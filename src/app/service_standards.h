// The confirmation page's "what happens next" from the council's service standards (device profile
// [council]), in the person's language. Its own file so the promise it makes can be tested: only a
// person who agreed to be contacted (or whose form does not ask) is told a worker will contact them.
#pragma once

#include "app/contact_choice.h"
#include "core/catalogue.h"

#include <string>
#include <vector>

namespace selfdirect::app {

struct ServiceStandards {
    std::string council_name = "the council";
    int contact_within_working_days = 20;
    int support_plan_within_weeks = 4;
    std::string phone;                  // the front door; "" leaves the call-us sentence general
};

std::vector<std::string> service_standard_lines(const core::Catalogue& c, const ServiceStandards& s, ContactChoice contact);

} // namespace selfdirect::app
