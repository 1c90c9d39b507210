// Answer values <-> stored JSON, and what the check-your-answers page shows.
#include "core/answers.h"

#include "core/answer_value_json.h"

namespace selfdirect::core {

using nlohmann::json;

std::string answer_to_json(const AnswerValue& value) {
    json j = json::object();
    write_value_x(j, "value", value);
    return dump_json(j);
}

Result<AnswerValue> answer_from_json(std::string_view json_text) {
    json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.size() != 1) return make_error("answer.json", "an answer must be one FHIR value[x] object");
    auto value = read_value_x(j, "value", false);
    if (!value) return make_error("answer.json", value.error().message);
    if (!*value) return make_error("answer.json", "an answer must be one FHIR value[x] object");
    return std::move(**value);
}

AnswerValue option_answer(const AnswerOption& option) { return option.value; }

std::string display_answer(const AnswerValue& value) {
    struct Visitor {
        std::string operator()(bool b) const { return b ? "Yes" : "No"; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const { return json(d).dump(); }
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(const Coding& c) const { return c.display.empty() ? c.code : c.display; }
        std::string operator()(const Date& d) const { return d.iso; }
        std::string operator()(const DateTime& d) const { return d.iso; }
        std::string operator()(const Time& t) const { return t.iso; }
        std::string operator()(const OtherValue&) const { return "(an answer this version cannot show)"; }
    };
    return std::visit(Visitor{}, value);
}

} // namespace selfdirect::core
