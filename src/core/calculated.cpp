// Runs a form's variable and calculatedExpression extensions over a response (see calculated.h).
// Variables are scoped as SDC says: questionnaire-level ones are visible everywhere, item-level ones
// to that item and its descendants; each is evaluated once, in document order.
#include "core/calculated.h"

#include "core/fhirpath.h"
#include "core/fhirpath_lexer.h"
#include "core/questionnaire_parser.h"
#include "core/response_enabled_json.h"

#include <optional>
#include <set>

namespace selfdirect::core {

namespace {

using nlohmann::json;
namespace fp = fhirpath;

// The brief spells the SDC canonical without "/fhir"; a form using that spelling is read the same.
constexpr std::string_view kCalculatedAltUrl =
    "http://hl7.org/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
constexpr std::size_t kMaxItemDepth = 64;
constexpr std::size_t kMaxExpressions = 1000;
constexpr std::string_view kReservedNames[] = {"resource", "questionnaire", "context", "ucum", "sct", "loinc"};

const std::string* string_member(const json& obj, const char* name) {
    if (!obj.is_object()) return nullptr;
    const auto it = obj.find(name);
    return it != obj.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

bool is_calculated_url(const std::string& url) { return url == kCalculatedExpressionUrl || url == kCalculatedAltUrl; }

// The extensions of `element` whose url satisfies `wanted`, in order.
template <typename Pred>
std::vector<const json*> extensions(const json& element, Pred wanted) {
    std::vector<const json*> out;
    if (!element.is_object()) return out;
    const auto ext = element.find("extension");
    if (ext == element.end() || !ext->is_array()) return out;
    for (const auto& e : *ext)
        if (const std::string* url = string_member(e, "url"); url && wanted(*url)) out.push_back(&e);
    return out;
}

std::vector<const json*> item_children(const json& item) {
    std::vector<const json*> out;
    const auto sub = item.find("item");
    if (sub != item.end() && sub->is_array())
        for (const auto& c : *sub)
            if (c.is_object()) out.push_back(&c);
    return out;
}

struct ExpressionText {
    std::string name;
    std::string text;
};

class Calculator {
public:
    Calculator(const json& questionnaire, const json& response) : questionnaire_(questionnaire), working_(response) {}

    CalculatedResult run() {
        if (!questionnaire_.is_object()) {
            fail("", "calculated.input", "the questionnaire is not a JSON object");
            return std::move(result_);
        }
        if (!working_.is_object()) {
            fail("", "calculated.input", "the response is not a JSON object");
            return std::move(result_);
        }
        collect_calculated();
        strip_calculated_answers();
        index_response();

        fp::Environment root;
        root.resource = &working_;
        root.questionnaire = &questionnaire_;
        const fp::Collection context = fp::node_collection(working_);
        for (const json* ext : extensions(questionnaire_, [](const std::string& u) { return u == kVariableUrl; }))
            define_variable(root, *ext, context, "", "questionnaire");
        for (const json* child : item_children(questionnaire_)) walk(*child, root, 1);
        return std::move(result_);
    }

private:
    void fail(const std::string& link_id, std::string code, std::string message) {
        result_.errors.push_back({link_id, std::move(code), std::move(message)});
    }

    static std::string item_label(const std::string& link_id) { return "item '" + fp::printable(link_id, 80) + "'"; }

    void collect_calculated() {
        std::vector<const json*> stack = item_children(questionnaire_);
        while (!stack.empty()) {
            const json* item = stack.back();
            stack.pop_back();
            const std::string* id = string_member(*item, "linkId");
            if (id && !extensions(*item, is_calculated_url).empty()) calculated_.insert(*id);
            for (const json* c : item_children(*item)) stack.push_back(c);
        }
    }

    // Every item object in the (mutable) working response, under items and under answers.
    template <typename F>
    void for_each_response_item(json& root, F f) {
        std::vector<json*> stack{&root};
        while (!stack.empty()) {
            json* node = stack.back();
            stack.pop_back();
            if (node != &root) f(*node);
            for (const char* key : {"item", "answer"}) {
                const auto it = node->find(key);
                if (it == node->end() || !it->is_array()) continue;
                for (auto& c : *it)
                    if (c.is_object()) stack.push_back(&c);
            }
        }
    }

    void strip_calculated_answers() {
        for_each_response_item(working_, [&](json& node) {
            const std::string* id = string_member(node, "linkId");
            if (id && calculated_.count(*id)) node.erase("answer");
        });
    }

    void index_response() {
        for_each_response_item(working_, [&](json& node) {
            if (const std::string* id = string_member(node, "linkId")) response_items_[*id].push_back(&node);
        });
    }

    fp::Collection item_context(const std::string& link_id) const {
        fp::Collection c;
        if (const auto it = response_items_.find(link_id); it != response_items_.end())
            // Assigned in place rather than pushed as a temporary: GCC 12 at -O2 misreads moving a
            // temporary variant (its string alternative) as reading uninitialised memory.
            for (const json* node : it->second) c.emplace_back().data = fp::Node{node};
        return c;
    }

    // The text of an extension's valueExpression, or an error recorded against `link_id`.
    std::optional<ExpressionText> read_expression(const json& ext, const std::string& link_id, const std::string& role) {
        const auto ve = ext.find("valueExpression");
        if (ve == ext.end() || !ve->is_object()) {
            fail(link_id, "calculated.malformed", role + ": the extension has no valueExpression");
            return std::nullopt;
        }
        const std::string* language = string_member(*ve, "language");
        if (!language || *language != "text/fhirpath") {
            fail(link_id, "calculated.unsupported_language",
                 role + ": unsupported expression language '" + fp::printable(language ? *language : "") +
                     "' (only text/fhirpath)");
            return std::nullopt;
        }
        const std::string* text = string_member(*ve, "expression");
        if (!text) {
            fail(link_id, "calculated.malformed", role + ": the valueExpression has no expression text");
            return std::nullopt;
        }
        if (++expressions_ > kMaxExpressions) {
            if (expressions_ == kMaxExpressions + 1)
                fail(link_id, "calculated.too_many",
                     "the form has more than " + std::to_string(kMaxExpressions) +
                         " variable and calculated expressions; the rest are not evaluated");
            return std::nullopt;
        }
        const std::string* name = string_member(*ve, "name");
        return ExpressionText{name ? *name : "", *text};
    }

    void define_variable(fp::Environment& env, const json& ext, const fp::Collection& context,
                         const std::string& link_id, const std::string& where) {
        const std::string* raw_name = nullptr;
        if (const auto ve = ext.find("valueExpression"); ve != ext.end()) raw_name = string_member(*ve, "name");
        const std::string label = where + " variable '%" + fp::printable(raw_name ? *raw_name : "") + "'";
        auto expr = read_expression(ext, link_id, label);
        if (!expr) {
            if (raw_name) env.failed[*raw_name] = "malformed";
            return;
        }
        const std::string& name = expr->name;
        if (name.empty()) {
            fail(link_id, "calculated.malformed", where + ": a variable extension has no name");
            return;
        }
        for (auto reserved : kReservedNames)
            if (name == reserved) {
                fail(link_id, "calculated.malformed", label + ": the name is reserved by FHIRPath");
                return;
            }
        if (env.find_variable(name) || env.variable_failed(name)) {
            fail(link_id, "calculated.malformed", label + ": the name is already defined in this scope");
            return;
        }
        auto value = fp::evaluate(expr->text, context, env);
        if (!value) {
            fail(link_id, value.error().code, label + ": " + value.error().message);
            env.failed[name] = value.error().message;
            return;
        }
        env.variables[name] = std::move(*value);
    }

    void calculate(const json& ext, const fp::Environment& env, const fp::Collection& context,
                   const std::string& link_id) {
        const std::string label = item_label(link_id) + " calculatedExpression";
        auto expr = read_expression(ext, link_id, label);
        if (!expr) return;
        auto value = fp::evaluate(expr->text, context, env);
        if (!value) {
            fail(link_id, value.error().code, label + ": " + value.error().message);
            return;
        }
        if (value->empty()) return;
        if (value->size() > 1) {
            fail(link_id, "calculated.not_single",
                 label + ": gave " + std::to_string(value->size()) + " values; a calculated item takes one");
            return;
        }
        const fp::Value& v = value->front();
        if (const auto* i = std::get_if<std::int64_t>(&v.data)) {
            result_.values[link_id] = *i;
        } else if (const auto* d = std::get_if<double>(&v.data)) {
            result_.values[link_id] = fp::normalise_decimal(*d);
        } else {
            // The value itself is not shown: it may be an answer.
            fail(link_id, "calculated.not_number",
                 label + ": gave a " + fp::type_name(v) + "; only numeric calculated values are supported");
        }
    }

    void walk(const json& item, const fp::Environment& outer, std::size_t depth) {
        const std::string* id = string_member(item, "linkId");
        const std::string link_id = id ? *id : "";
        if (depth > kMaxItemDepth) {
            fail(link_id, "calculated.too_deep",
                 item_label(link_id) + ": items nested deeper than " + std::to_string(kMaxItemDepth) +
                     " levels are not evaluated");
            return;
        }
        const auto variables = extensions(item, [](const std::string& u) { return u == kVariableUrl; });
        const auto calculated = extensions(item, is_calculated_url);
        fp::Environment scope;
        scope.resource = outer.resource;
        scope.questionnaire = outer.questionnaire;
        scope.limits = outer.limits;
        scope.outer = &outer;
        fp::Collection context;
        if (!variables.empty() || !calculated.empty()) context = item_context(link_id);
        for (const json* ext : variables) define_variable(scope, *ext, context, link_id, item_label(link_id));
        if (!calculated.empty()) {
            if (calculated.size() > 1)
                fail(link_id, "calculated.malformed",
                     item_label(link_id) + ": more than one calculatedExpression; the first is used");
            calculate(*calculated.front(), scope, context, link_id);
        }
        for (const json* child : item_children(item)) walk(*child, scope, depth + 1);
    }

    const json& questionnaire_;
    json working_;
    CalculatedResult result_;
    std::set<std::string> calculated_;
    std::map<std::string, std::vector<const json*>> response_items_;
    std::size_t expressions_ = 0;
};

} // namespace

CalculatedResult compute_calculated(const Questionnaire& q, const json& questionnaire, const json& response) {
    return Calculator(questionnaire, enabled_response_json(q, response)).run();
}

CalculatedResult compute_calculated(const json& questionnaire, const json& response) {
    auto q = parse_questionnaire_json(questionnaire, "questionnaire");
    if (!q) return Calculator(questionnaire, response).run();
    return compute_calculated(q.value(), questionnaire, response);
}

} // namespace selfdirect::core
