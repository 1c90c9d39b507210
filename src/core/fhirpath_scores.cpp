// ordinal() / weight(): the score of an answer, looked up where SDC forms put it — an ordinalValue
// (FHIR R4) or itemWeight (R5 name) extension on the Coding itself, on the matching answerOption or
// its Coding, or on the concept of a contained ValueSet named by answerValueSet "#id".
#include "core/fhirpath_evaluator.h"

#include <vector>

namespace selfdirect::core::fhirpath {

namespace {

constexpr const char* kOrdinalValue = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
constexpr const char* kItemWeight = "http://hl7.org/fhir/StructureDefinition/itemWeight";

const std::string* string_member(const nlohmann::json& obj, const char* name) {
    if (!obj.is_object()) return nullptr;
    const auto it = obj.find(name);
    return it != obj.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

std::optional<Value> extension_score(const nlohmann::json& element, bool prefer_weight) {
    if (!element.is_object()) return std::nullopt;
    const auto ext = element.find("extension");
    if (ext == element.end() || !ext->is_array()) return std::nullopt;
    for (const char* url : prefer_weight ? std::vector{kItemWeight, kOrdinalValue} : std::vector{kOrdinalValue, kItemWeight}) {
        for (const auto& e : *ext) {
            const std::string* u = string_member(e, "url");
            if (!u || *u != url) continue;
            for (const char* key : {"valueDecimal", "valueInteger"}) {
                const auto v = e.find(key);
                if (v != e.end() && v->is_number())
                    if (auto value = from_json(*v, nullptr)) return value;
            }
        }
    }
    return std::nullopt;
}

// A Coding in an answer matches a Coding in the form when the codes are equal and the systems are
// equal or one of them is absent (published responses often omit the system).
bool coding_matches(const nlohmann::json& answer, const std::string* system, const std::string* code) {
    const std::string* a_code = string_member(answer, "code");
    if (!a_code || !code || *a_code != *code) return false;
    const std::string* a_system = string_member(answer, "system");
    return !a_system || !system || *a_system == *system;
}

bool option_matches(const nlohmann::json& option, const Value& answer) {
    if (const auto* node = std::get_if<Node>(&answer.data)) {
        const auto coding = option.find("valueCoding");
        return coding != option.end() && coding->is_object() &&
               coding_matches(*node->json, string_member(*coding, "system"), string_member(*coding, "code"));
    }
    if (const auto* s = std::get_if<std::string>(&answer.data)) {
        for (const char* key : {"valueString", "valueDate", "valueTime"})
            if (const std::string* o = string_member(option, key); o && *o == *s) return true;
        return false;
    }
    if (const auto* i = std::get_if<std::int64_t>(&answer.data)) {
        const auto v = option.find("valueInteger");
        return v != option.end() && v->is_number_integer() && v->get<std::int64_t>() == *i;
    }
    return false;
}

std::optional<Value> value_set_score(const nlohmann::json& vs, const nlohmann::json& coding, bool prefer_weight) {
    if (const auto compose = vs.find("compose"); compose != vs.end() && compose->is_object()) {
        const auto include = compose->find("include");
        if (include != compose->end() && include->is_array()) {
            for (const auto& inc : *include) {
                if (!inc.is_object()) continue;
                const auto concepts = inc.find("concept");
                if (concepts == inc.end() || !concepts->is_array()) continue;
                for (const auto& entry : *concepts)
                    if (coding_matches(coding, string_member(inc, "system"), string_member(entry, "code")))
                        return extension_score(entry, prefer_weight);
            }
        }
    }
    // An expanded ValueSet: expansion.contains, nested contains walked with an explicit stack.
    if (const auto expansion = vs.find("expansion"); expansion != vs.end() && expansion->is_object()) {
        std::vector<const nlohmann::json*> stack{&*expansion};
        while (!stack.empty()) {
            const nlohmann::json* node = stack.back();
            stack.pop_back();
            const auto contains = node->find("contains");
            if (contains == node->end() || !contains->is_array()) continue;
            for (const auto& c : *contains) {
                if (!c.is_object()) continue;
                if (coding_matches(coding, string_member(c, "system"), string_member(c, "code")))
                    return extension_score(c, prefer_weight);
                stack.push_back(&c);
            }
        }
    }
    return std::nullopt;
}

} // namespace

ScoreIndex::ScoreIndex(const nlohmann::json* questionnaire) : questionnaire_(questionnaire) {
    if (!questionnaire_ || !questionnaire_->is_object()) return;
    std::vector<const nlohmann::json*> stack{questionnaire_};
    while (!stack.empty()) {
        const nlohmann::json* node = stack.back();
        stack.pop_back();
        if (node != questionnaire_)
            if (const std::string* id = string_member(*node, "linkId")) items_.emplace(*id, node);
        const auto sub = node->find("item");
        if (sub == node->end() || !sub->is_array()) continue;
        for (const auto& item : *sub)
            if (item.is_object()) stack.push_back(&item);
    }
    const auto contained = questionnaire_->find("contained");
    if (contained != questionnaire_->end() && contained->is_array())
        for (const auto& r : *contained) {
            const std::string* type = string_member(r, "resourceType");
            const std::string* id = string_member(r, "id");
            if (type && id && *type == "ValueSet") value_sets_.emplace(*id, &r);
        }
}

std::optional<Value> ScoreIndex::score(const Value& answer, bool prefer_weight) const {
    const auto* node = std::get_if<Node>(&answer.data);
    if (node)
        if (auto s = extension_score(*node->json, prefer_weight)) return s;
    if (!answer.owner) return std::nullopt;
    const std::string* link_id = string_member(*answer.owner, "linkId");
    if (!link_id) return std::nullopt;
    const auto found = items_.find(*link_id);
    if (found == items_.end()) return std::nullopt;
    const nlohmann::json& item = *found->second;

    if (const auto options = item.find("answerOption"); options != item.end() && options->is_array()) {
        for (const auto& option : *options) {
            if (!option.is_object() || !option_matches(option, answer)) continue;
            if (auto s = extension_score(option, prefer_weight)) return s;
            if (const auto coding = option.find("valueCoding"); coding != option.end())
                if (auto s = extension_score(*coding, prefer_weight)) return s;
            return std::nullopt;
        }
    }
    const std::string* vs_ref = string_member(item, "answerValueSet");
    if (node && vs_ref && vs_ref->size() > 1 && (*vs_ref)[0] == '#') {
        const auto vs = value_sets_.find(vs_ref->substr(1));
        if (vs != value_sets_.end()) return value_set_score(*vs->second, *node->json, prefer_weight);
    }
    return std::nullopt;
}

} // namespace selfdirect::core::fhirpath
