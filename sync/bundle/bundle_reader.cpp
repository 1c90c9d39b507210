// Hostile bundle reader (see bundle_reader.h). Every file is opened relative to a directory file
// descriptor with O_NOFOLLOW and checked with fstat after opening, so a symlink or a file swapped
// between the listing and the read is refused rather than followed.
#include "sync/bundle/bundle_reader.h"

#include "vault/envelope.h"
#include "vault/signature.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace selfdirect::sync::bundle {

namespace {

class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    void reset(int fd) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }

private:
    int fd_;
};

Error fail(const char* code, const std::string& what) { return make_error(code, what); }

// Lists a directory without following anything: name -> lstat-like mode and size.
struct Listed {
    mode_t mode = 0;
    off_t size = 0;
};

Result<std::map<std::string, Listed>> list_dir(int dir_fd, const std::string& where, std::size_t cap) {
    const int dup_fd = ::dup(dir_fd);
    if (dup_fd < 0) return fail("bundle.io", "cannot read " + where);
    DIR* dir = ::fdopendir(dup_fd);
    if (dir == nullptr) {
        ::close(dup_fd);
        return fail("bundle.io", "cannot list " + where);
    }
    std::map<std::string, Listed> out;
    Result<std::map<std::string, Listed>> result = out;
    for (;;) {
        errno = 0;
        const dirent* entry = ::readdir(dir);
        if (entry == nullptr) {
            if (errno != 0) result = fail("bundle.io", "cannot list " + where);
            break;
        }
        const std::string name = entry->d_name;
        if (name == "." || name == "..") continue;
        if (out.size() >= cap) {
            result = fail("bundle.too_large", where + " holds more than " + std::to_string(cap) + " files");
            break;
        }
        struct stat st {};
        if (::fstatat(dir_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            result = fail("bundle.io", "cannot inspect a file in " + where);
            break;
        }
        out[name] = Listed{st.st_mode, st.st_size};
    }
    ::closedir(dir);
    if (!result) return result;
    return out;
}

// Opens a regular file below dir_fd without following a symlink, and reads it if at most `cap` bytes.
Result<vault::Bytes> read_regular(int dir_fd, const std::string& name, std::size_t cap, const char* too_large_code) {
    Fd fd(::openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        if (errno == ELOOP) return fail("bundle.unsafe", name + " is a symlink");
        return fail("bundle.io", "cannot open " + name);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fail("bundle.io", "cannot inspect " + name);
    if (!S_ISREG(st.st_mode)) return fail("bundle.unsafe", name + " is not a regular file");
    if (st.st_size < 0 || static_cast<std::size_t>(st.st_size) > cap)
        return fail(too_large_code, name + " is larger than allowed");
    vault::Bytes bytes(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail("bundle.io", "cannot read " + name);
        done += static_cast<std::size_t>(n);
    }
    // A file that grew after fstat is not the file that was measured.
    unsigned char extra = 0;
    if (::read(fd.get(), &extra, 1) != 0) return fail("bundle.size_mismatch", name + " changed while being read");
    return bytes;
}

} // namespace

Result<Bundle> read_bundle(const std::filesystem::path& dir, const SignerLookup& trusted_key) {
    Fd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (root.get() < 0) {
        if (errno == ELOOP || errno == ENOTDIR) return fail("bundle.unsafe", "the bundle is not a plain directory");
        return fail("bundle.io", "cannot open the bundle directory");
    }

    // 1. The top level: exactly manifest.json, manifest.sig (regular files) and envelopes/ (a directory).
    auto top = list_dir(root.get(), "the bundle", 16);
    if (!top) return top.error();
    for (const auto& [name, info] : *top) {
        if (name == kManifestFile || name == kSignatureFile) {
            if (!S_ISREG(info.mode)) return fail("bundle.unsafe", name + " is not a regular file");
        } else if (name == kEnvelopeDir) {
            if (!S_ISDIR(info.mode)) return fail("bundle.unsafe", "envelopes is not a plain directory");
        } else {
            return fail("bundle.extra_file", "unexpected file in the bundle: " + name.substr(0, 80));
        }
    }
    if (!top->count(kManifestFile)) return fail("bundle.missing_file", "no manifest.json");
    if (!top->count(kSignatureFile)) return fail("bundle.missing_file", "no manifest.sig");
    if (top->at(kManifestFile).size > static_cast<off_t>(kMaxManifestBytes))
        return fail("bundle.too_large", "manifest.json is over 1 MiB");

    // 2. envelopes/: only regular files named NNNNNN.sdev, at most kMaxEntries, each at most 4 MiB.
    std::map<std::string, Listed> files;
    Fd env_dir;
    if (top->count(kEnvelopeDir)) {
        env_dir.reset(::openat(root.get(), kEnvelopeDir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (env_dir.get() < 0) return fail("bundle.unsafe", "envelopes is not a plain directory");
        auto listed = list_dir(env_dir.get(), "envelopes", kMaxEntries);
        if (!listed) return listed.error();
        for (const auto& [name, info] : *listed) {
            const std::string full = std::string(kEnvelopeDir) + "/" + name;
            if (!is_entry_file_name(full)) return fail("bundle.unsafe", "unexpected name in envelopes/: " + name.substr(0, 80));
            if (!S_ISREG(info.mode)) return fail("bundle.unsafe", full + " is not a regular file");
            if (info.size > static_cast<off_t>(kMaxEnvelopeBytes)) return fail("bundle.too_large", full + " is over 4 MiB");
            files[full] = info;
        }
    }

    // 3. The manifest, parsed strictly; its files must be exactly the files present, at its sizes.
    auto manifest_bytes = read_regular(root.get(), kManifestFile, kMaxManifestBytes, "bundle.too_large");
    if (!manifest_bytes) return manifest_bytes.error();
    const std::string manifest_text(manifest_bytes->begin(), manifest_bytes->end());
    auto manifest = parse_manifest(manifest_text);
    if (!manifest) return manifest.error();
    std::set<std::string> named;
    for (const auto& entry : manifest->entries) {
        named.insert(entry.file);
        const auto it = files.find(entry.file);
        if (it == files.end()) return fail("bundle.missing_file", entry.file + " is in the manifest but not in the bundle");
        if (static_cast<std::size_t>(it->second.size) != entry.size)
            return fail("bundle.size_mismatch", entry.file + " is not the size the manifest says");
    }
    for (const auto& [name, info] : files) {
        if (!named.count(name)) return fail("bundle.extra_file", name + " is not in the manifest");
    }

    // 4. Only now the public-key work: the signature, by the key trusted for that device id.
    auto signature = read_regular(root.get(), kSignatureFile, 64, "bundle.bad_signature");
    if (!signature) return signature.error();
    const auto trusted = trusted_key ? trusted_key(manifest->device_id) : std::nullopt;
    if (!trusted || !vault::equal_constant_time(*trusted, manifest->sign_public_key))
        return fail("bundle.unknown_device", "the manifest's key is not the key enrolled for its device");
    if (!vault::verify_detached(manifest_text, *signature, manifest->sign_public_key))
        return fail("bundle.bad_signature", "manifest.sig does not verify with the manifest's key");

    // 5. Every envelope, re-measured as it is read, must have the manifest's hash.
    Bundle bundle;
    for (const auto& entry : manifest->entries) {
        const std::string name = entry.file.substr(std::string(kEnvelopeDir).size() + 1);
        auto bytes = read_regular(env_dir.get(), name, kMaxEnvelopeBytes, "bundle.too_large");
        if (!bytes) return bytes.error();
        if (bytes->size() != entry.size) return fail("bundle.size_mismatch", entry.file + " changed while being read");
        if (vault::envelope_hash(*bytes) != entry.envelope_hash)
            return fail("bundle.hash_mismatch", entry.file + " does not have the manifest's hash");
        bundle.envelopes.push_back(BundleEnvelope{entry, std::move(bytes).value()});
    }
    bundle.manifest = std::move(manifest).value();
    return bundle;
}

} // namespace selfdirect::sync::bundle
