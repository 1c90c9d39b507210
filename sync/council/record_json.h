// The JSON inside a sealed record, read and written the way the council promises (docs/council-
// export.md): a record is hostile input even after it decrypts, so it is parsed under the nesting cap
// of sync/protocol/untrusted_json.h; decimals keep the text the device wrote ("1.10" stays 1.10, not
// the 1.1 that a double prints); and printing never throws on bytes that are not UTF-8.
//
// How a decimal is kept: nlohmann::json stores numbers as doubles, which forget trailing zeros, so a
// number with a fraction or exponent is held as a *binary* value (a type JSON text never produces)
// with subtype kDecimalLexemeSubtype whose bytes are the number exactly as written. Integers stay
// ordinary nlohmann integers (they print as written). Code that reads numbers out of a parsed record
// uses number_value / number_lexeme below, not get<double>(); dump_record_json prints the lexeme.
#pragma once

#include "core/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace selfdirect::council {

inline constexpr std::uint8_t kDecimalLexemeSubtype = 0xDE;

// Parses a record's plaintext. "council.record_too_deep" (nested deeper than sync::kMaxJsonDepth),
// "council.record_not_json" (not JSON: a syntax error, or a string that is not valid UTF-8).
Result<nlohmann::json> parse_record_json(std::string_view text);

// A number's text as written: a kept decimal's lexeme, an integer's digits; "" for anything else.
std::string number_lexeme(const nlohmann::json& value);
// A number's value (a kept decimal converted); nullopt for anything else.
std::optional<double> number_value(const nlohmann::json& value);
bool is_number_or_lexeme(const nlohmann::json& value);

// Like nlohmann's dump(indent) (indent < 0: compact; else that many spaces per level, nlohmann's
// layout), but kept decimals print as written and bytes that are not UTF-8 become U+FFFD instead of
// throwing type_error 316. Recursive: only for trees under the parse cap plus a few levels.
std::string dump_record_json(const nlohmann::json& value, int indent = 2);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view text);

} // namespace selfdirect::council
