// Splits FHIRPath text into tokens for the parser. Internal to src/core/fhirpath*. Date/time and
// other literals outside the subset are refused here, naming the token.
#pragma once

#include "core/result.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::core::fhirpath {

enum class TokenKind {
    Identifier,  // name, keyword (and, div, true ...) or `delimited name`
    String,      // 'text' (value already unescaped)
    Integer,     // 42
    Decimal,     // 4.5
    Variable,    // %name or %`name` or %'name' (text holds the name)
    Special,     // $this, $index, $total (text holds "this" ...)
    Symbol,      // ( ) [ ] { } , . + - * / & | = != < > <= >= ~ !~
    End,
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text;
    std::size_t position = 0;
    bool delimited = false; // `name`: never a keyword
};

Result<std::vector<Token>> tokenize(std::string_view text);

// Expression text safe to put in a message (and in JSON): printable ASCII kept, anything else as
// \xNN, cut to `max` bytes.
std::string printable(std::string_view text, std::size_t max = 40);

} // namespace selfdirect::core::fhirpath
