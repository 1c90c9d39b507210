// The reference a person is given on the confirmation page ("SD-1A2B-3C4D") is derived from their
// record id, so the kiosk that shows it and the council tool that lists records by it
// (`selfdirect-council triage`) must derive it the same way: one function, here.
#pragma once

#include <string>
#include <string_view>

namespace selfdirect::core {

// "SD-" and the record id's first 8 hex digits in upper case, as two groups of four. A record id
// with fewer than 8 hex digits gives a shorter reference (never the case for a UUID).
std::string reference_for_record(std::string_view record_id);

} // namespace selfdirect::core
