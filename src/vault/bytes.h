// Byte buffers used across the vault API. Plain `Bytes` carry ciphertext and public material only;
// anything secret or any plaintext answer lives in `SecureBytes` (sodium_malloc'd, wiped on free).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::vault {

using Bytes = std::vector<std::uint8_t>;

// Guarded, non-swappable memory from sodium_malloc; zeroed and freed on destruction.
// Move-only so a secret is never silently copied into ordinary heap memory.
class SecureBytes {
public:
    SecureBytes() = default;
    explicit SecureBytes(std::size_t size);
    SecureBytes(const void* data, std::size_t size);
    static SecureBytes from_string(std::string_view text) { return SecureBytes(text.data(), text.size()); }
    ~SecureBytes();
    SecureBytes(SecureBytes&& other) noexcept;
    SecureBytes& operator=(SecureBytes&& other) noexcept;
    SecureBytes(const SecureBytes&) = delete;
    SecureBytes& operator=(const SecureBytes&) = delete;

    std::uint8_t* data() { return data_; }
    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::string_view view() const { return {reinterpret_cast<const char*>(data_), size_}; }

private:
    std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

std::string to_base64(const Bytes& bytes);
std::string to_hex(const Bytes& bytes);
bool from_base64(std::string_view text, Bytes& out);

} // namespace selfdirect::vault
