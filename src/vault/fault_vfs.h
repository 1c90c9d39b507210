// A fault-injecting SQLite VFS for tests: a thin shim over the default unix VFS, registered under a
// name that Database::Options::vfs (and DeviceVaultOptions::vfs) can select. It lets tests make the
// disk "full" after N bytes, fail the Nth read/write/sync with an I/O error, and simulate a power
// cut: writes not yet covered by an xSync are undone, as if they never left the page cache.
// The VFS lives inside this object (no statics); it must outlive every connection that uses it.
#pragma once

#include "core/result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct sqlite3_vfs;

namespace selfdirect::vault {

struct FaultPlan {
    // xWrite returns SQLITE_FULL (and writes nothing) once this many bytes were written; < 0 = never.
    std::int64_t full_after_bytes = -1;
    // The Nth (1-based, counted from the last reset) xWrite / xSync / xRead fails with SQLITE_IOERR_*.
    std::int64_t io_error_at_write = -1;
    std::int64_t io_error_at_sync = -1;
    std::int64_t io_error_at_read = -1;
    // The Nth durability-relevant call (xWrite, xSync or xTruncate) is the moment of the power cut: it
    // and every later one fail without touching the disk. Call power_cut() after closing the connections.
    std::int64_t power_cut_at_op = -1;
    // false skips the real fsync (power-cut runs only simulate durability, so they need not pay for it).
    bool real_sync = true;
};

class FaultVfs {
public:
    // Registers a VFS called `name` wrapping the current default VFS. Fails if the name is taken.
    static Result<std::unique_ptr<FaultVfs>> create(const std::string& name);
    ~FaultVfs(); // unregisters
    FaultVfs(const FaultVfs&) = delete;
    FaultVfs& operator=(const FaultVfs&) = delete;

    const std::string& name() const { return name_; }

    // Replaces the plan and zeroes the counters (the byte budget and the Nth-call counts restart).
    void set_plan(const FaultPlan& plan);
    std::int64_t writes() const;
    std::int64_t syncs() const;
    std::int64_t reads() const;
    std::int64_t durable_ops() const; // xWrite + xSync + xTruncate calls so far
    bool cut() const;                 // the power-cut point has been reached

    // Undoes every write and truncate not followed by an xSync of the same file, then forgets the
    // undo logs and the plan. Every connection using the VFS must be closed first.
    Result<void> power_cut();

    // Implementation details used by the C callbacks in fault_vfs.cpp.
    struct Undo {
        std::int64_t offset;
        std::vector<unsigned char> old_bytes; // what was there before (possibly shorter: end of file)
    };
    struct FileLog {
        std::int64_t synced_size = 0;
        std::vector<Undo> undo;
    };
    enum class Op { write, sync, read, truncate };
    int before(Op op, std::int64_t bytes); // SQLITE_OK, or the error the call must return
    void record_undo(const std::string& path, std::int64_t offset, std::vector<unsigned char> old_bytes);
    void note_opened(const std::string& path, std::int64_t size);
    void note_synced(const std::string& path, std::int64_t size);
    void forget(const std::string& path);
    bool real_sync() const;
    sqlite3_vfs* base() const { return base_; }

private:
    FaultVfs() = default;
    std::string name_;
    std::unique_ptr<sqlite3_vfs> vfs_;
    sqlite3_vfs* base_ = nullptr;
    mutable std::mutex mutex_;
    FaultPlan plan_;
    std::int64_t bytes_ = 0, writes_ = 0, syncs_ = 0, reads_ = 0, ops_ = 0;
    bool cut_ = false;
    std::map<std::string, FileLog> logs_;
};

} // namespace selfdirect::vault
