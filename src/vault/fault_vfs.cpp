// The fault-injecting VFS (see fault_vfs.h). Every file SQLite opens through it is a FaultFile that
// forwards to the real unix file, asking the owning FaultVfs before each read/write/sync/truncate
// whether to fail, and (while a power cut is planned) saving the bytes a write overwrites so that
// power_cut() can put back whatever was not yet fsync'd. The -shm file is mapped memory that SQLite
// rebuilds after a crash, so it is not intercepted; memory-mapped reads are refused so that every
// read goes through xRead.
#include "vault/fault_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace selfdirect::vault {

namespace {

struct FaultFile {
    sqlite3_file base;
    FaultVfs* owner;
    std::string* path; // null for temp files SQLite names itself (not tracked)
    sqlite3_file* real;
};

constexpr std::size_t kHeaderSize = (sizeof(FaultFile) + 7) & ~std::size_t{7};

FaultFile* ff(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return ff(f)->real; }

int x_close(sqlite3_file* f) {
    const int rc = real(f)->pMethods->xClose(real(f));
    delete ff(f)->path;
    ff(f)->path = nullptr;
    return rc;
}

int x_read(sqlite3_file* f, void* buf, int amt, sqlite3_int64 offset) {
    const int rc = ff(f)->owner->before(FaultVfs::Op::read, amt);
    if (rc != SQLITE_OK) return rc;
    return real(f)->pMethods->xRead(real(f), buf, amt, offset);
}

int x_write(sqlite3_file* f, const void* buf, int amt, sqlite3_int64 offset) {
    FaultFile* file = ff(f);
    const int rc = file->owner->before(FaultVfs::Op::write, amt);
    if (rc != SQLITE_OK) return rc;
    if (file->path != nullptr) {
        sqlite3_int64 size = 0;
        real(f)->pMethods->xFileSize(real(f), &size);
        const sqlite3_int64 have = std::clamp<sqlite3_int64>(size - offset, 0, amt);
        std::vector<unsigned char> old(static_cast<std::size_t>(have));
        if (have > 0) real(f)->pMethods->xRead(real(f), old.data(), static_cast<int>(have), offset);
        file->owner->record_undo(*file->path, offset, std::move(old));
    }
    return real(f)->pMethods->xWrite(real(f), buf, amt, offset);
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    FaultFile* file = ff(f);
    const int rc = file->owner->before(FaultVfs::Op::truncate, 0);
    if (rc != SQLITE_OK) return rc;
    if (file->path != nullptr) {
        sqlite3_int64 current = 0;
        real(f)->pMethods->xFileSize(real(f), &current);
        if (current > size) {
            std::vector<unsigned char> old(static_cast<std::size_t>(current - size));
            real(f)->pMethods->xRead(real(f), old.data(), static_cast<int>(old.size()), size);
            file->owner->record_undo(*file->path, size, std::move(old));
        }
    }
    return real(f)->pMethods->xTruncate(real(f), size);
}

int x_sync(sqlite3_file* f, int flags) {
    FaultFile* file = ff(f);
    const int rc = file->owner->before(FaultVfs::Op::sync, 0);
    if (rc != SQLITE_OK) return rc;
    if (file->owner->real_sync()) {
        const int synced = real(f)->pMethods->xSync(real(f), flags);
        if (synced != SQLITE_OK) return synced;
    }
    if (file->path != nullptr) {
        sqlite3_int64 size = 0;
        real(f)->pMethods->xFileSize(real(f), &size);
        file->owner->note_synced(*file->path, size);
    }
    return SQLITE_OK;
}

int x_file_size(sqlite3_file* f, sqlite3_int64* size) { return real(f)->pMethods->xFileSize(real(f), size); }
int x_lock(sqlite3_file* f, int level) { return real(f)->pMethods->xLock(real(f), level); }
int x_unlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
int x_check_reserved(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int x_file_control(sqlite3_file* f, int op, void* arg) { return real(f)->pMethods->xFileControl(real(f), op, arg); }
int x_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int x_device_chars(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int x_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int x_shm_unmap(sqlite3_file* f, int delete_flag) { return real(f)->pMethods->xShmUnmap(real(f), delete_flag); }
int x_fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
    *out = nullptr; // no memory-mapped reads: SQLite falls back to xRead
    return SQLITE_OK;
}
int x_unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

const sqlite3_io_methods kMethods = {
    3,           x_close,        x_read,         x_write,      x_truncate,    x_sync,
    x_file_size, x_lock,         x_unlock,       x_check_reserved, x_file_control, x_sector_size,
    x_device_chars, x_shm_map,   x_shm_lock,     x_shm_barrier, x_shm_unmap,  x_fetch,
    x_unfetch,
};

FaultVfs* owner_of(sqlite3_vfs* vfs) { return static_cast<FaultVfs*>(vfs->pAppData); }

int x_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags) {
    FaultVfs* owner = owner_of(vfs);
    FaultFile* file = ff(f);
    file->base.pMethods = nullptr;
    file->owner = owner;
    file->path = nullptr;
    file->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kHeaderSize);
    const int rc = owner->base()->xOpen(owner->base(), name, file->real, flags, out_flags);
    if (rc != SQLITE_OK || file->real->pMethods == nullptr) {
        if (file->real->pMethods != nullptr) file->real->pMethods->xClose(file->real);
        return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
    }
    if (name != nullptr && (flags & SQLITE_OPEN_DELETEONCLOSE) == 0) {
        file->path = new std::string(name);
        sqlite3_int64 size = 0;
        file->real->pMethods->xFileSize(file->real, &size);
        owner->note_opened(*file->path, size);
    }
    file->base.pMethods = &kMethods;
    return SQLITE_OK;
}

