// Passphrase strength rule (see passphrase.h).
#include "vault/passphrase.h"

namespace selfdirect::vault::detail {

Result<void> check_passphrase(std::string_view passphrase) {
    // Characters, not bytes: count UTF-8 lead bytes, so "café" is 4 characters.
    std::size_t chars = 0;
    bool all_digits = true;
    for (unsigned char c : passphrase) {
        if ((c & 0xC0) != 0x80) ++chars;
        if (c < '0' || c > '9') all_digits = false;
    }
    if (chars < kMinPassphraseChars) {
        return make_error("vault.weak_passphrase", "the passphrase must be at least " +
                                                       std::to_string(kMinPassphraseChars) +
                                                       " characters long; a few unrelated words work well");
    }
    if (all_digits) {
        return make_error("vault.weak_passphrase",
                          "a passphrase made only of digits (a PIN) is refused: a stolen tablet could try every "
                          "number; use words or letters as well");
    }
    return {};
}

} // namespace selfdirect::vault::detail
