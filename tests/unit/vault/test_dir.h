// A fresh, empty temporary directory per test, removed afterwards, so vault tests never share or
// leave behind files (and scans for plaintext only see what the test itself wrote).
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace selfdirect::vault::testing {

class TestDir {
public:
    TestDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "selfdirect-vault-XXXXXX").string();
        const char* made = mkdtemp(pattern.data());
        REQUIRE(made != nullptr);
        path_ = made;
    }
    ~TestDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TestDir(const TestDir&) = delete;
    TestDir& operator=(const TestDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

} // namespace selfdirect::vault::testing
