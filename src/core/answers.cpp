// Answer values <-> FHIR JSON, and per-item validation.
#include "core/answers.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace selfdirect::core {
namespace {

using nlohmann::json;

json coding_json(const Coding& c) {
    json j = json::object();
    if (!c.system.empty()) j["system"] = c.system;
    j["code"] = c.code;
    if (!c.display.empty()) j["display"] = c.display;
    return j;
}

struct ToJson {
    json operator()(bool b) const { return {{"valueBoolean", b}}; }
    json operator()(std::int64_t i) const { return {{"valueInteger", i}}; }
    json operator()(double d) const { return {{"valueDecimal", d}}; }
    json operator()(const std::string& s) const { return {{"valueString", s}}; }
    json operator()(const Coding& c) const { return {{"valueCoding", coding_json(c)}}; }
};

} // namespace

std::string answer_to_json(const AnswerValue& value) { return std::visit(ToJson{}, value).dump(); }

Result<AnswerValue> answer_from_json(std::string_view json_text) {
    json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.size() != 1) return make_error("answer.json", "an answer must be one FHIR value[x] object");
    // Hold the iterator in a variable: `*j.items().begin()` is a proxy inside a temporary, and a
    // reference to it dangles at the end of the statement (found by fuzz_questionnaire under ASan).
    const auto first = j.cbegin();
    const std::string& key = first.key();
    const json& v = first.value();
    if (key == "valueBoolean" && v.is_boolean()) return AnswerValue{v.get<bool>()};
    if (key == "valueInteger" && v.is_number_integer()) return AnswerValue{v.get<std::int64_t>()};
    if (key == "valueDecimal" && v.is_number()) return AnswerValue{v.get<double>()};
    if (key == "valueString" && v.is_string()) return AnswerValue{v.get<std::string>()};
    if (key == "valueCoding" && v.is_object()) {
        Coding c;
        c.system = v.value("system", "");
        c.code = v.value("code", "");
        c.display = v.value("display", "");
        if (c.code.empty()) return make_error("answer.json", "valueCoding without a code");
        return AnswerValue{c};
    }
    return make_error("answer.json", "unsupported answer value '" + key + "'");
}

Result<void> validate_answer(const Item& item, const AnswerValue& value) {
    auto invalid = [](std::string why) { return make_error("answer.invalid", std::move(why)); };
    switch (item.type) {
    case ItemType::Boolean:
        if (!std::holds_alternative<bool>(value)) return invalid("Choose yes or no.");
        return {};
    case ItemType::String:
    case ItemType::Text:
        if (!std::holds_alternative<std::string>(value)) return invalid("Type your answer.");
        return {};
    case ItemType::Integer:
        if (!std::holds_alternative<std::int64_t>(value)) return invalid("Enter a whole number.");
        return {};
    case ItemType::Decimal:
        if (!std::holds_alternative<double>(value) || !std::isfinite(std::get<double>(value))) return invalid("Enter a number.");
        return {};
    case ItemType::Choice: {
        const auto* coding = std::get_if<Coding>(&value);
        if (!coding) return invalid("Choose one of the answers.");
        for (const AnswerOption& o : item.options)
            if (o.code == coding->code && o.system == coding->system) return {};
        return invalid("Choose one of the answers shown.");
    }
    case ItemType::Group:
    case ItemType::Display:
        return invalid("This item takes no answer.");
    }
    return invalid("This item takes no answer.");
}

std::string display_answer(const AnswerValue& value) {
    struct Visitor {
        std::string operator()(bool b) const { return b ? "Yes" : "No"; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const { return json(d).dump(); }
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(const Coding& c) const { return c.display.empty() ? c.code : c.display; }
    };
    return std::visit(Visitor{}, value);
}

} // namespace selfdirect::core
