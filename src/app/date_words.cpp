// Dates in words (see date_words.h).
#include "app/date_words.h"

#include <cstdio>

namespace selfdirect::app {

std::string date_words(const core::Catalogue& c, const std::string& iso) {
    static constexpr const char* kMonths[] = {core::tr_noop("January"), core::tr_noop("February"), core::tr_noop("March"),
                                              core::tr_noop("April"), core::tr_noop("May"), core::tr_noop("June"),
                                              core::tr_noop("July"), core::tr_noop("August"), core::tr_noop("September"),
                                              core::tr_noop("October"), core::tr_noop("November"), core::tr_noop("December")};
    int year = 0, month = 0, day = 0;
    if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3 || month < 1 || month > 12)
        return iso;
    return core::fill(c.tr("{day} {month} {year}"), {{"day", std::to_string(day)},
                                                     {"month", c.tr(kMonths[month - 1])},
                                                     {"year", std::to_string(year)}});
}

} // namespace selfdirect::app
