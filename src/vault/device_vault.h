// The device's encrypted store: one SQLite file (WAL, synchronous=FULL, one writer connection) holding
// encrypted draft answers and the outbox of sealed records, plus the device identity key file.
// The UI and app never see SQL or keys; they call these verbs. Every call that returns ok() has made
// its effect durable (fsync'd through SQLite's WAL) before returning.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"
#include "vault/envelope.h"
#include "vault/receipt.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
    // Device-local sync bookkeeping (issue 6; not in the envelope): filled by pending_outbox/due_outbox.
    bool safeguarding = false;        // sent before everything else
    std::int64_t created_unix = 0;
    int attempts = 0;                 // failed attempts since it was sealed (or re-offered)
    std::int64_t next_attempt_unix = 0;
    std::string last_reason;          // reason code of the last failure, for staff
};

// What the device knows about its receiver; persisted in sync_state.
struct SyncState {
    std::string restore_epoch;        // the epoch of the newest verified receipt or enrolment ("" before)
    std::int64_t enrolled_unix = 0;   // 0: never enrolled
    Bytes receipt_key;                // the pinned key the device enrolled against (empty before)
    int consecutive_failures = 0;     // transport failures / error answers in a row
    std::int64_t next_attempt_unix = 0; // device-wide backoff in force until then
    std::int64_t last_success_unix = 0;
    // The problem that started the backoff, kept as it was given (code and words apart, schema step 6)
    // so nothing is split again after a restart; never personal data. nullopt after a success.
    std::optional<Error> last_error;
    std::string last_receiver_reason; // the receiver's own reason code behind it ("server.storage"), "" none
    std::int64_t last_exported_unix = 0;

    // Enrolled against exactly this pinned key: a changed pin in the profile means enrolling again.
    bool enrolled_with(const Bytes& pinned_receipt_key) const {
        return enrolled_unix != 0 && !pinned_receipt_key.empty() && receipt_key == pinned_receipt_key;
    }
};

// For the staff view: counts by state, no personal data.
struct SyncStatus {
    int queued = 0;   // SEALED: never tried (or re-offered)
    int sending = 0;  // at least one failed attempt, still retried
    int acked = 0;    // receipt held, envelope retained
    int held = 0;     // conflict / rejected: needs the council
    int purged = 0;   // receipt kept, envelope deleted after retention
    std::int64_t last_success_unix = 0;
    std::optional<Error> last_error;  // as in SyncState
    std::string last_receiver_reason;
    std::int64_t next_attempt_unix = 0;
    std::int64_t last_exported_unix = 0;
    std::string restore_epoch;
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
    // As above with the device-local priority: a safeguarding-flagged record is sent before all others.
    virtual Result<OutboxEntry> submit(const SessionHandle& s, const SecureBytes& response_json,
                                       const std::string& form_id, const std::string& form_version,
                                       const std::vector<CouncilPublicKey>& councils, bool safeguarding) = 0;
    // The usual case: one current council key.
    Result<OutboxEntry> submit(const SessionHandle& s, const SecureBytes& response_json, const std::string& form_id,
                               const std::string& form_version, const CouncilPublicKey& council,
                               bool safeguarding = false) {
        return submit(s, response_json, form_id, form_version, std::vector<CouncilPublicKey>{council}, safeguarding);
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

    // --- Outbox and sync (docs/sync-protocol.md, "Device side"); each call is one transaction. ---
    // Every row still to be sent (SEALED or SENDING, not HELD), safeguarding first, then oldest;
    // backoff is ignored (the export to removable media takes them all). Rows whose envelope no
    // longer matches its stored hash are moved to quarantine, not returned.
    virtual Result<std::vector<OutboxEntry>> pending_outbox() = 0;
    // The same, only rows whose own backoff has passed at `now_unix`, at most `limit` of them.
    virtual Result<std::vector<OutboxEntry>> due_outbox(std::int64_t now_unix, std::size_t limit) = 0;
    // Stores a receipt (already verified by the caller against the pinned key) beside its row: the row
    // is ACKED and its envelope kept. "vault.receipt_mismatch" (nothing stored) if no row has that
    // record id, revision and envelope hash, or the signature is not 64 bytes. A receipt under a new
    // restore epoch makes that the known epoch, which re-offers every other retained row. Repeating
    // it is harmless (the newer receipt replaces the older one).
    virtual Result<void> store_receipt(const StoredReceipt& receipt, std::int64_t now_unix) = 0;
    // The same for a whole batch in one transaction (all or none); element i says whether receipt i
    // was stored (false: it names no row held here, as above). Used per upload batch, so a batch of
    // 50 costs one commit, not 50.
    virtual Result<std::vector<bool>> store_receipts(const std::vector<StoredReceipt>& receipts, std::int64_t now_unix) = 0;
    // SEALED/SENDING -> SENDING: one more failed attempt (transport failure or `error` answer).
    virtual Result<void> note_attempt_failed(const std::string& record_id, std::uint32_t revision,
                                             const std::string& reason, std::int64_t next_attempt_unix) = 0;
    // The same for several rows in one transaction (a whole batch the network lost).
    virtual Result<void> note_attempts_failed(const std::vector<OutboxEntry>& rows, const std::string& reason,
                                              std::int64_t next_attempt_unix) = 0;
    // -> HELD (conflict / rejected): kept, not retried automatically, shown to staff with the reason.
    virtual Result<void> hold(const std::string& record_id, std::uint32_t revision, const std::string& reason) = 0;
    // Staff, after the council resolved it: HELD -> SEALED.
    virtual Result<void> release_held(const std::string& record_id, std::uint32_t revision) = 0;
    // ACKED -> PURGED: deletes the envelopes whose receipt was stored at least `retention_days` before
    // `now_unix` and carries `current_epoch`, which must also be the known epoch; receipts stay.
    // Returns how many envelopes were deleted.
    virtual Result<int> purge_acknowledged(std::int64_t now_unix, int retention_days, const std::string& current_epoch) = 0;
    // Marks rows as written to removable media (changes no state: an export is not a receipt).
    virtual Result<void> mark_exported(const std::vector<OutboxEntry>& rows, std::int64_t now_unix) = 0;

    virtual Result<SyncState> sync_state() = 0;
    // After a verified enrolment answer: the pinned key it was made against and the store's epoch.
    virtual Result<void> note_enrolled(const Bytes& receipt_key, const std::string& restore_epoch, std::int64_t now_unix) = 0;
    // A whole pass failed (network, `error`, bad answer): device-wide backoff until `next_attempt_unix`,
    // keeping `error` and the receiver's reason code ("" none) for staff after a restart.
    virtual Result<void> note_sync_failure(const Error& error, const std::string& receiver_reason,
                                           std::int64_t next_attempt_unix) = 0;
    // A pass reached the receiver and got an answer it could trust: resets the backoff.
    virtual Result<void> note_sync_success(std::int64_t now_unix) = 0;
    virtual Result<SyncStatus> sync_status() = 0;
    // A receipt stored for this row, if any (whatever its epoch).
    virtual Result<std::optional<StoredReceipt>> receipt_for(const std::string& record_id, std::uint32_t revision) = 0;

    // Ed25519 with the device signing key, only over the sync texts that need it: an enrolment proof
    // (starts "selfdirect-enrol-v2\n") or a bundle manifest (starts {"format":"selfdirect-bundle").
    // Anything else is refused ("vault.sign_refused"), so this can never sign an envelope-like text.
    virtual Result<Bytes> sign_sync_text(std::string_view text) = 0;
};

} // namespace selfdirect::vault
