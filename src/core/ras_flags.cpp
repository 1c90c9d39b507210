// Answer flags: read from the form's answerOption extensions, raised by the answers (ras_flags.h).
#include "core/ras_flags.h"

#include <nlohmann/json.hpp>

#include <map>

namespace selfdirect::core {
namespace {

using nlohmann::json;

std::string option_code(const json& option) {
    if (auto c = option.find("valueCoding"); c != option.end() && c->is_object()) {
        auto code = c->find("code");
        return code != c->end() && code->is_string() ? code->get<std::string>() : std::string();
    }
    if (auto s = option.find("valueString"); s != option.end() && s->is_string()) return s->get<std::string>();
    if (auto i = option.find("valueInteger"); i != option.end() && i->is_number_integer()) return std::to_string(i->get<std::int64_t>());
    return {};
}

// Flag extensions on the option itself or on its Coding (as scores may be).
Result<void> collect_option(const json& element, const std::string& link_id, const std::string& code,
                            std::vector<FlagRule>& out, const std::string& source) {
    auto ext = element.find("extension");
    if (ext == element.end() || !ext->is_array()) return {};
    for (const json& e : *ext) {
        if (!e.is_object() || e.value("url", "") != kAnswerFlagUrl) continue;
        auto v = e.find("valueCode");
        if (v == e.end() || !v->is_string() || v->get_ref<const std::string&>().empty())
            return make_error("form.flag", source + ": item '" + link_id + "' option '" + code +
                                               "': an answer-flag extension needs a valueCode");
        out.push_back(FlagRule{link_id, code, v->get<std::string>()});
    }
    return {};
}

Result<void> collect(const json& items, std::vector<FlagRule>& out, const std::string& source) {
    if (!items.is_array()) return {};
    for (const json& item : items) {
        if (!item.is_object()) continue;
        const std::string link_id = item.value("linkId", "");
        if (auto options = item.find("answerOption"); options != item.end() && options->is_array()) {
            for (const json& option : *options) {
                if (!option.is_object()) continue;
                const std::string code = option_code(option);
                if (auto r = collect_option(option, link_id, code, out, source); !r) return r;
                if (auto c = option.find("valueCoding"); c != option.end() && c->is_object())
                    if (auto r = collect_option(*c, link_id, code, out, source); !r) return r;
            }
        }
        if (auto children = item.find("item"); children != item.end())
            if (auto r = collect(*children, out, source); !r) return r;
    }
    return {};
}

} // namespace

Result<std::vector<FlagRule>> read_answer_flags(std::string_view questionnaire_json, std::string_view source) {
    if (questionnaire_json.substr(0, 3) == "\xEF\xBB\xBF") questionnaire_json.remove_prefix(3);
    const json doc = json::parse(questionnaire_json, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) return make_error("form.json", std::string(source) + ": not valid JSON");
    std::vector<FlagRule> out;
    if (auto items = doc.find("item"); items != doc.end())
        if (auto r = collect(*items, out, std::string(source)); !r) return r.error();
    return out;
}

std::vector<FlagResult> evaluate_flags(const std::vector<FlagRule>& rules, const ScoringInput& input) {
    std::map<std::string, FlagResult> flags;
    for (const char* name : kStandardFlags) flags[name].flag = name;
    for (const FlagRule& rule : rules) {
        FlagResult& f = flags[rule.flag]; // rules come in form order, so reasons do too
        f.flag = rule.flag;
        const ScoredAnswer* a = input.find(rule.link_id);
        if (!a || a->code != rule.code) continue;
        f.raised = true;
        // A flag on both an option and its Coding is one reason, not two.
        if (f.because.empty() || f.because.back().link_id != a->link_id) f.because.push_back(*a);
    }
    std::vector<FlagResult> out;
    for (auto& [name, f] : flags) out.push_back(std::move(f)); // reasons stay in form order
    return out;
}

} // namespace selfdirect::core
