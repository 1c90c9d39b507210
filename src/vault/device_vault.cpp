// The device vault: kiosk sessions with in-memory data keys, encrypted draft answers, and the
// outbox of sealed records, over one SQLite connection guarded by one mutex (the UI-side worker and
// the sync worker call in from different threads). The device's secret keys never leave this file.
#include "vault/device_vault.h"

#include "vault/database.h"
#include "vault/device_key.h"
#include "vault/device_schema.h"
#include "vault/draft_cipher.h"
#include "vault/key_hierarchy.h"
#include "vault/outbox_sync.h"

#include <sodium.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <optional>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace selfdirect::vault {

namespace {

std::string random_hex(std::size_t bytes) {
    Bytes raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    return to_hex(raw);
}

// RFC 4122 version 4 UUID, lower-case.
std::string uuid_v4() {
    Bytes b(16);
    randombytes_buf(b.data(), b.size());
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    const std::string hex = to_hex(b);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20);
}

std::int64_t now_unix();

detail::KeyHierarchy::Clock clock_of(const DeviceVaultOptions& options) {
    return options.clock ? options.clock : detail::KeyHierarchy::Clock(now_unix);
}

std::int64_t now_unix() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool valid_device_id(const std::string& id) {
    if (id.empty() || id.size() > 128) return false;
    for (unsigned char c : id) {
        if (c < 0x21 || c > 0x7e) return false;
    }
    return true;
}

Result<void> ensure_private_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) return {};
    if (dir.has_parent_path()) std::filesystem::create_directories(dir.parent_path(), ec);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return make_error("vault.io", "cannot create " + dir.string() + ": " + std::strerror(errno));
    }
    if (!std::filesystem::is_directory(dir, ec)) return make_error("vault.io", dir.string() + " is not a directory");
    return {};
}

Result<void> fsync_dir(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return make_error("vault.io", "cannot open " + dir.string() + ": " + std::strerror(errno));
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return make_error("vault.io", "cannot fsync " + dir.string() + ": " + std::strerror(err));
    return {};
}

class DeviceVaultImpl final : public DeviceVault {
public:
    DeviceVaultImpl(int lock_fd, std::unique_ptr<Database> db, detail::DeviceKeys keys, DeviceIdentity identity,
                    const DeviceVaultOptions& options)
        : lock_fd_(lock_fd), db_(std::move(db)), keys_(std::move(keys)), identity_(std::move(identity)),
          test_session_id_(options.test_fixed_session_id),
          hierarchy_(*db_, options.kdf_target_seconds, clock_of(options), options.resume_ttl_seconds) {
        if (options.test_fixed_session_key) {
            test_session_key_.emplace(options.test_fixed_session_key->data(), options.test_fixed_session_key->size());
        }
    }

    ~DeviceVaultImpl() override {
        db_.reset();
        ::close(lock_fd_); // releases the flock
    }

    const DeviceIdentity& identity() const override { return identity_; }

    Result<SessionHandle> begin_session() override {
        std::lock_guard lock(mutex_);
        SessionHandle handle{test_session_id_ ? *test_session_id_ : random_hex(16)};
        SecureBytes key(detail::kDraftKeyBytes);
        if (test_session_key_ && test_session_key_->size() == key.size()) {
            std::memcpy(key.data(), test_session_key_->data(), key.size());
        } else {
            randombytes_buf(key.data(), key.size());
        }
        session_keys_.insert_or_assign(handle.session_id, std::move(key));
        return handle;
    }

