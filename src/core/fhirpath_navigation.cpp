// Path navigation over FHIR JSON: what `item`, `answer`, `value`, `linkId`, children() and the SDC
// answers() function mean on a QuestionnaireResponse (or any FHIR resource) held as nlohmann::json.
#include "core/fhirpath_evaluator.h"

#include <vector>

namespace selfdirect::core::fhirpath {

namespace {

const nlohmann::json* object_of(const Value& v) {
    const auto* n = std::get_if<Node>(&v.data);
    return n && n->json->is_object() ? n->json : nullptr;
}

// Objects with a linkId (response and questionnaire items) own the values found under them.
const nlohmann::json* owner_below(const nlohmann::json& obj, const Value& parent) {
    const auto it = obj.find("linkId");
    return it != obj.end() && it->is_string() ? &obj : parent.owner;
}

void add(const nlohmann::json& j, const nlohmann::json* owner, Collection& out) {
    if (j.is_array()) {
        for (const auto& e : j)
            if (!e.is_array())
                if (auto v = from_json(e, owner)) out.push_back(std::move(*v));
        return;
    }
    if (auto v = from_json(j, owner)) out.push_back(std::move(*v));
}

// FHIR choice elements: "value" stands for whichever valueXxx the element carries.
bool is_choice_of(const std::string& key, std::string_view name) {
    return key.size() > name.size() && key.compare(0, name.size(), name) == 0 && key[name.size()] >= 'A' &&
           key[name.size()] <= 'Z';
}

} // namespace

void navigate(const Value& input, std::string_view name, Collection& out) {
    const nlohmann::json* obj = object_of(input);
    if (!obj) return;
    const nlohmann::json* owner = owner_below(*obj, input);
    if (const auto it = obj->find(std::string(name)); it != obj->end()) {
        add(*it, owner, out);
        return;
    }
    if (name == "value")
        for (const auto& [key, member] : obj->items())
            if (is_choice_of(key, name)) add(member, owner, out);
}

void children(const Value& input, Collection& out) {
    const nlohmann::json* obj = object_of(input);
    if (!obj) return;
    const nlohmann::json* owner = owner_below(*obj, input);
    for (const auto& [key, member] : obj->items())
        if (key != "resourceType") add(member, owner, out);
}

bool answers(const Value& input, Collection& out, std::size_t max_items) {
    const nlohmann::json* root = object_of(input);
    if (!root) return true;
    // Explicit stack (deep hostile nesting must not exhaust the call stack), children pushed in
    // reverse so they are visited in document order.
    std::vector<const nlohmann::json*> stack{root};
    while (!stack.empty()) {
        const nlohmann::json* obj = stack.back();
        stack.pop_back();
        std::vector<const nlohmann::json*> next;
        if (const auto a = obj->find("answer"); a != obj->end() && a->is_array()) {
            for (const auto& answer : *a) {
                if (!answer.is_object()) continue;
                if (out.size() >= max_items) return false;
                out.push_back(Value{Node{&answer}, obj});
                if (const auto sub = answer.find("item"); sub != answer.end() && sub->is_array())
                    for (const auto& item : *sub)
                        if (item.is_object()) next.push_back(&item);
            }
        }
        if (const auto sub = obj->find("item"); sub != obj->end() && sub->is_array())
            for (const auto& item : *sub)
                if (item.is_object()) next.push_back(&item);
        stack.insert(stack.end(), next.rbegin(), next.rend());
    }
    return true;
}

} // namespace selfdirect::core::fhirpath
