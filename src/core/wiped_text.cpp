// Text wiped when it goes (see wiped_text.h).
#include "core/wiped_text.h"

#include <cstring>
#include <string.h> // explicit_bzero (glibc)
#include <utility>

namespace selfdirect::core {

WipedText::WipedText(std::string_view text) : data_(new char[text.size() + 1]), size_(text.size()) {
    if (!text.empty()) std::memcpy(data_.get(), text.data(), text.size());
    data_[size_] = '\0';
}

WipedText::WipedText(WipedText&& other) noexcept : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)) {}

WipedText& WipedText::operator=(WipedText&& other) noexcept {
    if (this != &other) {
        wipe();
        data_ = std::move(other.data_);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

void WipedText::wipe() noexcept {
    if (data_) explicit_bzero(data_.get(), size_ + 1);
    data_.reset();
    size_ = 0;
}

void wipe(std::string& text) noexcept {
    // capacity() + 1: the terminating NUL's byte belongs to the buffer too (it may hold an old
    // character after a shorter assignment).
    explicit_bzero(text.data(), text.capacity() + 1);
    text.clear();
    text.shrink_to_fit();
}

} // namespace selfdirect::core