    Result<void> save_answer(const SessionHandle& s, const std::string& link_id, const SecureBytes& value) override {
        std::lock_guard lock(mutex_);
        const SecureBytes* key = session_key(s);
        if (key == nullptr) return no_session();
        const auto sealed = detail::encrypt_draft(*key, s.session_id, link_id, value);
        // One statement in autocommit mode is its own transaction; with WAL + synchronous=FULL the
        // commit is fsync'd before step() returns.
        auto stmt = db_->prepare(
            "INSERT INTO drafts(session_id, link_id, nonce, ciphertext) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(session_id, link_id) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext");
        if (!stmt) return stmt.error();
        return stmt->bind(1, std::string_view(s.session_id))
            .bind(2, std::string_view(link_id))
            .bind_blob(3, sealed.nonce.data(), sealed.nonce.size())
            .bind_blob(4, sealed.ciphertext.data(), sealed.ciphertext.size())
            .run();
    }

    Result<void> delete_answer(const SessionHandle& s, const std::string& link_id) override {
        std::lock_guard lock(mutex_);
        if (session_key(s) == nullptr) return no_session();
        auto stmt = db_->prepare("DELETE FROM drafts WHERE session_id = ? AND link_id = ?");
        if (!stmt) return stmt.error();
        return stmt->bind(1, std::string_view(s.session_id)).bind(2, std::string_view(link_id)).run();
    }

    Result<std::map<std::string, SecureBytes>> load_answers(const SessionHandle& s) override {
        std::lock_guard lock(mutex_);
        const SecureBytes* key = session_key(s);
        if (key == nullptr) return no_session();
        auto stmt = db_->prepare("SELECT link_id, nonce, ciphertext FROM drafts WHERE session_id = ?");
        if (!stmt) return stmt.error();
        stmt->bind(1, std::string_view(s.session_id));
        std::map<std::string, SecureBytes> answers;
        for (;;) {
            auto row = stmt->step();
            if (!row) return row.error();
            if (!row.value()) break;
            std::string link_id = stmt->column_text(0);
            auto value = detail::decrypt_draft(*key, s.session_id, link_id, stmt->column_blob(1), stmt->column_blob(2));
            // Never skip a row that fails to open: it means the file was altered, and the resident
            // must not silently lose (or be shown someone else's) answer. The row moves to quarantine
            // (kept for inspection, still only ciphertext) and the caller hears about it.
            if (!value) {
                const std::string reason = "draft answer for '" + link_id + "' failed authentication";
                Bytes payload = stmt->column_blob(1);
                const Bytes ciphertext = stmt->column_blob(2);
                payload.insert(payload.end(), ciphertext.begin(), ciphertext.end());
                stmt->reset();
                auto moved = quarantine_draft(s.session_id, link_id, reason, payload);
                if (!moved) return moved.error();
                return make_error("vault.tampered", reason);
            }
            answers.emplace(std::move(link_id), std::move(*value));
        }
        return answers;
    }

    Result<OutboxEntry> submit(const SessionHandle& s, const SecureBytes& response_json, const std::string& form_id,
                               const std::string& form_version, const std::vector<CouncilPublicKey>& councils) override {
        return submit(s, response_json, form_id, form_version, councils, false);
    }

    Result<OutboxEntry> submit(const SessionHandle& s, const SecureBytes& response_json, const std::string& form_id,
                               const std::string& form_version, const std::vector<CouncilPublicKey>& councils,
                               bool safeguarding) override {
        std::lock_guard lock(mutex_);
        if (session_key(s) == nullptr) return no_session();
        if (councils.empty()) return make_error("vault.no_council_key", "no council key to seal the record to");

        EnvelopeHeader header;
        header.record_id = uuid_v4();
        header.revision = 1;
        header.form_id = form_id;
        header.form_version = form_version;
        header.device_id = identity_.device_id;
        header.device_sign_public_key = identity_.sign_public_key;
        for (const auto& council : councils) header.council_key_ids.push_back(council.key_id);
        header.created_unix = now_unix();
        auto envelope = seal_record(response_json, header, councils, keys_.sign_secret_key);
        if (!envelope) return envelope.error(); // the session and its drafts stay intact

        OutboxEntry entry;
        entry.record_id = header.record_id;
        entry.revision = header.revision;
        entry.envelope = std::move(envelope).value();
        entry.envelope_hash = envelope_hash(entry.envelope);
        entry.safeguarding = safeguarding;
        entry.created_unix = header.created_unix;

        auto stored = store_and_clear(entry, header.created_unix, s.session_id);
        if (!stored) return stored.error();
        session_keys_.erase(s.session_id); // SecureBytes wipes the key on destruction
        // The drafts are gone, so a resume code for them is useless; a failure here only leaves a
        // row that expires (and is purged) by itself.
        (void)hierarchy_.forget_resume(s.session_id);
        return entry;
    }

