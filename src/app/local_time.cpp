// Unix time -> local date and time (see local_time.h).
#include "app/local_time.h"

#include <ctime>

namespace selfdirect::app {

LocalDateTime local_date_time(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char date[16], time[8];
    std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
    std::strftime(time, sizeof time, "%H:%M", &tm);
    return {date, time};
}

} // namespace selfdirect::app
