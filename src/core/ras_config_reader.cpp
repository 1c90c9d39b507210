// Strict JSON reading for RAS tables and outcome maps (see ras_config_reader.h).
#include "core/ras_config_reader.h"

namespace selfdirect::core::config {

using json = nlohmann::ordered_json;

namespace {
[[noreturn]] void throw_config(std::string code, std::string message) {
    throw ConfigError{std::move(code), std::move(message)};
}
} // namespace

Object::Object(const json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) throw_config("config.type", (path_.empty() ? std::string("the file") : path_) + ": must be a JSON object");
}

std::string Object::key_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

void Object::fail(const std::string& key, const std::string& why) const {
    throw_config("config.value", key_path(key) + ": " + why);
}

void Object::only(std::initializer_list<const char*> allowed) const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
        bool known = false;
        for (const char* a : allowed) known = known || it.key() == a;
        if (!known) throw_config("config.unknown_key", key_path(it.key()) + ": unknown key (is it misspelt?)");
    }
}

bool Object::has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }

const json& Object::get(const char* key) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) throw_config("config.missing_key", key_path(key) + ": missing");
    return *it;
}

std::string Object::string(const char* key) const {
    const json& v = get(key);
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) fail(key, "must be a non-empty string");
    return v.get<std::string>();
}

std::string Object::string_or(const char* key, std::string fallback) const {
    return has(key) ? string(key) : fallback;
}

Rational decimal_value(const json& v, const std::string& where) {
    if (v.is_number_integer()) {
        if (v.is_number_unsigned() ? v.get<std::uint64_t>() >= static_cast<std::uint64_t>(kMaxDecimalWhole)
                                   : (v.get<std::int64_t>() >= kMaxDecimalWhole || v.get<std::int64_t>() <= -kMaxDecimalWhole))
            throw_config("config.value", where + ": is too large");
        return Rational(v.get<std::int64_t>());
    }
    if (v.is_number_float())
        throw_config("config.value", where + ": write decimals as strings, e.g. \"0.25\" (JSON fractions are binary floating point)");
    if (!v.is_string()) throw_config("config.value", where + ": must be a decimal written as a string, e.g. \"11.00\"");
    auto r = parse_decimal(v.get<std::string>(), where);
    if (!r) throw_config("config.value", r.error().message);
    return *r;
}

Rational Object::decimal(const char* key) const { return decimal_value(get(key), key_path(key)); }

std::optional<Rational> Object::optional_decimal(const char* key) const {
    if (!has(key)) return std::nullopt;
    return decimal(key);
}

std::int64_t Object::integer(const char* key, std::int64_t min, std::int64_t max) const {
    const json& v = get(key);
    if (!v.is_number_integer()) fail(key, "must be a whole number");
    const std::int64_t i = v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max)
                               ? max + 1
                               : v.get<std::int64_t>();
    if (i < min || i > max) fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return i;
}

bool Object::boolean_or(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    const json& v = get(key);
    if (!v.is_boolean()) fail(key, "must be true or false");
    return v.get<bool>();
}

std::vector<std::string> Object::strings(const char* key) const {
    const json& v = get(key);
    if (!v.is_array() || v.empty()) fail(key, "must be a non-empty list of strings");
    std::vector<std::string> out;
    for (const json& s : v) {
        if (!s.is_string() || s.get_ref<const std::string&>().empty()) fail(key, "must be a non-empty list of strings");
        out.push_back(s.get<std::string>());
    }
    return out;
}

Object Object::object(const char* key) const {
    const json& v = get(key);
    if (!v.is_object()) fail(key, "must be an object");
    return Object(v, key_path(key));
}

std::vector<Object> Object::objects(const char* key) const {
    const json& v = get(key);
    if (!v.is_array() || v.empty()) fail(key, "must be a non-empty list of objects");
    std::vector<Object> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string where = key_path(key) + "[" + std::to_string(i) + "]";
        if (!v[i].is_object()) throw_config("config.value", where + ": must be an object");
        out.emplace_back(v[i], where);
    }
    return out;
}

std::vector<std::pair<std::string, Rational>> Object::decimal_map(const char* key) const {
    const json& v = get(key);
    if (!v.is_object() || v.empty()) fail(key, "must be a non-empty object of decimals");
    std::vector<std::pair<std::string, Rational>> out;
    for (auto it = v.begin(); it != v.end(); ++it)
        out.emplace_back(it.key(), decimal_value(it.value(), key_path(key) + "." + it.key()));
    return out;
}

std::vector<std::pair<std::string, std::string>> Object::string_map(const char* key) const {
    const json& v = get(key);
    if (!v.is_object() || v.empty()) fail(key, "must be a non-empty object of strings");
    std::vector<std::pair<std::string, std::string>> out;
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (!it.value().is_string() || it.value().get_ref<const std::string&>().empty())
            throw_config("config.value", key_path(key) + "." + it.key() + ": must be a non-empty string");
        out.emplace_back(it.key(), it.value().get<std::string>());
    }
    return out;
}

json parse_document(std::string_view text, const std::string& code_prefix) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        throw_config(code_prefix + ".json", "not valid JSON at byte " + std::to_string(e.byte) + ": " + e.what());
    } catch (const json::exception& e) {
        throw_config(code_prefix + ".json", std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object()) throw_config(code_prefix + ".json", "the file must hold one JSON object");
    return doc;
}

} // namespace selfdirect::core::config
