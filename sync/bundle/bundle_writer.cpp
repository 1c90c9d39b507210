// Bundle export with fsync/rename discipline and read-back (see bundle_writer.h).
#include "sync/bundle/bundle_writer.h"

#include "sync/bundle/bundle_manifest.h"
#include "sync/bundle/bundle_reader.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace selfdirect::sync::bundle {

namespace {

Error io_error(const std::string& what, int err) {
    return make_error(err == ENOSPC || err == EDQUOT ? "bundle.disk_full" : "bundle.io",
                      what + ": " + std::strerror(err));
}

Result<void> write_file_synced(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return io_error("cannot create " + path.filename().string(), errno);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            ::close(fd);
            return io_error("cannot write " + path.filename().string(), err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        return io_error("cannot fsync " + path.filename().string(), err);
    }
    if (::close(fd) != 0) return io_error("cannot close " + path.filename().string(), errno);
    return {};
}

Result<void> fsync_dir(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open " + dir.string(), errno);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    // Some removable-media file systems refuse fsync on a directory; the files themselves are synced.
    if (rc != 0 && err != EINVAL) return io_error("cannot fsync " + dir.string(), err);
    return {};
}

// Directory names on FAT sticks may not hold ':', which a device id may.
std::string safe_name(const std::string& device_id) {
    std::string out = device_id;
    for (char& c : out) {
        if (c == ':') c = '_';
    }
    return out;
}

std::string utc_stamp(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
    return text;
}

} // namespace

Result<ExportResult> export_bundle(vault::DeviceVault& vault, const std::filesystem::path& parent, std::int64_t now_unix) {
    auto rows = vault.pending_outbox();
    if (!rows) return rows.error();
    if (rows->empty()) return make_error("bundle.empty", "nothing is waiting to be sent");
    if (rows->size() > kMaxEntries)
        return make_error("bundle.too_many", "more than 10000 records are waiting: export the first 10000, import them, then export again");

    const auto& me = vault.identity();
    const std::string name = "selfdirect-bundle-" + safe_name(me.device_id) + "-" + utc_stamp(now_unix);
    const auto final_dir = parent / name;
    const auto temp_dir = parent / ("." + name + ".partial");
    std::error_code ec;
    if (std::filesystem::exists(final_dir, ec)) return make_error("bundle.exists", name + " already exists");
    std::filesystem::remove_all(temp_dir, ec); // a partial export from an interrupted run
    if (::mkdir(temp_dir.c_str(), 0700) != 0) return io_error("cannot create the bundle directory", errno);
    // A failed export leaves no half-written directory behind on the stick (a finished one is renamed away).
    struct RemoveOnFailure {
        std::filesystem::path path;
        ~RemoveOnFailure() {
            std::error_code ignored;
            std::filesystem::remove_all(path, ignored);
        }
    } cleanup{temp_dir};
    if (::mkdir((temp_dir / kEnvelopeDir).c_str(), 0700) != 0) return io_error("cannot create envelopes/", errno);

    Manifest manifest;
    manifest.device_id = me.device_id;
    manifest.sign_public_key = me.sign_public_key;
    manifest.created_unix = now_unix;
    for (std::size_t i = 0; i < rows->size(); ++i) {
        const auto& row = (*rows)[i];
        ManifestEntry entry{entry_file_name(i), row.record_id, row.revision, row.envelope_hash, row.envelope.size()};
        auto written = write_file_synced(temp_dir / entry.file, row.envelope.data(), row.envelope.size());
        if (!written) return written.error();
        manifest.entries.push_back(std::move(entry));
    }
    const std::string text = manifest_json(manifest);
    auto signature = vault.sign_sync_text(text);
    if (!signature) return signature.error();
    for (auto written : {write_file_synced(temp_dir / kManifestFile, reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
                         write_file_synced(temp_dir / kSignatureFile, signature->data(), signature->size())}) {
        if (!written) return written.error();
    }
    for (const auto& dir : {temp_dir / kEnvelopeDir, temp_dir}) {
        if (auto synced = fsync_dir(dir); !synced) return synced.error();
    }
    if (::rename(temp_dir.c_str(), final_dir.c_str()) != 0) return io_error("cannot rename the bundle into place", errno);
    if (auto synced = fsync_dir(parent); !synced) return synced.error();

    // Read back through the same hostile reader the council uses, trusting only this device's key.
    auto read_back = read_bundle(final_dir, [&](const std::string& device_id) -> std::optional<vault::Bytes> {
        if (device_id != me.device_id) return std::nullopt;
        return me.sign_public_key;
    });
    if (!read_back) return make_error("bundle.verify_failed", "the bundle read back wrong: " + read_back.error().message);
    if (read_back->envelopes.size() != rows->size())
        return make_error("bundle.verify_failed", "the bundle read back with a different number of records");
    for (std::size_t i = 0; i < rows->size(); ++i) {
        if (read_back->envelopes[i].envelope != (*rows)[i].envelope)
            return make_error("bundle.verify_failed", "a record read back different from the outbox");
    }
    auto marked = vault.mark_exported(*rows, now_unix);
    if (!marked) return marked.error();
    return ExportResult{final_dir, rows->size()};
}

} // namespace selfdirect::sync::bundle
