// Guarded memory for secrets and plaintext answers, and the text encodings (base64, hex) used for
// public material in key files, JSON headers and hashes. All of it is libsodium, which only the
// vault may include.
#include "vault/bytes.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace selfdirect::vault {

namespace {

// sodium_init is idempotent and thread-safe, so calling it before each allocation needs no
// static flag of our own. It fails only if the system has no usable randomness: nothing secret can
// be handled safely then, so stop.
void ensure_sodium() {
    if (sodium_init() < 0) std::abort();
}

std::uint8_t* secure_alloc(std::size_t size) {
    ensure_sodium();
    auto* p = static_cast<std::uint8_t*>(sodium_malloc(size));
    if (p == nullptr) throw std::bad_alloc();
    return p;
}

} // namespace

SecureBytes::SecureBytes(std::size_t size) {
    if (size == 0) return; // no allocation for an empty buffer
    data_ = secure_alloc(size);
    size_ = size;
    sodium_memzero(data_, size_);
}

SecureBytes::SecureBytes(const void* data, std::size_t size) {
    if (size == 0) return;
    data_ = secure_alloc(size);
    size_ = size;
    std::memcpy(data_, data, size);
}

SecureBytes::~SecureBytes() {
    // sodium_free zeroes the region before releasing it.
    sodium_free(data_);
}

SecureBytes::SecureBytes(SecureBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecureBytes& SecureBytes::operator=(SecureBytes&& other) noexcept {
    if (this != &other) {
        sodium_free(data_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

std::string to_base64(const Bytes& bytes) {
    ensure_sodium();
    const std::size_t length = sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out(length, '\0'); // includes the terminating NUL sodium writes
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(length - 1);
    return out;
}

std::string to_hex(const Bytes& bytes) {
    ensure_sodium();
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
    out.resize(bytes.size() * 2);
    return out;
}

bool from_base64(std::string_view text, Bytes& out) {
    ensure_sodium();
    Bytes buffer(text.size() / 4 * 3 + 3);
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(buffer.data(), buffer.size(), text.data(), text.size(), nullptr, &length, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        return false;
    }
    // sodium stops at the first invalid character; the whole input must have been consumed.
    if (end != text.data() + text.size()) return false;
    buffer.resize(length);
    out = std::move(buffer);
    return true;
}

} // namespace selfdirect::vault
