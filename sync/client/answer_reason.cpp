// Reason code from a refusal body (see answer_reason.h).
#include "sync/client/answer_reason.h"
#include "sync/protocol/untrusted_json.h"

#include <nlohmann/json.hpp>

namespace selfdirect::sync::detail {

std::string answer_reason(std::string_view body) {
    const auto parsed = parse_untrusted_json(body);
    if (parsed.is_discarded() || !parsed.is_object()) return "unreadable";
    const auto it = parsed.find("reason");
    if (it == parsed.end() || !it->is_string()) return "unreadable";
    const auto& text = it->get_ref<const std::string&>();
    if (text.empty() || text.size() > 64) return "unreadable";
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
        if (!ok) return "unreadable";
    }
    return text;
}

} // namespace selfdirect::sync::detail
