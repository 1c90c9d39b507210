// Resume code generation and parsing (format and reasons in resume_code.h).
#include "vault/resume_code.h"

#include "core/resume_code_format.h"

#include <sodium.h>

#include <array>

namespace selfdirect::vault::detail {

namespace {

constexpr std::string_view kAlphabet = core::kResumeCodeAlphabet;
constexpr std::size_t kDataChars = kResumeLocatorChars + kResumeSecretChars; // 15
constexpr std::size_t kCodeChars = kDataChars + 1;
static_assert(kCodeChars == core::kResumeCodeChars, "the code's parts must fill core's resume code format");

// Crockford decoding, forgiving of the look-alikes; -1 for a character outside the alphabet.
int decode_char(char c) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    const auto at = kAlphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

// Weighted sum modulo the prime 37 with distinct non-zero weights 1..15: a single changed value
// (difference 1..31) or a swap of neighbours (difference times weight difference 1) never sums to 0.
int check_value(const std::array<int, kDataChars>& values) {
    int sum = 0;
    for (std::size_t i = 0; i < kDataChars; ++i) sum = (sum + static_cast<int>(i + 1) * values[i]) % 37;
    return sum;
}

} // namespace

SecureBytes generate_resume_code() {
    std::array<int, kDataChars> values{};
    int check = 0;
    // Redraw until the check value is one of the 32 ordinary characters (Crockford's extra check
    // symbols * ~ $ = U are hard to read aloud). This costs 0.2 bits of the 65 secret bits.
    do {
        for (auto& v : values) v = static_cast<int>(randombytes_uniform(32));
        check = check_value(values);
    } while (check >= 32);
    SecureBytes text(kCodeChars + core::kResumeCodeGroups - 1); // with the separators
    std::size_t out = 0;
    for (std::size_t i = 0; i < kCodeChars; ++i) {
        if (i > 0 && i % core::kResumeCodeGroupLength == 0) text.data()[out++] = core::kResumeCodeSeparator;
        const int v = i < kDataChars ? values[i] : check;
        text.data()[out++] = static_cast<std::uint8_t>(kAlphabet[static_cast<std::size_t>(v)]);
    }
    sodium_memzero(values.data(), sizeof(values));
    return text;
}

std::optional<ResumeCodeParts> parse_resume_code(std::string_view typed) {
    std::array<int, kCodeChars> values{};
    std::size_t n = 0;
    bool bad = false;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        const int v = decode_char(c);
        if (v < 0 || n == kCodeChars) {
            bad = true;
            break;
        }
        values[n++] = v;
    }
    std::array<int, kDataChars> data{};
    for (std::size_t i = 0; i < kDataChars; ++i) data[i] = values[i];
    const bool ok = !bad && n == kCodeChars && check_value(data) == values[kDataChars];
    std::optional<ResumeCodeParts> parts;
    if (ok) {
        ResumeCodeParts p;
        for (std::size_t i = 0; i < kResumeLocatorChars; ++i) p.locator.push_back(kAlphabet[static_cast<std::size_t>(data[i])]);
        p.secret = SecureBytes(kResumeSecretChars);
        for (std::size_t i = 0; i < kResumeSecretChars; ++i) {
            p.secret.data()[i] = static_cast<std::uint8_t>(kAlphabet[static_cast<std::size_t>(data[kResumeLocatorChars + i])]);
        }
        parts = std::move(p);
    }
    sodium_memzero(values.data(), sizeof(values));
    sodium_memzero(data.data(), sizeof(data));
    return parts;
}

} // namespace selfdirect::vault::detail
