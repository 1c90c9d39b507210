// Fuzzes the form loader: councils ship Questionnaire JSON we did not write, and a broken file must
// give an Error value, never a crash or an exception. When a form parses, its model must be one the
// rest of core can use, so the target also checks, cheaply:
//   - writing the model back as FHIR JSON and parsing that gives the same model;
//   - the QuestionnaireResponse built with no answers is valid JSON with an empty item list;
//   - a valid answer for every answerable item validates, survives answer_to_json/answer_from_json,
//     and shows up exactly once in the QuestionnaireResponse (nothing a resident answered is lost).
// The same bytes are also fed to answer_from_json (the vault reads answers back with it): when it
// accepts them, answer_to_json of the value must read back as the same value.
#include "core/answers.h"
#include "core/questionnaire_parser.h"
#include "core/response_builder.h"
#include "fuzz_check.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace {

using namespace selfdirect::core;
using nlohmann::json;

json option_json(const AnswerOption& o) {
    if (o.system.empty() && o.code == o.display) return {{"valueString", o.code}};
    json coding = {{"code", o.code}, {"display", o.display}};
    if (!o.system.empty()) coding["system"] = o.system;
    return {{"valueCoding", coding}};
}

json item_json(const Item& item) {
    json j = {{"linkId", item.link_id}, {"type", item_type_name(item.type)}};
    if (!item.text.empty()) j["text"] = item.text;
    if (item.required) j["required"] = true;
    if (!item.options.empty()) {
        j["answerOption"] = json::array();
        for (const auto& o : item.options) j["answerOption"].push_back(option_json(o));
    }
    if (!item.items.empty()) {
        j["item"] = json::array();
        for (const auto& c : item.items) j["item"].push_back(item_json(c));
    }
    return j;
}

std::string questionnaire_json(const Questionnaire& q) {
    json j = {{"resourceType", "Questionnaire"}};
    if (!q.id.empty()) j["id"] = q.id;
    if (!q.url.empty()) j["url"] = q.url;
    if (!q.version.empty()) j["version"] = q.version;
    if (!q.title.empty()) j["title"] = q.title;
    j["item"] = json::array();
    for (const auto& i : q.items) j["item"].push_back(item_json(i));
    return j.dump();
}

bool same_item(const Item& a, const Item& b) {
    if (a.link_id != b.link_id || a.text != b.text || a.type != b.type || a.required != b.required) return false;
    if (a.options.size() != b.options.size() || a.items.size() != b.items.size()) return false;
    for (std::size_t i = 0; i < a.options.size(); ++i) {
        const auto &x = a.options[i], &y = b.options[i];
        if (x.system != y.system || x.code != y.code || x.display != y.display) return false;
    }
    for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!same_item(a.items[i], b.items[i])) return false;
    return true;
}

bool same_questionnaire(const Questionnaire& a, const Questionnaire& b) {
    if (a.id != b.id || a.url != b.url || a.version != b.version || a.title != b.title) return false;
    if (a.items.size() != b.items.size()) return false;
    for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!same_item(a.items[i], b.items[i])) return false;
    return true;
}

// An answer the form itself says is valid for `item`.
AnswerValue valid_answer(const Item& item) {
    switch (item.type) {
    case ItemType::Boolean: return true;
    case ItemType::Integer: return std::int64_t{3};
    case ItemType::Decimal: return 2.5;
    case ItemType::Choice: {
        const auto& o = item.options.front(); // the parser refuses a choice item without options
        return Coding{o.system, o.code, o.display};
    }
    default: return std::string("an answer");
    }
}

// linkId -> how many answered items carry it, anywhere in a QuestionnaireResponse item tree.
void count_answered(const json& items, std::map<std::string, int>& out) {
    if (!items.is_array()) return;
    for (const auto& node : items) {
        if (node.contains("answer")) {
            ++out[node.at("linkId").get<std::string>()];
            for (const auto& a : node["answer"])
                if (a.contains("item")) count_answered(a["item"], out);
        }
        if (node.contains("item")) count_answered(node["item"], out);
    }
}

void check_questionnaire(const Questionnaire& q) {
    auto again = parse_questionnaire(questionnaire_json(q), "fuzz-roundtrip");
    FUZZ_CHECK(again.ok(), "a parsed form, written back as FHIR JSON, must parse again");
    FUZZ_CHECK(same_questionnaire(q, *again), "a parsed form, written back and parsed again, must be the same model");

    const ResponseMeta meta{"0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10", "2026-01-01T00:00:00Z", "completed"};
    const json empty = json::parse(build_questionnaire_response(q, {}, meta), nullptr, false);
    FUZZ_CHECK(empty.is_object() && empty.value("resourceType", "") == "QuestionnaireResponse",
               "the response is a QuestionnaireResponse object");
    FUZZ_CHECK(empty.contains("item") && empty["item"].is_array() && empty["item"].empty(),
               "a response with no answers carries no items");

    Answers answers;
    for (const Item* item : answerable_items(q)) {
        const AnswerValue value = valid_answer(*item);
        FUZZ_CHECK(validate_answer(*item, value).ok(), "an answer built from the form's own options validates");
        auto read_back = answer_from_json(answer_to_json(value));
        FUZZ_CHECK(read_back.ok() && *read_back == value, "a valid answer reads back from its stored JSON");
        answers[item->link_id] = value;
    }
    const json full = json::parse(build_questionnaire_response(q, answers, meta), nullptr, false);
    FUZZ_CHECK(full.is_object(), "the response with answers is a JSON object");
    std::map<std::string, int> answered;
    count_answered(full["item"], answered);
    for (const auto& [link_id, value] : answers)
        FUZZ_CHECK(answered[link_id] == 1, "every answered item appears exactly once in the response");
    FUZZ_CHECK(answered.size() == answers.size(), "the response answers only items that were answered");
}

void check_answer(std::string_view text) {
    auto value = answer_from_json(text);
    if (!value) return;
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
