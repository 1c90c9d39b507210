// The UI string catalogue: lookups with English fallback, placeholders, the pseudo-locale, NFC.
#include "core/catalogue.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <mutex>

namespace selfdirect::core {

struct Catalogue::PseudoCache {
    std::mutex mutex;
    // Never erased from, so views into the values stay valid as long as the cache lives.
    std::map<std::string, std::string, std::less<>> strings;
};

Catalogue::Catalogue() : language_("en") {}

Catalogue::Catalogue(std::string language_tag, std::map<std::string, std::string, std::less<>> messages)
    : language_(std::move(language_tag)), messages_(std::move(messages)) {
    // An empty msgstr means "not translated yet" in gettext; dropping it here makes tr() fall back.
    for (auto it = messages_.begin(); it != messages_.end();) {
        if (it->second.empty()) it = messages_.erase(it);
        else ++it;
    }
}

Catalogue Catalogue::english() { return Catalogue(); }

std::vector<std::string_view> Catalogue::translations() const {
    std::vector<std::string_view> out;
    out.reserve(messages_.size());
    for (const auto& [key, text] : messages_) out.push_back(text);
    return out;
}

Catalogue Catalogue::pseudo() {
    Catalogue c;
    c.language_ = "en-x-pseudo";
    c.pseudo_ = std::make_shared<PseudoCache>();
    return c;
}

std::string Catalogue::context_key(std::string_view msgctxt, std::string_view msgid) {
    std::string key;
    key.reserve(msgctxt.size() + 1 + msgid.size());
    key.append(msgctxt).push_back('\x04');
    key.append(msgid);
    return key;
}

std::string_view Catalogue::lookup(std::string_view key, std::string_view msgid) const {
    if (pseudo_) {
        std::lock_guard<std::mutex> lock(pseudo_->mutex);
        auto it = pseudo_->strings.find(key);
        if (it == pseudo_->strings.end()) it = pseudo_->strings.emplace(std::string(key), pseudo_localise(msgid)).first;
        return it->second;
    }
    auto it = messages_.find(key);
    return it == messages_.end() ? msgid : std::string_view(it->second);
}

std::string_view Catalogue::tr(std::string_view msgid) const { return lookup(msgid, msgid); }

std::string_view Catalogue::trc(std::string_view msgctxt, std::string_view msgid) const {
    if (!pseudo_ && messages_.empty()) return msgid;  // English: skip building the key
    return lookup(context_key(msgctxt, msgid), msgid);
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Length of the placeholder starting at text[at], or 0 if none starts there.
std::size_t placeholder_at(std::string_view text, std::size_t at) {
    const std::size_t n = text.size();
    if (text[at] == '{') {
        // "{0}", "{}", "{name}", "{0:>3}": no spaces or braces inside, short.
        std::size_t i = at + 1;
        while (i < n && i - at <= 32) {
            char c = text[i];
            if (c == '}') return i + 1 - at;
            bool ok = is_digit(c) || is_ascii_letter(c) || c == '_' || c == ':' || c == '.' || c == '<' ||
                      c == '>' || c == '^' || c == '+' || c == '-' || c == '#';
            if (!ok) return 0;
            ++i;
        }
        return 0;
    }
    if (text[at] == '%') {
        std::size_t i = at + 1;
        if (i < n && text[i] == '%') return 2;
        // Positional "%1$s".
        std::size_t d = i;
        while (d < n && is_digit(text[d])) ++d;
        if (d > i && d < n && text[d] == '$') i = d + 1;
        // Flags (no space flag: "50% of" is prose, not a conversion).
        while (i < n && (text[i] == '-' || text[i] == '+' || text[i] == '#' || text[i] == '0' || text[i] == '\'')) ++i;
        if (i < n && text[i] == '*') ++i;
        else while (i < n && is_digit(text[i])) ++i;
        if (i < n && text[i] == '.') {
            ++i;
            if (i < n && text[i] == '*') ++i;
            else while (i < n && is_digit(text[i])) ++i;
        }
        for (std::string_view len : {"hh", "ll", "h", "l", "L", "q", "j", "z", "t"}) {
            if (text.substr(i, len.size()) == len) { i += len.size(); break; }
        }
        if (i < n && std::string_view("diouxXeEfFgGaAcspn").find(text[i]) != std::string_view::npos) return i + 1 - at;
        return 0;
    }
    return 0;
}

// Look-alikes for 'a'..'z' and 'A'..'Z', all inside the font's Latin ranges.
constexpr std::array<const char*, 26> kLower = {
    "á", "ƀ", "ç", "ð", "ë", "ƒ", "ĝ", "ĥ", "î", "ĵ", "ķ", "ļ", "ḿ",
    "ñ", "ö", "þ", "ǫ", "ŕ", "š", "ţ", "ü", "ṽ", "ŵ", "ẋ", "ý", "ž"};
constexpr std::array<const char*, 26> kUpper = {
    "Å", "Ɓ", "Ç", "Ð", "É", "Ƒ", "Ĝ", "Ĥ", "Î", "Ĵ", "Ķ", "Ļ", "Ḿ",
    "Ñ", "Ö", "Þ", "Ǫ", "Ŕ", "Š", "Ţ", "Û", "Ṽ", "Ŵ", "Ẋ", "Ý", "Ž"};

std::size_t code_points(std::string_view s) {
    std::size_t count = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    return count;
}

} // namespace

std::vector<std::string_view> placeholders(std::string_view text) {
    std::vector<std::string_view> found;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t len = placeholder_at(text, i);
        if (len > 0) {
            found.push_back(text.substr(i, len));
            i += len;
        } else {
            ++i;
        }
    }
    return found;
}

