// value[x] reading and writing (see answer_value_json.h).
#include "core/answer_value_json.h"

#include <cctype>
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
    json operator()(bool b) const { return b; }
    json operator()(std::int64_t i) const { return i; }
    json operator()(double d) const { return d; }
    json operator()(const std::string& s) const { return s; }
    json operator()(const Coding& c) const { return coding_json(c); }
    json operator()(const Date& d) const { return d.iso; }
    json operator()(const DateTime& d) const { return d.iso; }
    json operator()(const Time& t) const { return t.iso; }
    json operator()(const OtherValue& o) const { return json::parse(o.json, nullptr, false); }
};

std::string string_member(const json& j, const char* key) {
    auto it = j.find(key);
    return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

Error bad(std::string_view key, const char* why) {
    return make_error("value.invalid", "'" + std::string(key) + "' " + why);
}

} // namespace

std::string value_key(const AnswerValue& value) {
    struct Key {
        std::string operator()(bool) const { return "valueBoolean"; }
        std::string operator()(std::int64_t) const { return "valueInteger"; }
        std::string operator()(double) const { return "valueDecimal"; }
        std::string operator()(const std::string&) const { return "valueString"; }
        std::string operator()(const Coding&) const { return "valueCoding"; }
        std::string operator()(const Date&) const { return "valueDate"; }
        std::string operator()(const DateTime&) const { return "valueDateTime"; }
        std::string operator()(const Time&) const { return "valueTime"; }
        std::string operator()(const OtherValue& o) const { return o.key; }
    };
    return std::visit(Key{}, value);
}

void write_value_x(json& element, std::string_view prefix, const AnswerValue& value) {
    const std::string type = value_key(value).substr(5); // after "value"
    element[std::string(prefix) + type] = std::visit(ToJson{}, value);
}

Result<std::optional<AnswerValue>> read_value_x(const json& element, std::string_view prefix, bool keep_other) {
    if (!element.is_object()) return std::optional<AnswerValue>{};
    for (auto it = element.begin(); it != element.end(); ++it) {
        const std::string& key = it.key();
        if (key.size() <= prefix.size() || key.compare(0, prefix.size(), prefix) != 0) continue;
        if (!std::isupper(static_cast<unsigned char>(key[prefix.size()]))) continue;
        const std::string type = key.substr(prefix.size());
        const json& v = it.value();
        if (type == "Boolean") {
            if (!v.is_boolean()) return bad(key, "must be true or false");
            return std::optional<AnswerValue>{v.get<bool>()};
        }
        if (type == "Integer") {
            if (!v.is_number_integer()) return bad(key, "must be a whole number");
            if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
                return bad(key, "is too large");
            return std::optional<AnswerValue>{v.get<std::int64_t>()};
        }
        if (type == "Decimal") {
            if (!v.is_number() || !std::isfinite(v.get<double>())) return bad(key, "must be a number");
            return std::optional<AnswerValue>{v.get<double>()};
        }
        if (type == "String") {
            if (!v.is_string()) return bad(key, "must be text");
            return std::optional<AnswerValue>{v.get<std::string>()};
        }
        if (type == "Date" || type == "DateTime" || type == "Time") {
            if (!v.is_string()) return bad(key, "must be text");
            const std::string s = v.get<std::string>();
            if (type == "Date") return std::optional<AnswerValue>{Date{s}};
            if (type == "DateTime") return std::optional<AnswerValue>{DateTime{s}};
            return std::optional<AnswerValue>{Time{s}};
        }
        if (type == "Coding") {
            if (!v.is_object()) return bad(key, "must be an object");
            Coding c{string_member(v, "system"), string_member(v, "code"), string_member(v, "display")};
            if (c.code.empty()) return bad(key, "has no code");
            return std::optional<AnswerValue>{std::move(c)};
        }
        if (!keep_other) return make_error("value.unsupported", "'" + key + "' is of a type this version does not support");
        return std::optional<AnswerValue>{OtherValue{"value" + type, dump_json(v)}};
    }
    return std::optional<AnswerValue>{};
}

std::string dump_json(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

} // namespace selfdirect::core
