// The functions of the FHIRPath subset (docs/configuration.md lists them): existence and
// filtering, the SDC answers()/ordinal()/weight(), sum() and the arithmetic functions SDC scoring
// forms use, and the three conversions. The parser has already refused every other function.
#include "core/fhirpath_evaluator.h"
#include "core/fhirpath_lexer.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <set>

namespace selfdirect::core::fhirpath {

namespace {

using ast::Fn;

Collection one(Value v) { return Collection{std::move(v)}; }
Collection boolean(bool b) { return one(Value{b, nullptr}); }
Collection integer(std::int64_t i) { return one(Value{i, nullptr}); }
Collection maybe(std::optional<Value> v) { return v ? one(std::move(*v)) : Collection{}; }

std::string fn_name(const ast::Node& node) { return node.name + "()"; }

// A whole-number decimal as an Integer, or an overflow error.
Result<Collection> to_integer(double d, const std::string& what) {
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return overflow_error(what);
    return integer(static_cast<std::int64_t>(d));
}

Result<Collection> integer_power(std::int64_t base, std::int64_t exponent) {
    if (base == 0) return integer(exponent == 0 ? 1 : 0);
    if (base == 1) return integer(1);
    if (base == -1) return integer(exponent % 2 == 0 ? 1 : -1);
    if (exponent > 63) return overflow_error("power()");
    std::int64_t r = 1;
    for (std::int64_t k = 0; k < exponent; ++k)
        if (__builtin_mul_overflow(r, base, &r)) return overflow_error("power()");
    return integer(r);
}

// Whole-string number parsing (from_chars: no locale, no exceptions).
template <typename T>
std::optional<T> parse_number(const std::string& s) {
    std::string_view text = s;
    if (!text.empty() && text[0] == '+') text.remove_prefix(1);
    T v{};
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
    return v;
}

} // namespace

Result<Collection> Evaluator::eval_function(const ast::Node& node, const Collection& focus) {
    if (!node.input) return call(node, focus, focus);
    auto input = eval(*node.input, focus);
    if (!input) return input;
    return call(node, *input, focus);
}

Result<Collection> Evaluator::call(const ast::Node& node, const Collection& input, const Collection& focus) {
    const std::string what = fn_name(node);
    switch (node.fn) {
    case Fn::Empty: return boolean(input.empty());
    case Fn::Count: return integer(static_cast<std::int64_t>(input.size()));
    case Fn::First: return input.empty() ? Collection{} : one(input.front());
    case Fn::Last: return input.empty() ? Collection{} : one(input.back());
    case Fn::Exists:
    case Fn::Where:
    case Fn::All: {
        if (node.args.empty()) return boolean(!input.empty()); // exists()
        Collection kept;
        for (const auto& v : input) {
            auto r = eval(*node.args[0], Collection{v});
            if (!r) return r;
            auto b = to_boolean(*r, "the criteria of " + what);
            if (!b) return b.error();
            if (*b == true) kept.push_back(v);
            else if (node.fn == Fn::All) return boolean(false);
        }
        if (node.fn == Fn::All) return boolean(true);
        if (node.fn == Fn::Exists) return boolean(!kept.empty());
        return kept;
    }
    case Fn::Select: {
        Collection out;
        for (const auto& v : input) {
            auto r = eval(*node.args[0], Collection{v});
            if (!r) return r;
            out.insert(out.end(), r->begin(), r->end());
            if (out.size() > env_.limits.max_items) return capped(std::move(out));
        }
        return out;
    }
    case Fn::Repeat: return repeat(node, input, false);
    case Fn::Descendants: return repeat(node, input, true);
    case Fn::Children: {
        Collection out;
        for (const auto& v : input) {
            if (auto s = step(); !s) return s.error();
            children(v, out);
            if (out.size() > env_.limits.max_items) return capped(std::move(out));
        }
        return out;
    }
    case Fn::Combine: {
        auto other = eval(*node.args[0], focus);
        if (!other) return other;
        Collection out = input;
        out.insert(out.end(), other->begin(), other->end());
        return capped(std::move(out));
    }
    case Fn::Not: {
        auto b = to_boolean(input, "the input of not()");
        if (!b) return b.error();
        return *b ? boolean(!**b) : Collection{};
    }
    case Fn::Iif: {
        if (input.size() > 1 && node.input)
            return type_error("the input of iif() must be a single item, got " + std::to_string(input.size()));
        const Collection& scope = node.input ? input : focus;
        auto c = eval(*node.args[0], scope);
        if (!c) return c;
        auto b = to_boolean(*c, "the condition of iif()");
        if (!b) return b.error();
        if (*b == true) return eval(*node.args[1], scope);
        if (node.args.size() == 3) return eval(*node.args[2], scope);
        return Collection{};
    }
    case Fn::Answers: {
        Collection out;
        for (const auto& v : input) {
            if (auto s = step(); !s) return s.error();
            if (!answers(v, out, env_.limits.max_items))
                return make_error("fhirpath.limit", "answers() found more than " +
                                                        std::to_string(env_.limits.max_items) + " answers");
        }
        steps_ += out.size();
        if (auto s = step(); !s) return s.error();
        return out;
    }
    case Fn::Ordinal: return scores(input, false);
    case Fn::Weight: return scores(input, true);
    case Fn::Sum: {
        std::int64_t isum = 0;
        double dsum = 0;
        bool decimal = false;
        for (const auto& v : input) {
            if (!is_number(v)) return type_error("sum() needs numbers, got " + type_name(v));
            if (const auto* i = std::get_if<std::int64_t>(&v.data); i && !decimal) {
                if (__builtin_add_overflow(isum, *i, &isum)) return overflow_error("sum()");
            } else {
                if (!decimal) dsum = static_cast<double>(isum);
                decimal = true;
                dsum += as_double(v);
            }
        }
        if (!decimal) return integer(isum); // sum() of nothing is 0, as in the specification
        return maybe(decimal_value(dsum));
    }
    case Fn::Abs: case Fn::Ceiling: case Fn::Floor: case Fn::Round: case Fn::Ln: case Fn::Exp: case Fn::Power:
    case Fn::Sqrt:
        return math(node, input, focus);
    case Fn::ToString: case Fn::ToInteger: case Fn::ToDecimal: return convert(node, input);
    case Fn::None: break;
    }
    return make_error("fhirpath.unsupported", "unsupported expression: function '" + printable(node.name) + "'");
}

Result<Collection> Evaluator::math(const ast::Node& node, const Collection& input, const Collection& focus) {
    const std::string what = fn_name(node);
    auto x = singleton(input, "the input of " + what);
    if (!x) return x.error();
    if (!*x) return Collection{};
    const Value& v = **x;
    if (!is_number(v)) return type_error(what + " needs a number, got " + type_name(v));
    const auto* i = std::get_if<std::int64_t>(&v.data);
    const double d = as_double(v);
    switch (node.fn) {
    case Fn::Abs:
        if (i) {
            if (*i == std::numeric_limits<std::int64_t>::min()) return overflow_error(what);
            return integer(*i < 0 ? -*i : *i);
        }
        return maybe(decimal_value(std::fabs(d)));
    case Fn::Ceiling: return i ? integer(*i) : to_integer(std::ceil(d), what);
    case Fn::Floor: return i ? integer(*i) : to_integer(std::floor(d), what);
    case Fn::Round: {
        std::int64_t precision = 0;
        if (!node.args.empty()) {
            auto p = eval(*node.args[0], focus);
            if (!p) return p;
            auto pv = singleton(*p, "the precision of round()");
            if (!pv) return pv.error();
            if (!*pv) return Collection{};
            const auto* pi = std::get_if<std::int64_t>(&(*pv)->data);
            if (!pi || *pi < 0 || *pi > 15) return type_error("the precision of round() must be an Integer from 0 to 15");
            precision = *pi;
        }
        if (i) return integer(*i);
        const double factor = std::pow(10.0, static_cast<double>(precision));
        return maybe(decimal_value(std::round(d * factor) / factor));
    }
    case Fn::Ln: return d > 0 ? maybe(decimal_value(std::log(d))) : Collection{};
    case Fn::Exp: return maybe(decimal_value(std::exp(d)));
    case Fn::Sqrt: return d >= 0 ? maybe(decimal_value(std::sqrt(d))) : Collection{};
    case Fn::Power: {
        auto e = eval(*node.args[0], focus);
        if (!e) return e;
        auto ev = singleton(*e, "the exponent of power()");
        if (!ev) return ev.error();
        if (!*ev) return Collection{};
        if (!is_number(**ev)) return type_error("power() needs a number as exponent, got " + type_name(**ev));
        const auto* ie = std::get_if<std::int64_t>(&(*ev)->data);
        if (i && ie && *ie >= 0) return integer_power(*i, *ie);
        return maybe(decimal_value(std::pow(d, as_double(**ev))));
    }
    default: break;
    }
    return make_error("fhirpath.unsupported", "unsupported expression: function '" + printable(node.name) + "'");
}

Result<Collection> Evaluator::convert(const ast::Node& node, const Collection& input) {
    auto x = singleton(input, "the input of " + fn_name(node));
    if (!x) return x.error();
    if (!*x) return Collection{};
    const Value& v = **x;
    const auto* b = std::get_if<bool>(&v.data);
    const auto* i = std::get_if<std::int64_t>(&v.data);
    const auto* d = std::get_if<double>(&v.data);
    const auto* s = std::get_if<std::string>(&v.data);
    switch (node.fn) {
    case Fn::ToString:
        if (s) return one(Value{*s, nullptr});
        if (b || i || d) {
            const std::string text = render(Value{v.data, nullptr});
            return one(Value{text, nullptr});
        }
        return Collection{};
    case Fn::ToInteger:
        if (i) return integer(*i);
        if (b) return integer(*b ? 1 : 0);
        if (s) {
            if (auto n = parse_number<std::int64_t>(*s)) return integer(*n);
        }
        return Collection{};
    case Fn::ToDecimal:
        if (i) return one(Value{static_cast<double>(*i), nullptr});
        if (d) return one(Value{*d, nullptr});
        if (b) return one(Value{*b ? 1.0 : 0.0, nullptr});
        if (s) {
            if (s->find_first_of("eE") != std::string::npos) return Collection{}; // not a FHIRPath decimal
            if (auto n = parse_number<double>(*s)) return maybe(decimal_value(*n));
        }
        return Collection{};
    default: break;
    }
    return make_error("fhirpath.unsupported", "unsupported expression: function '" + printable(node.name) + "'");
}

Result<Collection> Evaluator::repeat(const ast::Node& node, const Collection& input, bool all_children) {
    // New items only: nodes by identity (two equal-looking answers are still two answers), other
    // values by equality, which also ends repeat(1) and similar fixed points.
    std::set<const nlohmann::json*> seen_nodes;
    Collection seen_values;
    Collection out;
    Collection work = input;
    while (!work.empty()) {
        Collection next;
        for (const auto& v : work) {
            Collection produced;
            if (all_children) {
                if (auto s = step(); !s) return s.error();
                children(v, produced);
            } else {
                auto r = eval(*node.args[0], Collection{v});
                if (!r) return r;
                produced = std::move(*r);
            }
            for (auto& x : produced) {
                if (const auto* n = std::get_if<Node>(&x.data)) {
                    if (!seen_nodes.insert(n->json).second) continue;
                } else {
                    steps_ += seen_values.size();
                    bool fresh = true;
                    for (const auto& y : seen_values) fresh = fresh && !items_equal(x, y);
                    if (!fresh) continue;
                    seen_values.push_back(x);
                }
                if (auto s = step(); !s) return s.error();
                out.push_back(x);
                next.push_back(x);
                if (out.size() > env_.limits.max_items) return capped(std::move(out));
            }
        }
        work = std::move(next);
    }
    return out;
}

Result<Collection> Evaluator::scores(const Collection& input, bool prefer_weight) {
    if (!scores_) scores_.emplace(env_.questionnaire);
    Collection out;
    for (const auto& v : input) {
        if (auto s = step(); !s) return s.error();
        // An answer element (answers().ordinal()) is scored by its value[x].
        Collection targets;
        if (const auto* n = std::get_if<Node>(&v.data); n && n->json->is_object() && !n->json->contains("code"))
            navigate(v, "value", targets);
        if (targets.empty()) targets.push_back(v);
        for (const auto& t : targets)
            if (auto score = scores_->score(t, prefer_weight)) out.push_back(std::move(*score));
    }
    return out;
}

} // namespace selfdirect::core::fhirpath
