// FHIRPath values: conversion from JSON, equality, deterministic rendering. Decimals are IEEE
// doubles rounded to 15 significant digits after every computation (normalise_decimal), which makes
// results independent of the last binary digit and the same on x86-64 and ARM.
#include "core/fhirpath_evaluator.h"
#include "core/fhirpath_lexer.h"

#include <charconv>
#include <limits>

namespace selfdirect::core::fhirpath {

namespace {

std::string format_decimal(double d) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::general, 15);
    if (ec != std::errc()) return "?";
    std::string s(buf, end);
    if (s.find_first_of(".eni") == std::string::npos) s += ".0"; // 10.0, not 10: it is a Decimal
    return s;
}

} // namespace

double normalise_decimal(double d) {
    if (d != d || d == std::numeric_limits<double>::infinity() || d == -std::numeric_limits<double>::infinity())
        return d;
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::general, 15);
    if (ec != std::errc()) return d;
    double out = d;
    std::from_chars(buf, end, out);
    return out == 0 ? 0.0 : out; // no "-0"
}

std::optional<Value> decimal_value(double d) {
    if (!(d == d) || d > std::numeric_limits<double>::max() || d < -std::numeric_limits<double>::max())
        return std::nullopt;
    return Value{normalise_decimal(d), nullptr};
}

bool is_number(const Value& v) {
    return std::holds_alternative<std::int64_t>(v.data) || std::holds_alternative<double>(v.data);
}

double as_double(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v.data)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v.data)) return *d;
    return 0;
}

bool items_equal(const Value& a, const Value& b) {
    if (is_number(a) && is_number(b)) {
        const auto* ia = std::get_if<std::int64_t>(&a.data);
        const auto* ib = std::get_if<std::int64_t>(&b.data);
        if (ia && ib) return *ia == *ib;
        return as_double(a) == as_double(b);
    }
    if (a.data.index() != b.data.index()) return false;
    if (const auto* s = std::get_if<std::string>(&a.data)) return *s == std::get<std::string>(b.data);
    if (const auto* x = std::get_if<bool>(&a.data)) return *x == std::get<bool>(b.data);
    const auto& na = std::get<Node>(a.data);
    const auto& nb = std::get<Node>(b.data);
    return na.json == nb.json || *na.json == *nb.json;
}

std::optional<Value> from_json(const nlohmann::json& j, const nlohmann::json* owner) {
    switch (j.type()) {
    case nlohmann::json::value_t::boolean: return Value{j.get<bool>(), owner};
    case nlohmann::json::value_t::number_integer: return Value{j.get<std::int64_t>(), owner};
    case nlohmann::json::value_t::number_unsigned: {
        const auto u = j.get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return Value{static_cast<std::int64_t>(u), owner};
        return Value{static_cast<double>(u), owner};
    }
    case nlohmann::json::value_t::number_float: {
        const double d = j.get<double>();
        if (!(d == d)) return std::nullopt;
        return Value{d, owner};
    }
    case nlohmann::json::value_t::string: return Value{j.get<std::string>(), owner};
    case nlohmann::json::value_t::object: return Value{Node{&j}, owner};
    default: return std::nullopt;
    }
}

Collection node_collection(const nlohmann::json& json) {
    Collection c;
    if (auto v = from_json(json, nullptr)) c.push_back(std::move(*v));
    return c;
}

Error type_error(const std::string& message) { return make_error("fhirpath.type", message); }

Error overflow_error(const std::string& what) {
    return make_error("fhirpath.overflow", what + " overflows a 64-bit integer");
}

std::string type_name(const Value& v) {
    switch (v.data.index()) {
    case 0: return "Boolean";
    case 1: return "Integer";
    case 2: return "Decimal";
    case 3: return "String";
    default: break;
    }
    const nlohmann::json& j = *std::get<Node>(v.data).json;
    if (auto rt = j.find("resourceType"); rt != j.end() && rt->is_string()) return printable(rt->get_ref<const std::string&>());
    if (j.contains("code") && (j.contains("system") || j.contains("display"))) return "Coding";
    if (j.contains("value") && (j.contains("unit") || j.contains("code"))) return "Quantity";
    if (j.contains("linkId")) return "item";
    return "element";
}

std::string render(const Value& v) {
    if (const auto* b = std::get_if<bool>(&v.data)) return *b ? "true" : "false";
    if (const auto* i = std::get_if<std::int64_t>(&v.data)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v.data)) return format_decimal(*d);
    if (const auto* s = std::get_if<std::string>(&v.data)) {
        std::string out = "'";
        for (char c : *s) {
            if (c == '\'' || c == '\\') out += '\\';
            out += c;
        }
        return out + "'";
    }
    return std::get<Node>(v.data).json->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string render(const Collection& c) {
    if (c.size() == 1) return render(c.front());
    std::string out = "{";
    for (std::size_t i = 0; i < c.size(); ++i) out += (i ? ", " : " ") + render(c[i]);
    return out + (c.empty() ? "}" : " }");
}

} // namespace selfdirect::core::fhirpath