    Result<void> end_session(const SessionHandle& s) override {
        std::lock_guard lock(mutex_);
        // Forget the key first: even if the delete below fails, the drafts can no longer be read.
        session_keys_.erase(s.session_id);
        // A resume code or a tablet worker key can still open these drafts: keep them.
        auto keep = hierarchy_.keeps_drafts(s.session_id);
        if (!keep) return keep.error();
        if (keep.value()) return {};
        auto stmt = db_->prepare("DELETE FROM drafts WHERE session_id = ?");
        if (!stmt) return stmt.error();
        return stmt->bind(1, std::string_view(s.session_id)).run();
    }

    Result<ResumeCode> issue_resume_code(const SessionHandle& s) override {
        std::lock_guard lock(mutex_);
        const SecureBytes* key = session_key(s);
        if (key == nullptr) return no_session();
        ResumeCode code;
        auto issued = hierarchy_.issue_resume(s.session_id, *key, code.expires_unix);
        if (!issued) return issued.error();
        code.code = std::move(issued).value();
        return code;
    }

    Result<SessionHandle> resume_session(const SecureBytes& code) override {
        std::lock_guard lock(mutex_);
        auto recovered = hierarchy_.resume(code.view());
        if (!recovered) return recovered.error();
        session_keys_.insert_or_assign(recovered->session_id, std::move(recovered->key));
        return SessionHandle{recovered->session_id};
    }

    Result<void> enrol_worker(const std::string& name, const SecureBytes& passphrase) override {
        std::lock_guard lock(mutex_);
        return hierarchy_.enrol_worker(name, passphrase.view());
    }

    Result<SessionHandle> unlock_worker(const std::string& name, const SecureBytes& passphrase) override {
        std::lock_guard lock(mutex_);
        auto recovered = hierarchy_.unlock_worker(name, passphrase.view());
        if (!recovered) return recovered.error();
        session_keys_.insert_or_assign(recovered->session_id, std::move(recovered->key));
        return SessionHandle{recovered->session_id};
    }

    Result<void> remove_worker(const std::string& name) override {
        std::lock_guard lock(mutex_);
        auto removed = hierarchy_.remove_worker(name);
        if (!removed) return removed.error();
        session_keys_.erase(*removed); // an unlocked worker's key goes too
        return {};
    }

    Result<std::vector<OutboxEntry>> pending_outbox() override {
        std::lock_guard lock(mutex_);
        return checked_pending(std::nullopt, 0);
    }

    Result<std::vector<OutboxEntry>> due_outbox(std::int64_t now_unix, std::size_t limit) override {
        std::lock_guard lock(mutex_);
        return checked_pending(now_unix, limit);
    }

    Result<void> store_receipt(const StoredReceipt& receipt, std::int64_t now_unix) override {
        std::lock_guard lock(mutex_);
        return detail::store_receipt(*db_, receipt, now_unix);
    }

    Result<std::vector<bool>> store_receipts(const std::vector<StoredReceipt>& receipts, std::int64_t now_unix) override {
        std::lock_guard lock(mutex_);
        return detail::store_receipts(*db_, receipts, now_unix);
    }

    Result<void> note_attempts_failed(const std::vector<OutboxEntry>& rows, const std::string& reason,
                                      std::int64_t next_attempt_unix) override {
        std::lock_guard lock(mutex_);
        return detail::note_attempts_failed(*db_, rows, reason, next_attempt_unix);
    }

