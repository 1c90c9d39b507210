// Errors are values at layer boundaries: every fallible call in core, vault and sync returns a
// Result<T>. A small type of our own because std::expected needs C++23 and clang 14 (used for the
// libFuzzer builds) cannot compile libstdc++'s <expected>.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace selfdirect {

// `code` is stable and machine-readable (tests and logs use it); `message` is for a developer or a
// council administrator. What a resident sees is chosen by the UI from `code`, never `message`.
struct Error {
    std::string code;
    std::string message;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(v_); }
    const T& value() const& { assert(ok()); return std::get<0>(v_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { assert(!ok()); return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { assert(!ok_); return error_; }

private:
    Error error_;
    bool ok_ = true;
};

inline Error make_error(std::string code, std::string message) { return Error{std::move(code), std::move(message)}; }

} // namespace selfdirect
