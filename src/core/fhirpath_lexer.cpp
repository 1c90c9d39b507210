// FHIRPath tokenizer: the lexical rules of the FHIRPath grammar that the subset needs, plus clear
// refusals for the literal forms it does not support (dates, times, quantities are caught later).
#include "core/fhirpath_lexer.h"

#include <cstdio>

namespace selfdirect::core::fhirpath {

namespace {

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

Error syntax(std::size_t pos, const std::string& what) {
    return make_error("fhirpath.syntax", "syntax error at " + std::to_string(pos) + ": " + what);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Reads 4 hex digits at text[i..]; -1 if they are not there.
long read_hex4(std::string_view text, std::size_t i) {
    if (i + 4 > text.size()) return -1;
    long v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
        const int h = hex_value(text[i + k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

// A quoted string or delimited identifier starting at text[i] (the quote). Sets `end` past the
// closing quote.
Result<std::string> read_quoted(std::string_view text, std::size_t i, std::size_t& end) {
    const char quote = text[i];
    std::string out;
    std::size_t k = i + 1;
    while (k < text.size() && text[k] != quote) {
        if (text[k] != '\\') {
            out += text[k++];
            continue;
        }
        if (k + 1 >= text.size()) break;
        const char e = text[k + 1];
        switch (e) {
        case '\'': case '"': case '`': case '\\': case '/': out += e; k += 2; break;
        case 'f': out += '\f'; k += 2; break;
        case 'n': out += '\n'; k += 2; break;
        case 'r': out += '\r'; k += 2; break;
        case 't': out += '\t'; k += 2; break;
        case 'u': {
            long cp = read_hex4(text, k + 2);
            if (cp < 0) return syntax(k, "\\u needs four hex digits");
            k += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                const long low = (k + 1 < text.size() && text[k] == '\\' && text[k + 1] == 'u')
                                     ? read_hex4(text, k + 2) : -1;
                if (low < 0xDC00 || low > 0xDFFF) return syntax(k, "unpaired surrogate in \\u escape");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                k += 6;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return syntax(k, "unpaired surrogate in \\u escape");
            }
            append_utf8(out, static_cast<unsigned>(cp));
            break;
        }
        default: return syntax(k, "unknown escape '\\" + printable(std::string_view(&text[k + 1], 1)) + "'");
        }
    }
    if (k >= text.size()) return syntax(i, std::string("unterminated ") + (quote == '`' ? "`name`" : "string"));
    end = k + 1;
    return out;
}

} // namespace

std::string printable(std::string_view text, std::size_t max) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (out.size() >= max) {
            out += "...";
            break;
        }
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        }
    }
    return out;
}

Result<std::vector<Token>> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++i;
            continue;
        }
        if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') { // line comment
            while (i < text.size() && text[i] != '\n') ++i;
            continue;
        }
        if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') { // block comment
            const auto close = text.find("*/", i + 2);
            if (close == std::string_view::npos) return syntax(i, "unterminated comment");
            i = close + 2;
            continue;
        }
        Token t;
        t.position = i;
        if (is_ident_start(c)) {
            std::size_t k = i;
            while (k < text.size() && is_ident_char(text[k])) ++k;
            t.kind = TokenKind::Identifier;
            t.text = std::string(text.substr(i, k - i));
            i = k;
        } else if (c == '`') {
            std::size_t end = 0;
            auto s = read_quoted(text, i, end);
            if (!s) return s.error();
            t.kind = TokenKind::Identifier;
            t.text = std::move(*s);
            t.delimited = true;
            i = end;
        } else if (c == '\'') {
            std::size_t end = 0;
            auto s = read_quoted(text, i, end);
            if (!s) return s.error();
            t.kind = TokenKind::String;
            t.text = std::move(*s);
            i = end;
        } else if (is_digit(c)) {
            std::size_t k = i;
            while (k < text.size() && is_digit(text[k])) ++k;
            t.kind = TokenKind::Integer;
            // "78.ln()" is 78 then .ln(): a decimal point only when a digit follows it.
            if (k + 1 < text.size() && text[k] == '.' && is_digit(text[k + 1])) {
                ++k;
                while (k < text.size() && is_digit(text[k])) ++k;
                t.kind = TokenKind::Decimal;
            }
            t.text = std::string(text.substr(i, k - i));
            i = k;
        } else if (c == '%') {
            t.kind = TokenKind::Variable;
            if (i + 1 < text.size() && (text[i + 1] == '`' || text[i + 1] == '\'')) {
                std::size_t end = 0;
                auto s = read_quoted(text, i + 1, end);
                if (!s) return s.error();
                t.text = std::move(*s);
                i = end;
            } else {
                std::size_t k = i + 1;
                while (k < text.size() && is_ident_char(text[k])) ++k;
                if (k == i + 1 || !is_ident_start(text[i + 1])) return syntax(i, "'%' must be followed by a name");
                t.text = std::string(text.substr(i + 1, k - i - 1));
                i = k;
            }
        } else if (c == '$') {
            std::size_t k = i + 1;
            while (k < text.size() && is_ident_char(text[k])) ++k;
            t.kind = TokenKind::Special;
            t.text = std::string(text.substr(i + 1, k - i - 1));
            if (t.text.empty()) return syntax(i, "'$' must be followed by a name");
            i = k;
        } else if (c == '@') {
            std::size_t k = i + 1;
            while (k < text.size() && (is_ident_char(text[k]) || text[k] == '-' || text[k] == ':' || text[k] == '.'))
                ++k;
            return make_error("fhirpath.unsupported", "unsupported expression: date/time literal '" +
                                                          printable(text.substr(i, k - i)) + "'");
        } else {
            constexpr std::string_view two[] = {"<=", ">=", "!=", "!~"};
            constexpr std::string_view one = "()[]{},.+-*/&|=<>~";
            t.kind = TokenKind::Symbol;
            bool matched = false;
            for (auto sym : two) {
                if (text.substr(i, 2) == sym) {
                    t.text = std::string(sym);
                    i += 2;
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                if (one.find(c) == std::string_view::npos)
                    return syntax(i, "unexpected character '" + printable(text.substr(i, 1)) + "'");
                t.text = std::string(1, c);
                ++i;
            }
        }
        tokens.push_back(std::move(t));
    }
    Token end;
    end.kind = TokenKind::End;
    end.position = text.size();
    tokens.push_back(end);
    return tokens;
}

} // namespace selfdirect::core::fhirpath
