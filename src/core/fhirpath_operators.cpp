// FHIRPath operators on evaluated operands, with the specification's collection rules: an empty
// operand gives an empty result (except & and the three-valued Boolean logic), operands that must
// be single items are checked, division by zero gives empty, and Integer overflow is an error
// rather than a wrapped number.
#include "core/fhirpath_evaluator.h"

#include <cmath>
#include <limits>

namespace selfdirect::core::fhirpath {

namespace {

using ast::Op;

const char* op_text(Op op) {
    switch (op) {
    case Op::Multiply: return "*";
    case Op::Divide: return "/";
    case Op::Div: return "div";
    case Op::Mod: return "mod";
    case Op::Add: return "+";
    case Op::Subtract: return "-";
    case Op::Concat: return "&";
    case Op::Union: return "|";
    case Op::Less: return "<";
    case Op::Greater: return ">";
    case Op::LessOrEqual: return "<=";
    case Op::GreaterOrEqual: return ">=";
    case Op::Equal: return "=";
    case Op::NotEqual: return "!=";
    case Op::In: return "in";
    case Op::Contains: return "contains";
    case Op::And: return "and";
    case Op::Or: return "or";
    case Op::Xor: return "xor";
    case Op::Implies: return "implies";
    case Op::Negate: return "-";
    case Op::Plus: return "+";
    case Op::None: break;
    }
    return "?";
}

std::string quoted(Op op) { return std::string("'") + op_text(op) + "'"; }

Collection one(Value v) { return Collection{std::move(v)}; }
Collection boolean(bool b) { return one(Value{b, nullptr}); }
Collection maybe(std::optional<Value> v) { return v ? one(std::move(*v)) : Collection{}; }

Error string_too_long(const Limits& limits) {
    return make_error("fhirpath.limit", "a string grew beyond " + std::to_string(limits.max_string) + " bytes");
}

bool contains_item(const Collection& c, const Value& v) {
    for (const auto& x : c)
        if (items_equal(x, v)) return true;
    return false;
}

Result<Collection> integer_arithmetic(Op op, std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    switch (op) {
    case Op::Add:
        if (__builtin_add_overflow(a, b, &r)) return overflow_error("'+'");
        return one(Value{r, nullptr});
    case Op::Subtract:
        if (__builtin_sub_overflow(a, b, &r)) return overflow_error("'-'");
        return one(Value{r, nullptr});
    case Op::Multiply:
        if (__builtin_mul_overflow(a, b, &r)) return overflow_error("'*'");
        return one(Value{r, nullptr});
    case Op::Divide:
        if (b == 0) return Collection{};
        return maybe(decimal_value(static_cast<double>(a) / static_cast<double>(b)));
    case Op::Div:
        if (b == 0) return Collection{};
        if (a == std::numeric_limits<std::int64_t>::min() && b == -1) return overflow_error("'div'");
        return one(Value{a / b, nullptr});
    case Op::Mod:
        if (b == 0) return Collection{};
        if (b == -1) return one(Value{std::int64_t{0}, nullptr});
        return one(Value{a % b, nullptr});
    default: break;
    }
    return type_error("operator " + quoted(op) + " does not apply to numbers");
}

Result<Collection> decimal_arithmetic(Op op, double a, double b) {
    switch (op) {
    case Op::Add: return maybe(decimal_value(a + b));
    case Op::Subtract: return maybe(decimal_value(a - b));
    case Op::Multiply: return maybe(decimal_value(a * b));
    case Op::Divide:
        if (b == 0) return Collection{};
        return maybe(decimal_value(a / b));
    case Op::Div: {
        if (b == 0) return Collection{};
        const double q = std::trunc(a / b);
        // The integer range is [-2^63, 2^63): compare against exactly representable bounds.
        if (!(q >= -9223372036854775808.0 && q < 9223372036854775808.0)) return overflow_error("'div'");
        return one(Value{static_cast<std::int64_t>(q), nullptr});
    }
    case Op::Mod:
        if (b == 0) return Collection{};
        return maybe(decimal_value(std::fmod(a, b)));
    default: break;
    }
    return type_error("operator " + quoted(op) + " does not apply to numbers");
}

Result<Collection> arithmetic(Op op, const Collection& left, const Collection& right, const Limits& limits) {
    auto l = singleton(left, "the left operand of " + quoted(op));
    if (!l) return l.error();
    auto r = singleton(right, "the right operand of " + quoted(op));
    if (!r) return r.error();
    if (!*l || !*r) return Collection{};
    const Value& a = **l;
    const Value& b = **r;
    if (op == Op::Add) {
        const auto* sa = std::get_if<std::string>(&a.data);
        const auto* sb = std::get_if<std::string>(&b.data);
        if (sa && sb) {
            if (sa->size() + sb->size() > limits.max_string) return string_too_long(limits);
            return one(Value{*sa + *sb, nullptr});
        }
    }
    if (!is_number(a) || !is_number(b))
        return type_error("operator " + quoted(op) + " cannot combine " + type_name(a) + " and " + type_name(b));
    const auto* ia = std::get_if<std::int64_t>(&a.data);
    const auto* ib = std::get_if<std::int64_t>(&b.data);
    if (ia && ib) return integer_arithmetic(op, *ia, *ib);
    return decimal_arithmetic(op, as_double(a), as_double(b));
}

Result<Collection> concat(const Collection& left, const Collection& right, const Limits& limits) {
    std::string out;
    for (const Collection* side : {&left, &right}) {
        auto v = singleton(*side, "an operand of '&'");
        if (!v) return v.error();
        if (!*v) continue; // & treats empty as ''
        const auto* s = std::get_if<std::string>(&(*v)->data);
        if (!s) return type_error("operator '&' needs Strings, got " + type_name(**v));
        if (out.size() + s->size() > limits.max_string) return string_too_long(limits);
        out += *s;
    }
    return one(Value{std::move(out), nullptr});
}

Result<Collection> compare(Op op, const Collection& left, const Collection& right) {
    auto l = singleton(left, "the left operand of " + quoted(op));
    if (!l) return l.error();
    auto r = singleton(right, "the right operand of " + quoted(op));
    if (!r) return r.error();
    if (!*l || !*r) return Collection{};
    const Value& a = **l;
    const Value& b = **r;
    int c = 0;
    if (is_number(a) && is_number(b)) {
        const auto* ia = std::get_if<std::int64_t>(&a.data);
        const auto* ib = std::get_if<std::int64_t>(&b.data);
        if (ia && ib) c = *ia < *ib ? -1 : (*ia > *ib ? 1 : 0);
        else c = as_double(a) < as_double(b) ? -1 : (as_double(a) > as_double(b) ? 1 : 0);
    } else if (std::holds_alternative<std::string>(a.data) && std::holds_alternative<std::string>(b.data)) {
        const int k = std::get<std::string>(a.data).compare(std::get<std::string>(b.data));
        c = k < 0 ? -1 : (k > 0 ? 1 : 0);
    } else {
        return type_error("operator " + quoted(op) + " cannot compare " + type_name(a) + " with " + type_name(b));
    }
    switch (op) {
    case Op::Less: return boolean(c < 0);
    case Op::Greater: return boolean(c > 0);
    case Op::LessOrEqual: return boolean(c <= 0);
    default: return boolean(c >= 0);
    }
}

Result<Collection> equality(Op op, const Collection& left, const Collection& right) {
    if (left.empty() || right.empty()) return Collection{};
    bool equal = left.size() == right.size();
    for (std::size_t i = 0; equal && i < left.size(); ++i) equal = items_equal(left[i], right[i]);
    return boolean(op == Op::Equal ? equal : !equal);
}

Result<Collection> membership(Op op, const Collection& left, const Collection& right) {
    const Collection& element = op == Op::In ? left : right;
    const Collection& collection = op == Op::In ? right : left;
    auto e = singleton(element, "the single-item operand of " + quoted(op));
    if (!e) return e.error();
    if (!*e) return Collection{};
    return boolean(contains_item(collection, **e));
}

Result<Collection> logic(Op op, const Collection& left, const Collection& right) {
    auto l = to_boolean(left, "the left operand of " + quoted(op));
    if (!l) return l.error();
    auto r = to_boolean(right, "the right operand of " + quoted(op));
    if (!r) return r.error();
    const std::optional<bool> a = *l, b = *r;
    switch (op) {
    case Op::And:
        if (a == false || b == false) return boolean(false);
        if (a && b) return boolean(true);
        return Collection{};
    case Op::Or:
        if (a == true || b == true) return boolean(true);
        if (a && b) return boolean(false);
        return Collection{};
    case Op::Xor:
        if (a && b) return boolean(*a != *b);
        return Collection{};
    default: // implies
        if (a == false) return boolean(true);
        if (a == true) return b ? boolean(*b) : Collection{};
        if (b == true) return boolean(true);
        return Collection{};
    }
}

} // namespace

Result<std::optional<Value>> singleton(const Collection& c, const std::string& what) {
    if (c.empty()) return std::optional<Value>{};
    if (c.size() > 1)
        return type_error(what + " must be a single item, got " + std::to_string(c.size()));
    return std::optional<Value>{c.front()};
}

Result<std::optional<bool>> to_boolean(const Collection& c, const std::string& what) {
    if (c.empty()) return std::optional<bool>{};
    if (c.size() > 1) return type_error(what + " must be a single Boolean, got " + std::to_string(c.size()) + " items");
    if (const auto* b = std::get_if<bool>(&c.front().data)) return std::optional<bool>{*b};
    return std::optional<bool>{true}; // FHIRPath singleton evaluation: one item counts as true
}

Result<Collection> apply_binary(Op op, const Collection& left, const Collection& right, const Limits& limits) {
    switch (op) {
    case Op::Union: {
        Collection out;
        for (const Collection* side : {&left, &right})
            for (const auto& v : *side)
                if (!contains_item(out, v)) out.push_back(v);
        return out;
    }
    case Op::Concat: return concat(left, right, limits);
    case Op::Add: case Op::Subtract: case Op::Multiply: case Op::Divide: case Op::Div: case Op::Mod:
        return arithmetic(op, left, right, limits);
    case Op::Less: case Op::Greater: case Op::LessOrEqual: case Op::GreaterOrEqual: return compare(op, left, right);
    case Op::Equal: case Op::NotEqual: return equality(op, left, right);
    case Op::In: case Op::Contains: return membership(op, left, right);
    case Op::And: case Op::Or: case Op::Xor: case Op::Implies: return logic(op, left, right);
    default: break;
    }
    return make_error("fhirpath.unsupported", std::string("unsupported expression: operator ") + quoted(op));
}

Result<Collection> apply_unary(Op op, const Collection& operand) {
    auto v = singleton(operand, "the operand of unary " + quoted(op));
    if (!v) return v.error();
    if (!*v) return Collection{};
    const Value& x = **v;
    if (!is_number(x)) return type_error("unary " + quoted(op) + " needs a number, got " + type_name(x));
    if (op == Op::Plus) return one(Value{x.data, nullptr});
    if (const auto* i = std::get_if<std::int64_t>(&x.data)) {
        if (*i == std::numeric_limits<std::int64_t>::min()) return overflow_error("unary '-'");
        return one(Value{-*i, nullptr});
    }
    return one(Value{-std::get<double>(x.data), nullptr});
}

} // namespace selfdirect::core::fhirpath
