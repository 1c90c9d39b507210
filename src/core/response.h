// The model of a FHIR R4 QuestionnaireResponse, shaped like the FHIR tree so nothing is lost on the
// way in or out: answers are a list per item (repeats), a repeating group is several items with the
// same linkId, and a question's nested items sit under each of its answers.
#pragma once

#include "core/answer_value.h"

#include <string>
#include <vector>

namespace selfdirect::core {

struct ResponseItem;

struct ResponseAnswer {
    AnswerValue value;
    std::vector<ResponseItem> items; // nested under this answer (questions with child items)
    bool operator==(const ResponseAnswer&) const = default;
};

struct ResponseItem {
    std::string link_id;
    std::string text;
    std::vector<ResponseAnswer> answers;
    std::vector<ResponseItem> items; // a group's children (or a question's, when it has no answer)
    bool operator==(const ResponseItem&) const = default;
};

struct QuestionnaireResponse {
    std::string id;
    std::string questionnaire; // canonical, "url|version"
    std::string status = "completed";
    std::string authored;      // ISO 8601, supplied by the caller (core has no clock)
    std::vector<ResponseItem> items;
    bool operator==(const QuestionnaireResponse&) const = default;
};

// Stable code of an answer left under an item the form does not enable after the other answers:
// never scored, but a completed response should not carry it (the kiosk never sends one).
inline constexpr const char* kAnswerUnderDisabledItem = "response.answer_under_disabled_item";

// One problem with a response: the item it concerns and what is wrong, in plain words. `code` is
// for machines and stays stable; every problem but kAnswerUnderDisabledItem is "response.invalid".
struct ValidationIssue {
    std::string link_id;
    std::string message;
    std::string code = "response.invalid";
    bool operator==(const ValidationIssue&) const = default;
};

} // namespace selfdirect::core