int x_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
    FaultVfs* owner = owner_of(vfs);
    // A delete is a metadata write: after the cut it must not reach the disk either.
    if (owner->cut()) return SQLITE_IOERR_DELETE;
    const int rc = owner->base()->xDelete(owner->base(), name, sync_dir);
    if (rc == SQLITE_OK) owner->forget(name);
    return rc;
}

} // namespace

Result<std::unique_ptr<FaultVfs>> FaultVfs::create(const std::string& name) {
    if (sqlite3_vfs_find(name.c_str()) != nullptr) return make_error("vault.sql", "a VFS named " + name + " exists");
    sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
    if (base == nullptr) return make_error("vault.sql", "no default VFS");
    std::unique_ptr<FaultVfs> self(new FaultVfs());
    self->name_ = name;
    self->base_ = base;
    self->vfs_ = std::make_unique<sqlite3_vfs>(*base); // inherit xAccess, xFullPathname, xRandomness...
    self->vfs_->iVersion = std::min(base->iVersion, 3);
    self->vfs_->szOsFile = static_cast<int>(kHeaderSize) + base->szOsFile;
    self->vfs_->pNext = nullptr;
    self->vfs_->zName = self->name_.c_str();
    self->vfs_->pAppData = self.get();
    self->vfs_->xOpen = x_open;
    self->vfs_->xDelete = x_delete;
    const int rc = sqlite3_vfs_register(self->vfs_.get(), 0);
    if (rc != SQLITE_OK) return make_error("vault.sql", "cannot register VFS " + name);
    return self;
}

FaultVfs::~FaultVfs() { sqlite3_vfs_unregister(vfs_.get()); }

void FaultVfs::set_plan(const FaultPlan& plan) {
    std::lock_guard lock(mutex_);
    plan_ = plan;
    bytes_ = writes_ = syncs_ = reads_ = ops_ = 0;
    cut_ = false;
}

std::int64_t FaultVfs::writes() const { std::lock_guard lock(mutex_); return writes_; }
std::int64_t FaultVfs::syncs() const { std::lock_guard lock(mutex_); return syncs_; }
std::int64_t FaultVfs::reads() const { std::lock_guard lock(mutex_); return reads_; }
std::int64_t FaultVfs::durable_ops() const { std::lock_guard lock(mutex_); return ops_; }
bool FaultVfs::cut() const { std::lock_guard lock(mutex_); return cut_; }
bool FaultVfs::real_sync() const { std::lock_guard lock(mutex_); return plan_.real_sync; }

int FaultVfs::before(Op op, std::int64_t bytes) {
    std::lock_guard lock(mutex_);
    if (op == Op::read) {
        ++reads_;
        return reads_ == plan_.io_error_at_read ? SQLITE_IOERR_READ : SQLITE_OK;
    }
    const int cut_code = op == Op::write ? SQLITE_IOERR_WRITE : op == Op::sync ? SQLITE_IOERR_FSYNC : SQLITE_IOERR_TRUNCATE;
    if (cut_) return cut_code;
    ++ops_;
    if (plan_.power_cut_at_op >= 0 && ops_ >= plan_.power_cut_at_op) {
        cut_ = true;
        return cut_code;
    }
    if (op == Op::write) {
        ++writes_;
        if (writes_ == plan_.io_error_at_write) return SQLITE_IOERR_WRITE;
        if (plan_.full_after_bytes >= 0 && bytes_ + bytes > plan_.full_after_bytes) return SQLITE_FULL;
        bytes_ += bytes;
    } else if (op == Op::sync) {
        ++syncs_;
        if (syncs_ == plan_.io_error_at_sync) return SQLITE_IOERR_FSYNC;
    }
    return SQLITE_OK;
}

void FaultVfs::record_undo(const std::string& path, std::int64_t offset, std::vector<unsigned char> old_bytes) {
    std::lock_guard lock(mutex_);
    if (plan_.power_cut_at_op < 0) return; // nothing will be undone: do not pay for the log
    logs_[path].undo.push_back(Undo{offset, std::move(old_bytes)});
}

void FaultVfs::note_opened(const std::string& path, std::int64_t size) {
    std::lock_guard lock(mutex_);
    logs_.try_emplace(path, FileLog{size, {}});
}

void FaultVfs::note_synced(const std::string& path, std::int64_t size) {
    std::lock_guard lock(mutex_);
    auto& log = logs_[path];
    log.synced_size = size;
    log.undo.clear();
}

void FaultVfs::forget(const std::string& path) {
    std::lock_guard lock(mutex_);
    logs_.erase(path);
}

Result<void> FaultVfs::power_cut() {
    std::lock_guard lock(mutex_);
    for (auto& [path, log] : logs_) {
        const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT) continue;
            return make_error("vault.io", "power_cut: cannot open " + path + ": " + std::strerror(errno));
        }
        bool ok = true;
        // Newest first, so the oldest saved bytes (the synced state) are what remains.
        for (auto it = log.undo.rbegin(); it != log.undo.rend() && ok; ++it) {
            if (it->old_bytes.empty()) continue;
            ok = ::pwrite(fd, it->old_bytes.data(), it->old_bytes.size(), it->offset) ==
                 static_cast<ssize_t>(it->old_bytes.size());
        }
        ok = ok && ::ftruncate(fd, log.synced_size) == 0 && ::fsync(fd) == 0;
        ::close(fd);
        if (!ok) return make_error("vault.io", "power_cut: cannot restore " + path);
    }
    logs_.clear();
    plan_ = FaultPlan{};
    bytes_ = writes_ = syncs_ = reads_ = ops_ = 0;
    cut_ = false;
    return {};
}

} // namespace selfdirect::vault
