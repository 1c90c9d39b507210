// Text that is wiped when it goes: a resume code on its way to the screen. The vault keeps the code
// in sodium's guarded memory, but the UI may not include sodium (layering), so the code crosses into
// the UI in this: one heap buffer, allocated once at its final size (no reallocation leaves a copy
// behind), move-only (no silent copies), zeroed with explicit_bzero when destroyed. Not locked
// against swapping like SecureBytes; it lives only while a code is on screen (docs/security.md).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace selfdirect::core {

class WipedText {
public:
    WipedText() = default;
    explicit WipedText(std::string_view text);
    ~WipedText() { wipe(); }
    WipedText(WipedText&& other) noexcept;
    WipedText& operator=(WipedText&& other) noexcept;
    WipedText(const WipedText&) = delete;
    WipedText& operator=(const WipedText&) = delete;

    std::string_view view() const { return {data_.get() ? data_.get() : "", size_}; }
    const char* c_str() const { return data_.get() ? data_.get() : ""; } // NUL-terminated
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // Zeroes and frees the text now.
    void wipe() noexcept;

private:
    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
};

// Zeroes a std::string's whole buffer (its capacity, not just its size), then frees it: assigning
// "" or clear() would leave the old text in the buffer.
void wipe(std::string& text) noexcept;

} // namespace selfdirect::core
