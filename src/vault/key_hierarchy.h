// The part of the key hierarchy that outlives a process: kiosk resume codes and tablet worker keys,
// both data keys wrapped under an Argon2id key derived from what a person types, stored in device.db
// with their own salt, parameters and attempt counter. DeviceVault owns one of these and calls it
// under its lock; this class never sees answers, only keys and the rows that protect them.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"
#include "vault/database.h"
#include "vault/kdf_params.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace selfdirect::vault::detail {

constexpr int kResumeMaxAttempts = 5;
constexpr int kWorkerMaxFailures = 10;

// A session whose key has been recovered: its id (the drafts' AD binds it) and its data key.
struct RecoveredSession {
    std::string session_id;
    SecureBytes key;
};

class KeyHierarchy {
public:
    using Clock = std::function<std::int64_t()>; // Unix seconds

    // `kdf_target_seconds` is used only if the device has no stored Argon2id parameters yet.
    KeyHierarchy(Database& db, double kdf_target_seconds, Clock clock, std::int64_t resume_ttl_seconds)
        : db_(db), kdf_target_(kdf_target_seconds), clock_(std::move(clock)), resume_ttl_(resume_ttl_seconds) {}

    // Wraps `session_key` under a fresh code (replacing any earlier code for the session). Returns
    // the display form of the code; sets `expires_unix`.
    Result<SecureBytes> issue_resume(const std::string& session_id, const SecureBytes& session_key,
                                     std::int64_t& expires_unix);
    // "resume.typo" (not counted), "resume.wrong_code" (counted), "resume.destroyed" (the last
    // allowed attempt failed: draft deleted), "resume.expired" (draft deleted). A code works once.
    Result<RecoveredSession> resume(std::string_view typed);
    // True if the session's drafts must survive end_session (a resume code or a worker owns them).
    Result<bool> keeps_drafts(const std::string& session_id);
    // Deletes the session's resume row (after submit: the drafts are gone, the code is useless).
    Result<void> forget_resume(const std::string& session_id);
    // At open: destroys expired resume codes and their drafts, then drafts nobody can ever open.
    Result<void> purge_at_open();

    // "vault.weak_passphrase", "vault.worker_exists", "vault.bad_worker_name".
    Result<void> enrol_worker(const std::string& name, std::string_view passphrase);
    // "vault.worker_unknown", "vault.worker_locked" (after 10 consecutive failures, persisted),
    // "vault.wrong_passphrase" (counted).
    Result<RecoveredSession> unlock_worker(const std::string& name, std::string_view passphrase);
    // The only way back for a locked (or departed) worker: deletes the worker's wrapped key and every
    // draft it protected (secure_delete), in one transaction, so the name can be enrolled again.
    // Nothing is recovered: there is no escrow key. Returns the session id whose drafts went, so the
    // vault can drop that key from memory too. "vault.worker_unknown".
    Result<std::string> remove_worker(const std::string& name);

private:
    Result<KdfParams> params() { return load_or_calibrate_kdf(db_, kdf_target_); }
    Result<void> destroy_resume(const std::string& locator, const std::string& session_id);

    Database& db_;
    double kdf_target_;
    Clock clock_;
    std::int64_t resume_ttl_;
};

} // namespace selfdirect::vault::detail
