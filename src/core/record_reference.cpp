// A person's short reference from their record id (see record_reference.h).
#include "core/record_reference.h"

#include <algorithm>

namespace selfdirect::core {

std::string reference_for_record(std::string_view record_id) {
    std::string hex;
    for (char ch : record_id)
        if (ch != '-' && hex.size() < 8) hex += static_cast<char>(ch >= 'a' && ch <= 'f' ? ch - 32 : ch);
    return "SD-" + hex.substr(0, 4) + "-" + hex.substr(std::min<std::size_t>(4, hex.size()));
}

} // namespace selfdirect::core
