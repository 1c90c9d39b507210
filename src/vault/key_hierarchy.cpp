// Resume codes and worker keys at rest (see key_hierarchy.h). Counters are incremented and made
// durable BEFORE the Argon2id work, so killing the app mid-guess still costs the guesser an attempt.
#include "vault/key_hierarchy.h"

#include "vault/key_wrap.h"
#include "vault/passphrase.h"
#include "vault/resume_code.h"

#include <sodium.h>

namespace selfdirect::vault::detail {

namespace {

constexpr std::string_view kResumePurpose = "resume";
constexpr std::string_view kWorkerPurpose = "worker";

Bytes random_bytes(std::size_t n) {
    Bytes b(n);
    randombytes_buf(b.data(), b.size());
    return b;
}

std::string random_hex(std::size_t n) { return to_hex(random_bytes(n)); }

bool valid_worker_name(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f) return false;
    }
    return true;
}

std::string_view text_of(const SecureBytes& b) { return b.view(); }

} // namespace

Result<SecureBytes> KeyHierarchy::issue_resume(const std::string& session_id, const SecureBytes& session_key,
                                               std::int64_t& expires_unix) {
    // Pick a code whose locator no other outstanding code uses, so one row answers each code.
    SecureBytes code;
    std::optional<ResumeCodeParts> parts;
    for (int tries = 0; tries < 64 && !parts; ++tries) {
        code = generate_resume_code();
        parts = parse_resume_code(text_of(code));
        if (!parts) return make_error("vault.crypto", "generated resume code does not parse");
        auto taken = db_.prepare("SELECT 1 FROM resume WHERE locator = ? AND session_id <> ?");
        if (!taken) return taken.error();
        taken->bind(1, std::string_view(parts->locator)).bind(2, std::string_view(session_id));
        auto row = taken->step();
        if (!row) return row.error();
        if (row.value()) parts.reset();
    }
    if (!parts) return make_error("resume.full", "too many resume codes are outstanding on this device");

    auto params_now = params();
    if (!params_now) return params_now.error();
    const KdfParams kdf = *params_now;
    const Bytes salt = random_bytes(crypto_pwhash_SALTBYTES);
    auto kek = derive_wrapping_key(text_of(parts->secret), salt, kdf);
    if (!kek) return kek.error();
    const WrappedKey wrapped = wrap_key(*kek, session_key, kResumePurpose, session_id + "/" + parts->locator);
    expires_unix = clock_() + resume_ttl_;

    auto begun = db_.begin_immediate();
    if (!begun) return begun.error();
    auto work = [&]() -> Result<void> {
        auto old = db_.prepare("DELETE FROM resume WHERE session_id = ?");
        if (!old) return old.error();
        auto removed = old->bind(1, std::string_view(session_id)).run();
        if (!removed) return removed;
        auto insert = db_.prepare(
            "INSERT INTO resume(locator, session_id, salt, opslimit, memlimit, nonce, wrapped_key, attempts, expires) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)");
        if (!insert) return insert.error();
        return insert->bind(1, std::string_view(parts->locator))
            .bind(2, std::string_view(session_id))
            .bind_blob(3, salt.data(), salt.size())
            .bind(4, static_cast<std::int64_t>(kdf.opslimit))
            .bind(5, static_cast<std::int64_t>(kdf.memlimit))
            .bind_blob(6, wrapped.nonce.data(), wrapped.nonce.size())
            .bind_blob(7, wrapped.ciphertext.data(), wrapped.ciphertext.size())
            .bind(8, expires_unix)
            .run();
    };
    auto done = work();
    if (!done) {
        db_.rollback();
        return done.error();
    }
    auto committed = db_.commit();
    if (!committed) return committed.error();
    return code;
}

Result<void> KeyHierarchy::destroy_resume(const std::string& locator, const std::string& session_id) {
    auto begun = db_.begin_immediate();
    if (!begun) return begun;
    auto work = [&]() -> Result<void> {
        auto drafts = db_.prepare("DELETE FROM drafts WHERE session_id = ?");
        if (!drafts) return drafts.error();
        auto gone = drafts->bind(1, std::string_view(session_id)).run();
        if (!gone) return gone;
        auto row = db_.prepare("DELETE FROM resume WHERE locator = ?");
        if (!row) return row.error();
        return row->bind(1, std::string_view(locator)).run();
    };
    auto done = work();
    if (!done) {
        db_.rollback();
        return done;
    }
    return db_.commit();
}