    Result<void> note_attempt_failed(const std::string& record_id, std::uint32_t revision, const std::string& reason,
                                     std::int64_t next_attempt_unix) override {
        std::lock_guard lock(mutex_);
        return detail::note_attempt_failed(*db_, record_id, revision, reason, next_attempt_unix);
    }

    Result<void> hold(const std::string& record_id, std::uint32_t revision, const std::string& reason) override {
        std::lock_guard lock(mutex_);
        return detail::set_held(*db_, record_id, revision, true, reason);
    }

    Result<void> release_held(const std::string& record_id, std::uint32_t revision) override {
        std::lock_guard lock(mutex_);
        return detail::set_held(*db_, record_id, revision, false, "");
    }

    Result<int> purge_acknowledged(std::int64_t now_unix, int retention_days, const std::string& current_epoch) override {
        std::lock_guard lock(mutex_);
        return detail::purge_acknowledged(*db_, now_unix, retention_days, current_epoch);
    }

    Result<void> mark_exported(const std::vector<OutboxEntry>& rows, std::int64_t now_unix) override {
        std::lock_guard lock(mutex_);
        return detail::mark_exported(*db_, rows, now_unix);
    }

    Result<SyncState> sync_state() override {
        std::lock_guard lock(mutex_);
        return detail::read_sync_state(*db_);
    }

    Result<void> note_enrolled(const Bytes& receipt_key, const std::string& restore_epoch, std::int64_t now_unix) override {
        std::lock_guard lock(mutex_);
        return detail::note_enrolled(*db_, receipt_key, restore_epoch, now_unix);
    }

    Result<void> note_sync_failure(const Error& error, const std::string& receiver_reason,
                                   std::int64_t next_attempt_unix) override {
        std::lock_guard lock(mutex_);
        return detail::note_sync_failure(*db_, error, receiver_reason, next_attempt_unix);
    }

    Result<void> note_sync_success(std::int64_t now_unix) override {
        std::lock_guard lock(mutex_);
        return detail::note_sync_success(*db_, now_unix);
    }

    Result<SyncStatus> sync_status() override {
        std::lock_guard lock(mutex_);
        return detail::read_sync_status(*db_);
    }

    Result<std::optional<StoredReceipt>> receipt_for(const std::string& record_id, std::uint32_t revision) override {
        std::lock_guard lock(mutex_);
        return detail::read_receipt(*db_, record_id, revision);
    }

    Result<Bytes> sign_sync_text(std::string_view text) override {
        constexpr std::string_view kEnrol = "selfdirect-enrol-v2\n";
        constexpr std::string_view kManifest = "{\"format\":\"selfdirect-bundle\"";
        if (text.substr(0, kEnrol.size()) != kEnrol && text.substr(0, kManifest.size()) != kManifest) {
            return make_error("vault.sign_refused", "the device key signs only enrolment proofs and bundle manifests");
        }
        std::lock_guard lock(mutex_);
        Bytes signature(crypto_sign_BYTES);
        crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                             keys_.sign_secret_key.data());
        return signature;
    }

