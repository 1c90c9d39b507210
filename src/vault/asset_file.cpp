// Bounded whole-file reads for configuration assets.
#include "vault/asset_file.h"

#include <fstream>
#include <iterator>

namespace selfdirect::vault {

Result<std::string> read_asset_file(const std::filesystem::path& path, std::size_t max_bytes) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) return make_error("asset.unreadable", path.string() + ": cannot be read (" + ec.message() + ")");
    if (size > max_bytes) return make_error("asset.too_large", path.string() + ": larger than " + std::to_string(max_bytes) + " bytes");
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("asset.unreadable", path.string() + ": cannot be opened");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text;
}

} // namespace selfdirect::vault
