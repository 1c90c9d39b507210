// The shape of a kiosk resume code, in one place: the vault issues codes of this shape
// (vault/resume_code.cpp), and the screens show an example of it and size it (ui/screens). 16
// Crockford base 32 characters shown in 4 groups of 4, "7K3M-Q9XA-2BCD-EFGH": change it here and
// the code, its example on screen and the tests that sweep it change together.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace selfdirect::core {

inline constexpr std::size_t kResumeCodeGroups = 4;
inline constexpr std::size_t kResumeCodeGroupLength = 4;
inline constexpr std::size_t kResumeCodeChars = kResumeCodeGroups * kResumeCodeGroupLength;
inline constexpr char kResumeCodeSeparator = '-';
// Crockford's alphabet: no I, L, O or U (they read as 1, 1, 0; U avoids accidental words).
inline constexpr std::string_view kResumeCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// `chars` (no separators) in groups as a code is shown: "7K3MQ9XA" -> "7K3M-Q9XA".
std::string format_resume_code(std::string_view chars);

// What a code looks like, for the page where a person types theirs ("It looks like {example}."):
// the right number of groups of the right length. Not a valid code (its check character is wrong).
std::string example_resume_code();

} // namespace selfdirect::core