private:
    // Pending rows (all, or those due at `due_at`) whose envelope still matches its stored hash; a row
    // altered on disk would only be refused by the council: it moves aside, the rest keep going.
    Result<std::vector<OutboxEntry>> checked_pending(std::optional<std::int64_t> due_at, std::size_t limit) {
        auto rows = detail::select_pending(*db_, due_at, limit);
        if (!rows) return rows.error();
        std::vector<OutboxEntry> entries;
        for (auto& entry : rows.value()) {
            if (envelope_hash(entry.envelope) == entry.envelope_hash) {
                entries.push_back(std::move(entry));
                continue;
            }
            auto moved = quarantine_outbox(entry);
            if (!moved) return moved.error();
        }
        return entries;
    }

    const SecureBytes* session_key(const SessionHandle& s) const {
        auto it = session_keys_.find(s.session_id);
        return it == session_keys_.end() ? nullptr : &it->second;
    }

    static Error no_session() { return make_error("vault.no_session", "no open session with that id"); }

    // Runs `work` in one IMMEDIATE transaction, rolling back on any failure.
    template <typename Work>
    Result<void> in_transaction(Work&& work) {
        auto begun = db_->begin_immediate();
        if (!begun) return begun;
        auto done = work();
        if (!done) {
            db_->rollback();
            return done;
        }
        return db_->commit();
    }

    Result<void> insert_quarantine(const std::string& source, const std::string& row_key, const std::string& reason,
                                   const Bytes& payload) {
        auto insert = db_->prepare(
            "INSERT INTO quarantine(source, row_key, reason, payload, quarantined) VALUES (?, ?, ?, ?, ?)");
        if (!insert) return insert.error();
        return insert->bind(1, std::string_view(source))
            .bind(2, std::string_view(row_key))
            .bind(3, std::string_view(reason))
            .bind_blob(4, payload.data(), payload.size())
            .bind(5, now_unix())
            .run();
    }

    // Moves one draft row (nonce || ciphertext) into quarantine: never silently dropped.
    Result<void> quarantine_draft(const std::string& session_id, const std::string& link_id, const std::string& reason,
                                  const Bytes& payload) {
        return in_transaction([&]() -> Result<void> {
            auto inserted = insert_quarantine("drafts", session_id + "/" + link_id, reason, payload);
            if (!inserted) return inserted;
            auto remove = db_->prepare("DELETE FROM drafts WHERE session_id = ? AND link_id = ?");
            if (!remove) return remove.error();
            return remove->bind(1, std::string_view(session_id)).bind(2, std::string_view(link_id)).run();
        });
    }

    // Moves one outbox row into quarantine (the delete trigger allows it once the quarantine row exists).
    Result<void> quarantine_outbox(const OutboxEntry& entry) {
        return in_transaction([&]() -> Result<void> {
            const std::string key = entry.record_id + "/" + std::to_string(entry.revision);
            auto inserted = insert_quarantine("outbox", key, "envelope does not match its stored hash", entry.envelope);
            if (!inserted) return inserted;
            auto remove = db_->prepare("DELETE FROM outbox WHERE record_id = ? AND revision = ?");
            if (!remove) return remove.error();
            return remove->bind(1, std::string_view(entry.record_id))
                .bind(2, static_cast<std::int64_t>(entry.revision))
                .run();
        });
    }

    // The record enters the outbox and the session's drafts leave in one transaction: a crash
    // leaves either the drafts or the sealed record, never both or neither.
    Result<void> store_and_clear(const OutboxEntry& entry, std::int64_t created, const std::string& session_id) {
        auto begun = db_->begin_immediate();
        if (!begun) return begun;
        auto work = [&]() -> Result<void> {
            auto insert = db_->prepare(
                "INSERT INTO outbox(record_id, revision, envelope, envelope_hash, created) VALUES (?, ?, ?, ?, ?)");
            if (!insert) return insert.error();
            auto inserted = insert->bind(1, std::string_view(entry.record_id))
                                .bind(2, static_cast<std::int64_t>(entry.revision))
                                .bind_blob(3, entry.envelope.data(), entry.envelope.size())
                                .bind(4, std::string_view(entry.envelope_hash))
                                .bind(5, created)
                                .run();
            if (!inserted) return inserted;
            auto bookkeeping = detail::insert_sync_row(*db_, entry.record_id, entry.revision, entry.safeguarding);
            if (!bookkeeping) return bookkeeping;
            auto remove = db_->prepare("DELETE FROM drafts WHERE session_id = ?");
            if (!remove) return remove.error();
            return remove->bind(1, std::string_view(session_id)).run();
        };
        auto done = work();
        if (!done) {
            db_->rollback();
            return done;
        }
        return db_->commit();
    }

    std::mutex mutex_;
    int lock_fd_;
    std::unique_ptr<Database> db_;
    detail::DeviceKeys keys_;
    DeviceIdentity identity_;
    std::map<std::string, SecureBytes> session_keys_;
    std::optional<std::string> test_session_id_;
    std::optional<SecureBytes> test_session_key_;
    detail::KeyHierarchy hierarchy_; // resume codes and worker keys; uses db_, so declared after it
};

} // namespace

