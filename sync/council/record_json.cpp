// Parsing and printing a record's JSON with decimals kept as written (see record_json.h).
#include "sync/council/record_json.h"

#include "sync/protocol/untrusted_json.h"

#include <cstdlib>
#include <vector>

namespace selfdirect::council {

namespace {

using json = nlohmann::json;

// nlohmann's own SAX events, building the tree as json_sax_dom_parser does, except that
// number_float keeps the lexeme the lexer hands over (see record_json.h).
class LexemeKeepingBuilder {
public:
    explicit LexemeKeepingBuilder(json& root) : root_(root) {}

    bool null() { return add(json(nullptr)) != nullptr; }
    bool boolean(bool v) { return add(json(v)) != nullptr; }
    bool number_integer(json::number_integer_t v) { return add(json(v)) != nullptr; }
    bool number_unsigned(json::number_unsigned_t v) { return add(json(v)) != nullptr; }
    bool number_float(json::number_float_t, const json::string_t& lexeme) {
        return add(json::binary(json::binary_t::container_type(lexeme.begin(), lexeme.end()), kDecimalLexemeSubtype)) !=
               nullptr;
    }
    bool string(json::string_t& v) { return add(json(std::move(v))) != nullptr; }
    bool binary(json::binary_t& v) { return add(json::binary(std::move(v))) != nullptr; }
    bool start_object(std::size_t) {
        stack_.push_back(add(json::object()));
        return true;
    }
    bool key(json::string_t& k) {
        slot_ = &(*stack_.back())[k];
        return true;
    }
    bool end_object() {
        stack_.pop_back();
        return true;
    }
    bool start_array(std::size_t) {
        stack_.push_back(add(json::array()));
        return true;
    }
    bool end_array() {
        stack_.pop_back();
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    // Pointers into the tree stay valid: only the innermost open container grows, and std::map
    // (objects) never moves its nodes.
    json* add(json value) {
        if (stack_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        json& top = *stack_.back();
        if (top.is_array()) {
            top.push_back(std::move(value));
            return &top.back();
        }
        *slot_ = std::move(value);
        return slot_;
    }

    json& root_;
    std::vector<json*> stack_;
    json* slot_ = nullptr;
};

bool is_lexeme(const json& value) {
    return value.is_binary() && value.get_binary().has_subtype() &&
           value.get_binary().subtype() == kDecimalLexemeSubtype;
}

std::string scalar_text(const json& value) {
    return value.dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
}

void dump_into(const json& value, int indent, int level, std::string& out) {
    const bool pretty = indent >= 0;
    const auto newline_at = [&](int depth) {
        if (!pretty) return;
        out += '\n';
        out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(depth), ' ');
    };
    if (is_lexeme(value)) {
        const auto& bytes = value.get_binary();
        out.append(bytes.begin(), bytes.end());
    } else if (value.is_object()) {
        if (value.empty()) {
            out += "{}";
            return;
        }
        out += '{';
        bool first = true;
        for (const auto& [key, member] : value.items()) {
            if (!first) out += ',';
            first = false;
            newline_at(level + 1);
            out += scalar_text(json(key));
            out += pretty ? ": " : ":";
            dump_into(member, indent, level + 1, out);
        }
        newline_at(level);
        out += '}';
    } else if (value.is_array()) {
        if (value.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        bool first = true;
        for (const auto& element : value) {
            if (!first) out += ',';
            first = false;
            newline_at(level + 1);
            dump_into(element, indent, level + 1, out);
        }
        newline_at(level);
        out += ']';
    } else {
        out += scalar_text(value);
    }
}

} // namespace

Result<nlohmann::json> parse_record_json(std::string_view text) {
    if (!sync::json_depth_within(text)) {
        return make_error("council.record_too_deep",
                          "nested deeper than " + std::to_string(sync::kMaxJsonDepth) + " levels");
    }
    json root;
    LexemeKeepingBuilder builder(root);
    if (!json::sax_parse(text, &builder)) {
        return make_error("council.record_not_json", "not JSON (a syntax error, or text that is not UTF-8)");
    }
    return root;
}

std::string number_lexeme(const nlohmann::json& value) {
    if (is_lexeme(value)) return std::string(value.get_binary().begin(), value.get_binary().end());
    if (value.is_number_integer() || value.is_number_unsigned() || value.is_number_float()) return value.dump();
    return "";
}

std::optional<double> number_value(const nlohmann::json& value) {
    if (is_lexeme(value)) {
        const std::string text = number_lexeme(value);
        char* end = nullptr;
        const double d = std::strtod(text.c_str(), &end);
        if (end == text.c_str()) return std::nullopt;
        return d;
    }
    if (value.is_number()) return value.get<double>();
    return std::nullopt;
}

bool is_number_or_lexeme(const nlohmann::json& value) { return value.is_number() || is_lexeme(value); }

std::string dump_record_json(const nlohmann::json& value, int indent) {
    std::string out;
    dump_into(value, indent, 0, out);
    return out;
}

bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (text.size() - i <= extra) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += extra + 1;
    }
    return true;
}

} // namespace selfdirect::council
