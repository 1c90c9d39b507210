// Reads configuration assets (form definitions, RAS tables) from disk for the layers above, which
// do no I/O of their own. Assets are public council configuration, never personal data.
#pragma once

#include "core/result.h"

#include <filesystem>
#include <string>

namespace selfdirect::vault {

// Error "asset.unreadable" naming the path; files over `max_bytes` are refused ("asset.too_large").
Result<std::string> read_asset_file(const std::filesystem::path& path, std::size_t max_bytes = 16u << 20);

} // namespace selfdirect::vault
