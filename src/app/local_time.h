// A Unix time as the device's local date and time, for the sync status words (tablet header, staff
// page). Times travel as integers until the moment they are put into words; this is that moment.
#pragma once

#include <cstdint>
#include <string>

namespace selfdirect::app {

// Local date and time of a Unix time: {"2026-11-22", "14:02"} (the device's time zone).
struct LocalDateTime {
    std::string date; // "YYYY-MM-DD"
    std::string time; // "HH:MM"
};
LocalDateTime local_date_time(std::int64_t unix_seconds);

} // namespace selfdirect::app
