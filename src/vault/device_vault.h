// The device's encrypted store: one SQLite file (WAL, synchronous=FULL, one writer connection) holding
// encrypted draft answers and the outbox of sealed records, plus the device identity key file.
// The UI and app never see SQL or keys; they call these verbs. Every call that returns ok() has made
// its effect durable (fsync'd through SQLite's WAL) before returning.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"
#include "vault/envelope.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace selfdirect::vault {

struct DeviceIdentity {
    std::string device_id;
    Bytes sign_public_key;  // Ed25519
    Bytes box_public_key;   // X25519
};

struct OutboxEntry {
    std::string record_id;
    std::uint32_t revision = 1;
    Bytes envelope;
    std::string envelope_hash;
};

// A resident's (kiosk) session: its data key lives only in guarded memory inside the vault.
struct SessionHandle {
    std::string session_id; // random, hex; not secret, never derived from personal data
};

// How to open a vault. The app uses the defaults; the crash and fault tests use the rest.
struct DeviceVaultOptions {
    std::optional<std::string> vfs; // a registered sqlite3_vfs (the fault-injecting VFS in tests)
    // TEST HOOKS (crash tests only; the app never sets them): every session gets this id and key, and
    // drafts of an earlier process are kept, so a harness can check after a kill that every answer
    // whose save returned is still there and still opens.
    std::optional<std::string> test_fixed_session_id;
    std::optional<SecureBytes> test_fixed_session_key;
    bool test_keep_drafts = false;

    // Key hierarchy (issue 4). Argon2id is calibrated at first start towards this many seconds per
    // derivation and stored; never below 19 MiB / 2 passes. TEST HOOK: 0 stores the floor at once.
    double kdf_target_seconds = 0.5;
    std::int64_t resume_ttl_seconds = 7 * 24 * 3600; // a resume code's lifetime (configurable)
    std::function<std::int64_t()> clock;             // Unix seconds; empty = system clock (tests inject)
};

// A resume code, shown to the resident once and never stored: only a key derived from it is.
struct ResumeCode {
    SecureBytes code; // "XXXX-XXXX-XXXX-XXXX", Crockford base32
    std::int64_t expires_unix = 0;
};

class DeviceVault {
public:
    // Opens (creating if needed) `data_dir/device.db` and `data_dir/device.key` (0600).
    // Runs integrity_check; fails with "vault.corrupt", "vault.io", "vault.key_file".
    static Result<std::unique_ptr<DeviceVault>> open(const std::filesystem::path& data_dir, const std::string& device_id);
    static Result<std::unique_ptr<DeviceVault>> open(const std::filesystem::path& data_dir, const std::string& device_id,
                                                     const DeviceVaultOptions& options);
    virtual ~DeviceVault() = default;

    virtual const DeviceIdentity& identity() const = 0;

    virtual Result<SessionHandle> begin_session() = 0;
    // Encrypts (XChaCha20-Poly1305, AD binds session + link id) and stores; durable on return.
    // Errors: "vault.disk_full", "vault.io", "vault.no_session".
    virtual Result<void> save_answer(const SessionHandle& s, const std::string& link_id, const SecureBytes& value) = 0;
    // Removes one draft answer (a person cleared an optional answer); durable on return. Idempotent.
    virtual Result<void> delete_answer(const SessionHandle& s, const std::string& link_id) = 0;
    // A row that fails authentication is moved to the quarantine table (with the reason) and the call
    // fails with "vault.tampered"; a later call returns the remaining answers.
    virtual Result<std::map<std::string, SecureBytes>> load_answers(const SessionHandle& s) = 0;
    // Seals `response_json` into the outbox (seal_record) to every council key given (1..8: during a
    // key rotation the profile lists both the old and the new key), deletes the session's drafts and
    // wipes its key. "vault.no_council_key" if `councils` is empty.
    virtual Result<OutboxEntry> submit(const SessionHandle& s, const SecureBytes& response_json,
                                       const std::string& form_id, const std::string& form_version,
                                       const std::vector<CouncilPublicKey>& councils) = 0;
    // The usual case: one current council key.
    Result<OutboxEntry> submit(const SessionHandle& s, const SecureBytes& response_json, const std::string& form_id,
                               const std::string& form_version, const CouncilPublicKey& council) {
        return submit(s, response_json, form_id, form_version, std::vector<CouncilPublicKey>{council});
    }
    // Deletes the session's drafts (secure_delete) and wipes its key: the kiosk forgets.
    virtual Result<void> end_session(const SessionHandle& s) = 0;

    // Kiosk: wraps the session's draft key under Argon2id(a fresh code) so end_session keeps the drafts
    // until the code is used, expires, or is guessed wrong 5 times. Issuing again replaces the code.
    virtual Result<ResumeCode> issue_resume_code(const SessionHandle& s) = 0;
    // Reopens a session from its code (works once). "resume.typo" (bad check character: not counted),
    // "resume.wrong_code", "resume.destroyed" (5th wrong code: drafts deleted), "resume.expired".
    virtual Result<SessionHandle> resume_session(const SecureBytes& code) = 0;
    // Tablet: a per-worker data key wrapped by Argon2id(passphrase). Passphrases under 10 characters
    // or all digits are refused ("vault.weak_passphrase"). A worker's drafts outlive end_session.
    virtual Result<void> enrol_worker(const std::string& name, const SecureBytes& passphrase) = 0;
    // "vault.wrong_passphrase", "vault.worker_locked" (10 consecutive failures, persisted), "vault.worker_unknown".
    virtual Result<SessionHandle> unlock_worker(const std::string& name, const SecureBytes& passphrase) = 0;
    // How a locked worker gets back in: removes the worker and destroys the drafts only their key could
    // open (there is no escrow), after which enrol_worker may use the name again. Sealed records in the
    // outbox are not touched. "vault.worker_unknown".
    virtual Result<void> remove_worker(const std::string& name) = 0;

    // Rows whose envelope no longer matches its stored hash are moved to quarantine, not returned.
    virtual Result<std::vector<OutboxEntry>> pending_outbox() = 0;
    // Called only after the council side acknowledged the record: writes a receipt, then deletes the
    // row (the outbox's triggers refuse any UPDATE, and any DELETE without a receipt or quarantine).
    virtual Result<void> mark_acknowledged(const std::string& record_id, std::uint32_t revision) = 0;
};

} // namespace selfdirect::vault
