// A date as a person reads it, in the language on screen: the resume code's expiry, the staff page's
// and a tablet header's "last sent". One place, so the month names and the order are translated once.
#pragma once

#include "core/catalogue.h"

#include <string>

namespace selfdirect::app {

// "2026-11-29" -> "29 November 2026" (the order too: "{day} {month} {year}" is itself translated).
// Anything that is not YYYY-MM-DD is shown as it came.
std::string date_words(const core::Catalogue& c, const std::string& iso);

} // namespace selfdirect::app