Result<RecoveredSession> KeyHierarchy::resume(std::string_view typed) {
    auto parts = parse_resume_code(typed);
    if (!parts) {
        return make_error("resume.typo", "that code is not quite right: please check each character and try again");
    }
    auto select = db_.prepare(
        "SELECT session_id, salt, opslimit, memlimit, nonce, wrapped_key, attempts, expires FROM resume WHERE locator = ?");
    if (!select) return select.error();
    select->bind(1, std::string_view(parts->locator));
    auto row = select->step();
    if (!row) return row.error();
    if (!row.value()) return make_error("resume.wrong_code", "no saved form matches that code");
    const std::string session_id = select->column_text(0);
    const Bytes salt = select->column_blob(1);
    const KdfParams params{static_cast<std::uint64_t>(select->column_int(2)),
                           static_cast<std::size_t>(select->column_int(3))};
    const WrappedKey wrapped{select->column_blob(4), select->column_blob(5)};
    const std::int64_t attempts = select->column_int(6) + 1;
    const std::int64_t expires = select->column_int(7);
    select->reset();

    if (clock_() >= expires) {
        auto destroyed = destroy_resume(parts->locator, session_id);
        if (!destroyed) return destroyed.error();
        return make_error("resume.expired", "that code has expired and the saved answers have been deleted");
    }
    // Count the attempt durably first (see the file comment).
    auto count = db_.prepare("UPDATE resume SET attempts = ? WHERE locator = ?");
    if (!count) return count.error();
    auto counted = count->bind(1, attempts).bind(2, std::string_view(parts->locator)).run();
    if (!counted) return counted.error();

    auto kek = derive_wrapping_key(text_of(parts->secret), salt, params);
    if (!kek) return kek.error();
    auto key = unwrap_key(*kek, wrapped, kResumePurpose, session_id + "/" + parts->locator);
    if (!key) {
        if (attempts >= kResumeMaxAttempts) {
            auto destroyed = destroy_resume(parts->locator, session_id);
            if (!destroyed) return destroyed.error();
            return make_error("resume.destroyed",
                              "too many wrong codes: the saved answers have been deleted to protect them");
        }
        return make_error("resume.wrong_code", "that code does not match; " +
                                                   std::to_string(kResumeMaxAttempts - attempts) +
                                                   " tries left before the saved answers are deleted");
    }
    // A code works once: the resident gets a new one if they leave again.
    auto used = forget_resume(session_id);
    if (!used) return used.error();
    return RecoveredSession{session_id, std::move(*key)};
}

