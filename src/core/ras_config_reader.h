// Strict reading of the council's scoring configuration (RAS tables, outcome maps): an unknown key,
// a missing key or a value of the wrong kind is refused with the file and the key's path named,
// because a typo in a price table must never silently become a default. Decimals are written as
// strings ("11.00") or integers, never as JSON fractions, so no binary floating point gets in.
// Used only inside the parse functions: ConfigError never leaves them (they return Result).
#pragma once

#include "core/money.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace selfdirect::core::config {

struct ConfigError {
    std::string code;
    std::string message; // "KEY.PATH: what is wrong"
};

// One JSON object being read, named by its path in the file ("informalSupport.shares").
class Object {
public:
    Object(const nlohmann::ordered_json& j, std::string path);

    // Throws ConfigError naming the first key not in `allowed`.
    void only(std::initializer_list<const char*> allowed) const;
    bool has(const char* key) const;

    std::string string(const char* key) const;               // required, non-empty
    std::string string_or(const char* key, std::string fallback) const;
    Rational decimal(const char* key) const;                  // "11.00" or 11
    std::optional<Rational> optional_decimal(const char* key) const;
    std::int64_t integer(const char* key, std::int64_t min, std::int64_t max) const;
    bool boolean_or(const char* key, bool fallback) const;
    std::vector<std::string> strings(const char* key) const;  // required non-empty list of non-empty strings
    Object object(const char* key) const;                     // required
    std::vector<Object> objects(const char* key) const;       // required non-empty list of objects
    // {"none": "0", "some": "0.25"}: required, non-empty, every value a decimal.
    std::vector<std::pair<std::string, Rational>> decimal_map(const char* key) const;
    std::vector<std::pair<std::string, std::string>> string_map(const char* key) const;

    const std::string& path() const { return path_; }
    [[noreturn]] void fail(const std::string& key, const std::string& why) const;

private:
    const nlohmann::ordered_json& get(const char* key) const;
    std::string key_path(const std::string& key) const;
    const nlohmann::ordered_json& j_;
    std::string path_;
};

// Parses text as a JSON object; ConfigError "<code_prefix>.json" with the byte offset otherwise.
nlohmann::ordered_json parse_document(std::string_view text, const std::string& code_prefix);

// A decimal from a JSON value (string or integer) — ConfigError naming `where` otherwise.
Rational decimal_value(const nlohmann::ordered_json& v, const std::string& where);

} // namespace selfdirect::core::config