std::string fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
    std::string out;
    out.reserve(pattern.size());
    for (std::size_t i = 0; i < pattern.size();) {
        if (pattern[i] == '{') {
            std::size_t close = pattern.find('}', i + 1);
            if (close != std::string_view::npos) {
                std::string_view name = pattern.substr(i + 1, close - i - 1);
                auto value = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
                if (value != values.end()) {
                    out.append(value->second);
                    i = close + 1;
                    continue;
                }
            }
        }
        out.push_back(pattern[i++]);
    }
    return out;
}

std::string pseudo_localise(std::string_view msgid) {
    if (msgid.empty()) return {};
    // "label##id": ImGui shows only the label; the id must stay as it is or widgets change identity.
    std::string_view tail;
    if (auto hashes = msgid.find("##"); hashes != std::string_view::npos) {
        tail = msgid.substr(hashes);
        msgid = msgid.substr(0, hashes);
    }
    std::string out = "[";
    for (std::size_t i = 0; i < msgid.size();) {
        if (std::size_t len = placeholder_at(msgid, i); len > 0) {
            out.append(msgid.substr(i, len));
            i += len;
            continue;
        }
        char c = msgid[i++];
        if (c >= 'a' && c <= 'z') out.append(kLower[static_cast<std::size_t>(c - 'a')]);
        else if (c >= 'A' && c <= 'Z') out.append(kUpper[static_cast<std::size_t>(c - 'A')]);
        else out.push_back(c);
    }
    // At least 40 % more characters than the English: "[", " ", the tildes and "]".
    const std::size_t extra = (code_points(msgid) * 4 + 9) / 10;
    const std::size_t tildes = extra > 3 ? extra - 3 : 1;
    out.push_back(' ');
    out.append(tildes, '~');
    out.push_back(']');
    out.append(tail);
    return out;
}

std::string nfc(std::string_view utf8) {
    if (utf8.empty()) return {};
    utf8proc_uint8_t* mapped = nullptr;
    utf8proc_ssize_t len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                        static_cast<utf8proc_ssize_t>(utf8.size()), &mapped,
                                        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (len < 0) return std::string(utf8);  // invalid UTF-8: documented to come back unchanged
    std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(len));
    std::free(mapped);
    return out;
}

bool valid_utf8(std::string_view text) {
    auto p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t used = utf8proc_iterate(p, left, &cp);
        if (used <= 0 || cp < 0) return false;
        p += used;
        left -= used;
    }
    return true;
}

} // namespace selfdirect::core