Result<bool> KeyHierarchy::keeps_drafts(const std::string& session_id) {
    auto stmt = db_.prepare(
        "SELECT 1 FROM resume WHERE session_id = ?1 UNION ALL SELECT 1 FROM workers WHERE session_id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, std::string_view(session_id));
    auto row = stmt->step();
    if (!row) return row.error();
    return row.value();
}

Result<void> KeyHierarchy::forget_resume(const std::string& session_id) {
    auto stmt = db_.prepare("DELETE FROM resume WHERE session_id = ?");
    if (!stmt) return stmt.error();
    return stmt->bind(1, std::string_view(session_id)).run();
}

Result<void> KeyHierarchy::purge_at_open() {
    auto begun = db_.begin_immediate();
    if (!begun) return begun;
    auto work = [&]() -> Result<void> {
        auto expired = db_.prepare("DELETE FROM resume WHERE expires <= ?");
        if (!expired) return expired.error();
        auto gone = expired->bind(1, clock_()).run();
        if (!gone) return gone;
        // Kiosk session keys lived only in memory, so drafts no resume code or worker key can
        // reach are dead ciphertext: delete them (secure_delete overwrites their pages).
        return db_.exec(
            "DELETE FROM drafts WHERE session_id NOT IN (SELECT session_id FROM resume UNION SELECT session_id FROM workers)");
    };
    auto done = work();
    if (!done) {
        db_.rollback();
        return done;
    }
    return db_.commit();
}

Result<void> KeyHierarchy::enrol_worker(const std::string& name, std::string_view passphrase) {
    if (!valid_worker_name(name)) return make_error("vault.bad_worker_name", "worker name must be 1-64 printable characters");
    auto strong = check_passphrase(passphrase);
    if (!strong) return strong;
    auto exists = db_.prepare("SELECT 1 FROM workers WHERE name = ?");
    if (!exists) return exists.error();
    exists->bind(1, std::string_view(name));
    auto row = exists->step();
    if (!row) return row.error();
    if (row.value()) return make_error("vault.worker_exists", "a worker called '" + name + "' is already enrolled");
    exists->reset();

    auto params_now = params();
    if (!params_now) return params_now.error();
    const KdfParams kdf = *params_now;
    SecureBytes data_key(32);
    randombytes_buf(data_key.data(), data_key.size());
    const Bytes salt = random_bytes(crypto_pwhash_SALTBYTES);
    auto kek = derive_wrapping_key(passphrase, salt, kdf);
    if (!kek) return kek.error();
    const WrappedKey wrapped = wrap_key(*kek, data_key, kWorkerPurpose, name);
    auto insert = db_.prepare(
        "INSERT INTO workers(name, session_id, salt, opslimit, memlimit, nonce, wrapped_key, failures) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 0)");
    if (!insert) return insert.error();
    return insert->bind(1, std::string_view(name))
        .bind(2, std::string_view(random_hex(16)))
        .bind_blob(3, salt.data(), salt.size())
        .bind(4, static_cast<std::int64_t>(kdf.opslimit))
        .bind(5, static_cast<std::int64_t>(kdf.memlimit))
        .bind_blob(6, wrapped.nonce.data(), wrapped.nonce.size())
        .bind_blob(7, wrapped.ciphertext.data(), wrapped.ciphertext.size())
        .run();
}

Result<RecoveredSession> KeyHierarchy::unlock_worker(const std::string& name, std::string_view passphrase) {
    auto select = db_.prepare(
        "SELECT session_id, salt, opslimit, memlimit, nonce, wrapped_key, failures FROM workers WHERE name = ?");
    if (!select) return select.error();
    select->bind(1, std::string_view(name));
    auto row = select->step();
    if (!row) return row.error();
    if (!row.value()) return make_error("vault.worker_unknown", "no worker called '" + name + "' is enrolled");
    const std::string session_id = select->column_text(0);
    const Bytes salt = select->column_blob(1);
    const KdfParams params{static_cast<std::uint64_t>(select->column_int(2)),
                           static_cast<std::size_t>(select->column_int(3))};
    const WrappedKey wrapped{select->column_blob(4), select->column_blob(5)};
    const std::int64_t failures = select->column_int(6);
    select->reset();
    if (failures >= kWorkerMaxFailures) {
        return make_error("vault.worker_locked", "this worker is locked after " + std::to_string(kWorkerMaxFailures) +
                                                     " wrong passphrases; an administrator must re-enrol them");
    }
    // Count the attempt durably first; a success sets the count back to zero.
    auto count = db_.prepare("UPDATE workers SET failures = ? WHERE name = ?");
    if (!count) return count.error();
    auto counted = count->bind(1, failures + 1).bind(2, std::string_view(name)).run();
    if (!counted) return counted.error();

    auto kek = derive_wrapping_key(passphrase, salt, params);
    if (!kek) return kek.error();
    auto key = unwrap_key(*kek, wrapped, kWorkerPurpose, name);
    if (!key) {
        const std::int64_t left = kWorkerMaxFailures - (failures + 1);
        if (left <= 0) {
            return make_error("vault.worker_locked", "wrong passphrase; this worker is now locked after " +
                                                         std::to_string(kWorkerMaxFailures) + " failures");
        }
        return make_error("vault.wrong_passphrase",
                          "wrong passphrase; " + std::to_string(left) + " tries left before this worker is locked");
    }
    count->reset();
    auto cleared = count->bind(1, std::int64_t{0}).bind(2, std::string_view(name)).run();
    if (!cleared) return cleared.error();
    return RecoveredSession{session_id, std::move(*key)};
}

Result<std::string> KeyHierarchy::remove_worker(const std::string& name) {
    auto begun = db_.begin_immediate();
    if (!begun) return begun.error();
    auto work = [&]() -> Result<std::string> {
        auto select = db_.prepare("SELECT session_id FROM workers WHERE name = ?");
        if (!select) return select.error();
        select->bind(1, std::string_view(name));
        auto row = select->step();
        if (!row) return row.error();
        if (!row.value()) return make_error("vault.worker_unknown", "no worker called '" + name + "' is enrolled");
        std::string session_id = select->column_text(0);
        select->reset();
        auto drafts = db_.prepare("DELETE FROM drafts WHERE session_id = ?");
        if (!drafts) return drafts.error();
        auto dropped = drafts->bind(1, std::string_view(session_id)).run();
        if (!dropped) return dropped.error();
        auto worker = db_.prepare("DELETE FROM workers WHERE name = ?");
        if (!worker) return worker.error();
        auto gone = worker->bind(1, std::string_view(name)).run();
        if (!gone) return gone.error();
        return session_id;
    };
    auto done = work();
    if (!done) {
        db_.rollback();
        return done;
    }
    auto committed = db_.commit();
    if (!committed) return committed.error();
    return done;
}

} // namespace selfdirect::vault::detail
