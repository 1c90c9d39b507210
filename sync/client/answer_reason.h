// Reads the `reason` code out of a whole-request refusal ({"result":"rejected"|"error","reason":...})
// for staff and logs. The body is the receiver's (or an impostor's): only a short code-shaped string
// is taken, anything else becomes "unreadable".
#pragma once

#include <string>
#include <string_view>

namespace selfdirect::sync::detail {

std::string answer_reason(std::string_view body);

} // namespace selfdirect::sync::detail
