// Walks a parsed FHIRPath expression over FHIR JSON: literals, variables, paths, indexers and
// operators (functions are in fhirpath_functions.cpp). Every node costs a step and every
// intermediate collection is size-checked, so a hostile expression or response ends with an error
// value instead of exhausting time or memory.
#include "core/fhirpath_evaluator.h"
#include "core/fhirpath_lexer.h"

#include <limits>

namespace selfdirect::core::fhirpath {

namespace {

using ast::Kind;
using ast::Op;

bool starts_upper(const std::string& s) { return !s.empty() && s[0] >= 'A' && s[0] <= 'Z'; }

// FHIRPath allows a path to start with the resource type: QuestionnaireResponse.item.
bool matches_type(const Value& v, const std::string& type) {
    const auto* n = std::get_if<Node>(&v.data);
    if (!n || !n->json->is_object()) return false;
    const auto rt = n->json->find("resourceType");
    return rt != n->json->end() && rt->is_string() && rt->get_ref<const std::string&>() == type;
}

// Upper bound on the comparisons an operator makes (union de-duplicates, `in` scans).
std::size_t operator_cost(Op op, std::size_t l, std::size_t r) {
    const std::size_t cap = std::numeric_limits<std::size_t>::max() / 4;
    l = std::min(l, std::size_t{1} << 20);
    r = std::min(r, std::size_t{1} << 20);
    switch (op) {
    case Op::Union: return std::min(cap, (l + r) * (l + r) / 2);
    case Op::In: case Op::Contains: case Op::Equal: case Op::NotEqual: return l + r;
    default: return 0;
    }
}

} // namespace

Result<void> Evaluator::step() {
    if (++steps_ > env_.limits.max_steps)
        return make_error("fhirpath.limit", "expression needs more than " + std::to_string(env_.limits.max_steps) +
                                                " evaluation steps");
    return {};
}

Result<Collection> Evaluator::capped(Collection c) const {
    if (c.size() > env_.limits.max_items)
        return make_error("fhirpath.limit",
                          "a collection grew beyond " + std::to_string(env_.limits.max_items) + " items");
    return c;
}

Result<Collection> Evaluator::eval_variable(const ast::Node& node) {
    const std::string& name = node.name;
    auto document = [](const nlohmann::json* j) { return j ? node_collection(*j) : Collection{}; };
    if (name == "resource") return document(env_.resource);
    if (name == "questionnaire") return document(env_.questionnaire);
    if (name == "context") return context_;
    if (name == "ucum") return Collection{Value{std::string("http://unitsofmeasure.org"), nullptr}};
    if (name == "sct") return Collection{Value{std::string("http://snomed.info/sct"), nullptr}};
    if (name == "loinc") return Collection{Value{std::string("http://loinc.org"), nullptr}};
    if (const Collection* value = env_.find_variable(name)) return *value;
    if (env_.variable_failed(name))
        return make_error("fhirpath.variable_failed",
                          "variable '%" + printable(name) + "' has no value because its own expression failed");
    return make_error("fhirpath.unknown_variable", "unknown variable '%" + printable(name) + "'");
}

Result<Collection> Evaluator::eval(const ast::Node& node, const Collection& focus) {
    if (auto s = step(); !s) return s.error();
    switch (node.kind) {
    case Kind::Literal: return Collection{node.literal};
    case Kind::Empty: return Collection{};
    case Kind::This: return focus;
    case Kind::Variable: return eval_variable(node);
    case Kind::Function: return eval_function(node, focus);
    case Kind::Member: {
        Collection input;
        if (node.input) {
            auto in = eval(*node.input, focus);
            if (!in) return in;
            input = std::move(*in);
        } else {
            if (starts_upper(node.name)) {
                Collection typed;
                for (const auto& v : focus)
                    if (matches_type(v, node.name)) typed.push_back(v);
                if (!typed.empty()) return typed;
            }
            input = focus;
        }
        Collection out;
        for (const auto& v : input) {
            if (auto s = step(); !s) return s.error();
            navigate(v, node.name, out);
            if (out.size() > env_.limits.max_items) return capped(std::move(out));
        }
        return out;
    }
    case Kind::Index: {
        auto in = eval(*node.input, focus);
        if (!in) return in;
        auto idx = eval(*node.args[0], focus);
        if (!idx) return idx;
        auto i = singleton(*idx, "the index in []");
        if (!i) return i.error();
        if (!*i) return Collection{};
        const auto* n = std::get_if<std::int64_t>(&(*i)->data);
        if (!n) return type_error("the index in [] must be an Integer, got " + type_name(**i));
        if (*n < 0 || static_cast<std::uint64_t>(*n) >= in->size()) return Collection{};
        return Collection{(*in)[static_cast<std::size_t>(*n)]};
    }
    case Kind::Unary: {
        auto operand = eval(*node.args[0], focus);
        if (!operand) return operand;
        return apply_unary(node.op, *operand);
    }
    case Kind::Binary: {
        auto left = eval(*node.args[0], focus);
        if (!left) return left;
        auto right = eval(*node.args[1], focus);
        if (!right) return right;
        steps_ += operator_cost(node.op, left->size(), right->size());
        if (auto s = step(); !s) return s.error();
        auto result = apply_binary(node.op, *left, *right, env_.limits);
        if (!result) return result;
        return capped(std::move(*result));
    }
    }
    return make_error("fhirpath.unsupported", "unsupported expression: node kind");
}

const Collection* Environment::find_variable(const std::string& name) const {
    for (const Environment* e = this; e; e = e->outer) {
        if (const auto it = e->variables.find(name); it != e->variables.end()) return &it->second;
        if (e->failed.count(name)) return nullptr;
    }
    return nullptr;
}

bool Environment::variable_failed(const std::string& name) const {
    for (const Environment* e = this; e; e = e->outer) {
        if (e->variables.count(name)) return false;
        if (e->failed.count(name)) return true;
    }
    return false;
}

Result<Collection> evaluate(const ParsedExpression& expression, const Collection& context, const Environment& env) {
    Evaluator evaluator(env, context);
    return evaluator.eval(expression.root(), context);
}

Result<Collection> evaluate(std::string_view text, const Collection& context, const Environment& env) {
    auto parsed = parse(text, env.limits);
    if (!parsed) return parsed.error();
    return evaluate(*parsed, context, env);
}

} // namespace selfdirect::core::fhirpath
