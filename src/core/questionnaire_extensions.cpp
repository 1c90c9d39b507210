// Extension readers (see questionnaire_extensions.h).
#include "core/questionnaire_extensions.h"

namespace selfdirect::core::ext {

using nlohmann::json;

std::string string_member(const json& j, const char* key) {
    if (!j.is_object()) return {};
    auto it = j.find(key);
    return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

const json* find(const json& element, std::string_view url) {
    if (!element.is_object()) return nullptr;
    auto list = element.find("extension");
    if (list == element.end() || !list->is_array()) return nullptr;
    for (const json& e : *list)
        if (e.is_object() && string_member(e, "url") == url) return &e;
    return nullptr;
}

Translations translations(const json& owner, const char* primitive_key) {
    Translations out;
    if (!owner.is_object()) return out;
    auto companion = owner.find(std::string("_") + primitive_key);
    if (companion == owner.end() || !companion->is_object()) return out;
    auto list = companion->find("extension");
    if (list == companion->end() || !list->is_array()) return out;
    for (const json& e : *list) {
        if (!e.is_object() || string_member(e, "url") != kTranslation) continue;
        auto parts = e.find("extension");
        if (parts == e.end() || !parts->is_array()) continue;
        std::string lang, content;
        for (const json& p : *parts) {
            const std::string url = string_member(p, "url");
            if (url == "lang") lang = string_member(p, "valueCode");
            if (url == "content") {
                content = string_member(p, "valueString");
                if (content.empty()) content = string_member(p, "valueMarkdown");
            }
        }
        if (!lang.empty() && !content.empty()) out[lang] = content;
    }
    return out;
}

std::optional<double> score(const json& element) {
    static constexpr std::string_view kUrls[] = {
        "http://hl7.org/fhir/StructureDefinition/ordinalValue",
        "http://hl7.org/fhir/StructureDefinition/itemWeight",
        "http://hl7.org/fhir/StructureDefinition/valueset-ordinalValue",
        "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value",
    };
    for (std::string_view url : kUrls) {
        const json* e = find(element, url);
        if (!e) continue;
        if (auto v = e->find("valueDecimal"); v != e->end() && v->is_number()) return v->get<double>();
        if (auto v = e->find("valueInteger"); v != e->end() && v->is_number_integer()) return v->get<double>();
    }
    return std::nullopt;
}

std::optional<Expression> expression(const json& extension) {
    auto v = extension.find("valueExpression");
    if (v == extension.end() || !v->is_object()) return std::nullopt;
    Expression out{string_member(*v, "name"), string_member(*v, "language"), string_member(*v, "expression")};
    if (out.expression.empty()) return std::nullopt;
    return out;
}

std::vector<Expression> variables(const json& element) {
    std::vector<Expression> out;
    if (!element.is_object()) return out;
    auto list = element.find("extension");
    if (list == element.end() || !list->is_array()) return out;
    for (const json& e : *list)
        if (e.is_object() && string_member(e, "url") == kVariable)
            if (auto x = expression(e)) out.push_back(std::move(*x));
    return out;
}

} // namespace selfdirect::core::ext
