// Resume code shape (see resume_code_format.h).
#include "core/resume_code_format.h"

namespace selfdirect::core {

std::string format_resume_code(std::string_view chars) {
    std::string out;
    out.reserve(chars.size() + chars.size() / kResumeCodeGroupLength);
    for (std::size_t i = 0; i < chars.size(); ++i) {
        if (i > 0 && i % kResumeCodeGroupLength == 0) out.push_back(kResumeCodeSeparator);
        out.push_back(chars[i]);
    }
    return out;
}

std::string example_resume_code() {
    // Easy to read aloud and to copy, with letters and digits mixed like a real code.
    constexpr std::string_view kSample = "7K3MQ9XA2BCDEFGHJKMNPQRSTVWXYZ0123456";
    static_assert(kResumeCodeChars <= kSample.size(), "the sample is shorter than a code");
    return format_resume_code(kSample.substr(0, kResumeCodeChars));
}

} // namespace selfdirect::core