Result<std::unique_ptr<DeviceVault>> DeviceVault::open(const std::filesystem::path& data_dir, const std::string& device_id) {
    return open(data_dir, device_id, DeviceVaultOptions{});
}

Result<std::unique_ptr<DeviceVault>> DeviceVault::open(const std::filesystem::path& data_dir, const std::string& device_id,
                                                       const DeviceVaultOptions& options) {
    if (sodium_init() < 0) return make_error("vault.crypto", "libsodium failed to initialise");
    if (!valid_device_id(device_id)) {
        return make_error("vault.bad_device_id", "device id must be 1-128 printable ASCII characters without spaces");
    }
    auto dir = ensure_private_dir(data_dir);
    if (!dir) return dir.error();

    // One vault per data directory: a second process would purge this one's drafts (below) and
    // break the one-writer assumption. The lock dies with the process, so a crash cannot leave it stuck.
    const auto lock_path = data_dir / "device.lock";
    const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock_fd < 0) return make_error("vault.io", "cannot open " + lock_path.string() + ": " + std::strerror(errno));
    if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(lock_fd);
        if (err == EWOULDBLOCK) return make_error("vault.locked", data_dir.string() + " is already open in another vault");
        return make_error("vault.io", "cannot lock " + lock_path.string() + ": " + std::strerror(err));
    }
    auto fail = [lock_fd](Error error) -> Result<std::unique_ptr<DeviceVault>> {
        ::close(lock_fd);
        return error;
    };

    auto keys = detail::load_or_create_device_keys(data_dir / "device.key");
    if (!keys) return fail(keys.error());

    // One connection does all reading and writing (serialised by the vault's mutex). SQLite 3.40.1,
    // Debian 12's, has a WAL-reset bug that needs two writer connections racing a checkpoint; with
    // one writer it cannot happen, and one connection also keeps "durable before return" simple.
    Database::Options db_options;
    db_options.vfs = options.vfs;
    auto db = Database::open(data_dir / "device.db", db_options);
    if (!db) return fail(db.error());
    auto migrated = detail::migrate_device_db(**db);
    if (!migrated) return fail(migrated.error());
    // Session keys live only in memory, so drafts left by an earlier process can never be opened
    // again: delete them (secure_delete overwrites their pages) instead of keeping dead ciphertext.
    // Drafts a resume code or a worker key can still open are kept; expired resume codes go first.
    // Argon2id is calibrated here at first start (and stored), not at the first resume code.
    detail::KeyHierarchy hierarchy(**db, options.kdf_target_seconds, clock_of(options), options.resume_ttl_seconds);
    auto calibrated = detail::load_or_calibrate_kdf(**db, options.kdf_target_seconds);
    if (!calibrated) return fail(calibrated.error());
    if (!options.test_keep_drafts) {
        auto purged = hierarchy.purge_at_open();
        if (!purged) return fail(purged.error());
    }
    // SQLite does not fsync the directory after creating the main database file.
    auto synced = fsync_dir(data_dir);
    if (!synced) return fail(synced.error());

    DeviceIdentity identity{device_id, keys->sign_public_key, keys->box_public_key};
    return std::unique_ptr<DeviceVault>(
        new DeviceVaultImpl(lock_fd, std::move(db).value(), std::move(keys).value(), std::move(identity), options));
}

} // namespace selfdirect::vault
