// The rule for tablet worker passphrases. A passphrase protects a data key that an attacker holding a
// stolen tablet can attack offline, so the only defence is the passphrase's own size: at ~0.1 s per
// Argon2id guess, all 10^6 six-digit PINs fall in about a day on one core, so PINs (all digits) and
// anything under 10 characters are refused with a message a worker can act on.
#pragma once

#include "core/result.h"

#include <string_view>

namespace selfdirect::vault::detail {

constexpr std::size_t kMinPassphraseChars = 10;

// ok, or "vault.weak_passphrase" with the reason in words.
Result<void> check_passphrase(std::string_view passphrase);

} // namespace selfdirect::vault::detail
