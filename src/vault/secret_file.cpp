// Durable atomic writes and private reads for key files (see secret_file.h for why they exist).
#include "vault/secret_file.h"

#include <sodium.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace selfdirect::vault::detail {

namespace {

Error errno_error(int err, const std::string& what) {
    const bool full = err == ENOSPC || err == EDQUOT;
    return make_error(full ? "vault.disk_full" : "vault.io", what + ": " + std::strerror(err));
}

// Closes a descriptor on every path out of a function.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    int release() { int fd = fd_; fd_ = -1; return fd; }

private:
    int fd_;
};

Result<void> fsync_directory(const std::filesystem::path& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) return errno_error(errno, "open directory " + dir.string());
    if (::fsync(fd.get()) != 0) return errno_error(errno, "fsync directory " + dir.string());
    return {};
}

} // namespace

Result<void> write_file_atomic(const std::filesystem::path& path, const void* data, std::size_t size, unsigned mode,
                               Replace replace) {
    std::filesystem::path dir = path.parent_path();
    if (dir.empty()) dir = ".";
    std::string temp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    // mkostemp creates the file 0600, so a secret is never briefly readable by others.
    Fd fd(::mkostemp(temp.data(), O_CLOEXEC));
    if (fd.get() < 0) return errno_error(errno, "create temporary file in " + dir.string());

    auto fail = [&](int err, const std::string& what) {
        ::unlink(temp.c_str());
        return errno_error(err, what);
    };
    if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) return fail(errno, "chmod " + temp);
    const auto* p = static_cast<const std::uint8_t*>(data);
    std::size_t left = size;
    while (left > 0) {
        const ssize_t n = ::write(fd.get(), p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(errno, "write " + temp);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) return fail(errno, "fsync " + temp);
    if (::close(fd.release()) != 0) return fail(errno, "close " + temp);

    if (replace == Replace::yes) {
        if (::rename(temp.c_str(), path.c_str()) != 0) return fail(errno, "rename to " + path.string());
    } else {
        // link() fails if the target exists, so two writers racing cannot overwrite each other.
        if (::link(temp.c_str(), path.c_str()) != 0) {
            const int err = errno;
            ::unlink(temp.c_str());
            if (err == EEXIST) return make_error("vault.key_file_exists", path.string() + " already exists; not overwriting it");
            return errno_error(err, "link to " + path.string());
        }
        ::unlink(temp.c_str());
    }
    return fsync_directory(dir);
}

Result<SecureBytes> read_private_file(const std::filesystem::path& path, std::size_t max_size) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return make_error("vault.key_file", "cannot open " + path.string() + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return make_error("vault.key_file", "cannot stat " + path.string() + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return make_error("vault.key_file", path.string() + " is not a regular file");
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return make_error("vault.key_file", path.string() + " is accessible by group or others (mode " + mode +
                                                "); refusing to use it: chmod 600 it");
    }
    if (st.st_size <= 0 || static_cast<std::size_t>(st.st_size) > max_size) {
        return make_error("vault.key_file", path.string() + " has an unexpected size");
    }
    SecureBytes out(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < out.size()) {
        const ssize_t n = ::read(fd.get(), out.data() + got, out.size() - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            return make_error("vault.key_file", "cannot read " + path.string() + ": " + std::strerror(errno));
        }
        if (n == 0) return make_error("vault.key_file", path.string() + " shrank while being read");
        got += static_cast<std::size_t>(n);
    }
    return out;
}

Result<std::vector<SecretLine>> parse_secret_lines(const SecureBytes& text, const std::filesystem::path& for_message) {
    auto bad = [&](const std::string& why) { return make_error("vault.key_file", for_message.string() + ": " + why); };
    std::vector<SecretLine> lines;
    const std::string_view all = text.view();
    std::size_t pos = 0;
    while (pos < all.size()) {
        std::size_t end = all.find('\n', pos);
        if (end == std::string_view::npos) end = all.size();
        std::string_view line = all.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) return bad("empty line");
        const std::size_t space = line.find(' ');
        if (space == std::string_view::npos || space == 0) return bad("expected '<label> <base64>'");
        const std::string_view encoded = line.substr(space + 1);
        SecureBytes decoded(encoded.size() / 4 * 3 + 3);
        std::size_t length = 0;
        const char* stop = nullptr;
        if (sodium_base642bin(decoded.data(), decoded.size(), encoded.data(), encoded.size(), nullptr, &length, &stop,
                              sodium_base64_VARIANT_ORIGINAL) != 0 ||
            stop != encoded.data() + encoded.size()) {
            return bad("value is not base64");
        }
        lines.push_back(SecretLine{std::string(line.substr(0, space)), SecureBytes(decoded.data(), length)});
    }
    return lines;
}

SecureBytes format_secret_lines(const std::vector<SecretLineRef>& lines) {
    std::size_t total = 0;
    for (const auto& l : lines) {
        total += l.label.size() + 1 + sodium_base64_encoded_len(l.size, sodium_base64_VARIANT_ORIGINAL); // NUL -> '\n'
    }
    // sodium_bin2base64 writes a terminating NUL; each one lands where the line's '\n' goes.
    SecureBytes out(total);
    std::size_t at = 0;
    for (const auto& l : lines) {
        std::memcpy(out.data() + at, l.label.data(), l.label.size());
        at += l.label.size();
        out.data()[at++] = ' ';
        const std::size_t encoded = sodium_base64_encoded_len(l.size, sodium_base64_VARIANT_ORIGINAL);
        sodium_bin2base64(reinterpret_cast<char*>(out.data() + at), encoded, l.data, l.size, sodium_base64_VARIANT_ORIGINAL);
        at += encoded - 1;
        out.data()[at++] = '\n';
    }
    return out;
}

} // namespace selfdirect::vault::detail
