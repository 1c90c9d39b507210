// The depth-checked JSON parse for bytes from outside (see untrusted_json.h).
#include "sync/protocol/untrusted_json.h"

namespace selfdirect::sync {

bool json_depth_within(std::string_view text, std::size_t max_depth) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i; // the escaped character cannot end the string
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return false;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

nlohmann::json parse_untrusted_json(std::string_view text, std::size_t max_depth) {
    if (!json_depth_within(text, max_depth)) return nlohmann::json(nlohmann::json::value_t::discarded);
    return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

} // namespace selfdirect::sync
