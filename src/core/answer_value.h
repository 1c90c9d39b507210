// One FHIR answer value (value[x]). Its own header because both the Questionnaire model (enableWhen,
// initial, minValue) and the answers a person gives hold values of the same kinds.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace selfdirect::core {

struct Coding {
    std::string system;
    std::string code;
    std::string display;
    bool operator==(const Coding&) const = default;
};

// Dates and times keep their FHIR text ("2024-05-01", "2024-05-01T10:00:00Z", "14:30:00"): they
// are compared as text of the same precision, never converted through a clock or a time zone.
struct Date {
    std::string iso;
    bool operator==(const Date&) const = default;
};
struct DateTime {
    std::string iso;
    bool operator==(const DateTime&) const = default;
};
struct Time {
    std::string iso;
    bool operator==(const Time&) const = default;
};

// A value[x] of a kind the engine does not support (valueQuantity, valueAttachment, ...), kept as
// its key and compact JSON so a response read from a council system writes back out unchanged. It
// never validates and never scores.
struct OtherValue {
    std::string key;   // "valueQuantity"
    std::string json;  // the value, compact JSON
    bool operator==(const OtherValue&) const = default;
};

using AnswerValue = std::variant<bool, std::int64_t, double, std::string, Coding, Date, DateTime, Time, OtherValue>;

// "valueBoolean", "valueInteger", ... : the FHIR key a value is written under.
std::string value_key(const AnswerValue& value);

} // namespace selfdirect::core
