// Kiosk resume codes: what a resident writes down to come back to an unfinished form. 16 Crockford
// base32 characters shown as "XXXX-XXXX-XXXX-XXXX": 2 locator characters (not secret: they pick the
// stored row, so a wrong guess is counted against one draft, not against every draft on the kiosk),
// 13 secret characters (65 random bits, stretched by Argon2id) and 1 check character (a weighted sum
// modulo 37 over the other 15), which catches every single mistyped character and every swap of two
// neighbours before any attempt is counted. Crockford's alphabet has no I, L, O or U; typing I or L
// reads as 1 and O as 0; case, spaces and hyphens are ignored.
#pragma once

#include "vault/bytes.h"

#include <optional>
#include <string>
#include <string_view>

namespace selfdirect::vault::detail {

constexpr std::size_t kResumeLocatorChars = 2;
constexpr std::size_t kResumeSecretChars = 13;

struct ResumeCodeParts {
    std::string locator; // 2 canonical characters
    SecureBytes secret;  // 13 canonical characters (the Argon2id input)
};

// A fresh random code, formatted for display, in guarded memory.
SecureBytes generate_resume_code();

// std::nullopt for anything that is not a well-formed code with a correct check character (a typo).
std::optional<ResumeCodeParts> parse_resume_code(std::string_view typed);

} // namespace selfdirect::vault::detail
