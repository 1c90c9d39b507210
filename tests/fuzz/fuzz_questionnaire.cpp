// Fuzzes the form loader: councils ship Questionnaire JSON we did not write, and a broken file must
// give an Error value, never a crash or an exception. When a form parses, its model must be one the
// rest of core can use, so the target also checks, cheaply:
//   - the QuestionnaireResponse built with no answers is valid JSON with an empty item list;
//   - an answer picking a choice item's first option validates (a resident is never refused an
//     option the screen shows), and every answer that validates survives answer_to_json /
//     answer_from_json (that is how the vault stores a draft);
//   - with one such answer per answerable item, each enabled item's answer appears exactly once in
//     the QuestionnaireResponse and no disabled item's does (nothing a resident answered is lost).
// The same bytes are also fed to answer_from_json (the vault reads answers back with it): when it
// accepts them, answer_to_json of the value must read back as the same value.
// (No "write the form back and parse it again" check: core has no Questionnaire writer, and the
// SDC model is too rich to mirror one here cheaply.)
#include "core/answers.h"
#include "core/enable_when.h"
#include "core/questionnaire_parser.h"
#include "core/response_builder.h"
#include "fuzz_check.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace {

using namespace selfdirect::core;
using nlohmann::json;

// A plausible answer for `item` of the right kind; the caller keeps it only if it validates.
std::optional<AnswerValue> typed_answer(const Item& item) {
    if (item.min_value) return item.min_value;
    switch (item.type) {
    case ItemType::Boolean: return AnswerValue{true};
    case ItemType::Integer: return AnswerValue{std::int64_t{3}};
    case ItemType::Decimal: return AnswerValue{2.5};
    case ItemType::Date: return AnswerValue{Date{"2024-05-01"}};
    case ItemType::DateTime: return AnswerValue{DateTime{"2024-05-01T10:00:00Z"}};
    case ItemType::Time: return AnswerValue{Time{"14:30:00"}};
    case ItemType::String:
    case ItemType::Text:
    case ItemType::OpenChoice: return AnswerValue{std::string("a")};
    default: return std::nullopt;
    }
}

// linkId -> how many answered items carry it, anywhere in a QuestionnaireResponse item tree.
void count_answered(const json& items, std::map<std::string, int>& out) {
    if (!items.is_array()) return;
    for (const auto& node : items) {
        FUZZ_CHECK(node.is_object() && node.contains("linkId") && node["linkId"].is_string(),
                   "every response item names its linkId");
        if (auto answers = node.find("answer"); answers != node.end()) {
            ++out[node["linkId"].get<std::string>()];
            for (const auto& a : *answers)
                if (a.contains("item")) count_answered(a["item"], out);
        }
        if (node.contains("item")) count_answered(node["item"], out);
    }
}

void check_questionnaire(const Questionnaire& q) {
    const ResponseMeta meta{"0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10", "2026-01-01T00:00:00Z", "completed"};
    const json empty = json::parse(build_questionnaire_response(q, {}, meta), nullptr, false);
    FUZZ_CHECK(empty.is_object() && empty.value("resourceType", "") == "QuestionnaireResponse",
               "the response is a QuestionnaireResponse object");
    FUZZ_CHECK(!empty.contains("item") || (empty["item"].is_array() && empty["item"].empty()),
               "a response with no answers carries no items");

    Answers answers;
    for (const Item* item : answerable_items(q)) {
        std::optional<AnswerValue> value;
        if (item->type == ItemType::Choice) {
            // The question screen offers a choice item's options as buttons (the parser refuses a
            // choice item without them); on other items answerOption only narrows typed answers.
            value = option_answer(item->options.front());
            FUZZ_CHECK(validate_answer(*item, *value).ok(), "picking an option the form offers is a valid answer");
        } else {
            value = typed_answer(*item);
            if (!value || !validate_answer(*item, *value).ok()) continue;
        }
        auto read_back = answer_from_json(answer_to_json(*value));
        FUZZ_CHECK(read_back.ok() && *read_back == *value, "a valid answer reads back from its stored JSON");
        answers[item->link_id] = *value;
    }

    const json full = json::parse(build_questionnaire_response(q, answers, meta), nullptr, false);
    FUZZ_CHECK(full.is_object(), "the response with answers is a JSON object");
    std::map<std::string, int> answered;
    if (full.contains("item")) count_answered(full["item"], answered);
    const std::set<std::string> enabled = enabled_link_ids(q, answers);
    for (const auto& [link_id, value] : answers) {
        const int expected = enabled.count(link_id) ? 1 : 0;
        FUZZ_CHECK(answered[link_id] == expected,
                   "an enabled item's answer appears exactly once in the response, a disabled one's never");
    }
    for (const auto& [link_id, count] : answered)
        FUZZ_CHECK(count == 0 || answers.count(link_id), "the response answers only items that were answered");
}

void check_answer(std::string_view text) {
    auto value = answer_from_json(text);
    if (!value) {
        FUZZ_CHECK(value.error().code == "answer.json", "every refusal has the code answer.json");
        return;
    }
    (void)display_answer(*value);
    auto again = answer_from_json(answer_to_json(*value));
    FUZZ_CHECK(again.ok(), "an answer the vault accepted must read back after writing it out");
    FUZZ_CHECK(*again == *value, "an answer reads back as the same value");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto q = parse_questionnaire(text, "fuzz-input")) check_questionnaire(*q);
    check_answer(text);
    return 0;
}
