// Dates a person types are checked against the calendar, not only the digit ranges: 31 February
// or 29 February in a common year is not a date (issue 12, item 2). FHIR's partial dates (YYYY,
// YYYY-MM) stay valid for a date item.
#include "core/answers.h"
#include "form_fixtures.h"

#include <doctest/doctest.h>

using namespace selfdirect::core;
using form_fixtures::form;

namespace {

bool date_ok(const Questionnaire& q, const std::string& text) { return validate_answer(*find_item(q, "d"), Date{text}).ok(); }
bool date_time_ok(const Questionnaire& q, const std::string& text) {
    return validate_answer(*find_item(q, "dt"), DateTime{text}).ok();
}

} // namespace

TEST_CASE("a date that is not on the calendar is refused: 31 February, 29 February in a common year, 31 April") {
    const Questionnaire q = form(R"([{"linkId":"d","type":"date"},{"linkId":"dt","type":"dateTime"}])");
    for (const char* bad : {"2025-02-31", "2023-02-29", "2025-04-31", "2100-02-29", "2025-06-31", "2025-02-30", "2025-01-00"}) {
        CAPTURE(bad);
        CHECK_FALSE(date_ok(q, bad));
        CHECK_FALSE(date_time_ok(q, bad));
        CHECK_FALSE(date_time_ok(q, std::string(bad) + "T10:00:00Z"));
    }
    const auto refused = validate_answer(*find_item(q, "d"), Date{"2025-02-31"});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "answer.invalid");
    CHECK(refused.error().message == "Enter a date, for example 2024-05-31.");
}

TEST_CASE("leap days of leap years and the last day of every month are dates") {
    const Questionnaire q = form(R"([{"linkId":"d","type":"date"},{"linkId":"dt","type":"dateTime"}])");
    for (const char* good : {"2024-02-29", "2000-02-29", "2025-02-28", "2025-04-30", "2025-12-31", "2025-01-31"}) {
        CAPTURE(good);
        CHECK(date_ok(q, good));
        CHECK(date_time_ok(q, good));
        CHECK(date_time_ok(q, std::string(good) + "T23:59:59+01:00"));
    }
}

TEST_CASE("partial dates stay valid as the FHIR date type allows them, and malformed ones do not") {
    const Questionnaire q = form(R"([{"linkId":"d","type":"date"},{"linkId":"dt","type":"dateTime"}])");
    for (const char* good : {"2025", "2025-02", "1900-12", "0001-01-01"}) {
        CAPTURE(good);
        CHECK(date_ok(q, good));
        CHECK(date_time_ok(q, good));
    }
    for (const char* bad : {"2025-13", "2025-00", "2025-2-28", "25-02-28", "2025-02-28x", "2025/02/28", "0000", "0000-01-01"}) {
        CAPTURE(bad);
        CHECK_FALSE(date_ok(q, bad));
    }
}
