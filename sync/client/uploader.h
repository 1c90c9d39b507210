// Device side of sync protocol v2 (docs/sync-protocol.md, "Enrolment", "Upload", "Device side"):
// enrols the device with a one-time code, then sends due outbox rows in batches of up to 50,
// safeguarding first then oldest, and acknowledges a row only with a receipt signed by the *pinned*
// receipt key that names exactly what was sent. conflict/rejected rows are held for staff; transport
// failures and `error` answers back off (jittered, exponential); a new restore epoch re-offers
// retained envelopes; envelopes are purged retention_days after their receipt. Runs on a worker
// thread, never the UI thread. Clock and randomness are injectable for tests.
#pragma once

#include "core/result.h"
#include "vault/device_vault.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace selfdirect::sync {

struct ClientConfig {
    std::string base_url;          // "http://127.0.0.1:8470" or "https://sync.example.gov.uk"
    vault::Bytes receipt_key;      // the pinned receipt public key (32 bytes), profile sync.receipt_key
    std::string enrolment_code;    // profile sync.enrolment_code; empty: enrolled some other time
    int retention_days = 14;       // profile sync.retention_days
    std::filesystem::path ca_file; // profile sync.ca_file: trusted instead of the system store
    std::size_t batch_size = 50;   // rows per POST (the doc's device batch)
    int connect_timeout_seconds = 5;
    int read_write_timeout_seconds = 30;
};

struct ClientHooks {
    std::function<std::int64_t()> now;   // Unix seconds; empty: the system clock
    std::function<double()> random_unit; // uniform in [0, 1); empty: libsodium's CSPRNG via the vault
    // Live progress of an upload pass, on the thread running sync_once (the app's "Sending 150 of
    // 2,000 records"). Called with (0, total) before the first batch goes, then after each batch's
    // receipts are stored; `sent` counts the rows the receiver has answered for this pass (receipted,
    // held or left to retry), `total` the rows pending when the pass started (raised if a record
    // submitted mid-pass goes in the same pass). Both only grow. Not called when nothing is pending
    // or the pass is backed off. Must not call back into the client. Empty: no calls.
    std::function<void(int sent, int total)> on_progress = {};
    // Asked before each batch after the first: true ends the pass there (the rows not offered stay
    // queued for the next pass), so an app that is quitting waits for one batch, not a whole pass of
    // up to 1,000. Called on the thread running sync_once; must be cheap. Empty: never stops early.
    std::function<bool()> should_stop = {};
};

struct UploadReport {
    int pending = 0;        // rows due when the pass started
    int acknowledged = 0;   // rows that got a valid receipt this pass
    int held = 0;           // rows held (conflict / rejected) this pass
    int failed = 0;         // rows left for a later attempt
    int purged = 0;         // envelopes deleted after their retention
    bool enrolled_now = false; // this pass enrolled the device
    bool backed_off = false;   // nothing sent: a device-wide backoff is in force
    // The pass's last problem (backed off: the one that started the backoff), as a value: a stable
    // code for the app to choose words from (app/sync_problem.h) and short words for logs. Never
    // personal data. Codes: sync.config, sync.bad_url, sync.network, sync.timeout, sync.enrol_rejected,
    // sync.refused, sync.error, sync.conflict, sync.rejected, sync.bad_answer, sync.bad_receipt,
    // sync.wrong_receiver, vault.receipt_mismatch.
    std::optional<Error> last_error;
    // The receiver's own reason code behind last_error when it gave one ("server.storage",
    // "device.revoked", "enrol.expired", "record.revision_exists"); "" when it did not answer or gave none.
    std::string receiver_reason;
    vault::SyncStatus status;  // the outbox after the pass (for the staff view)
};

class SyncClient {
public:
    SyncClient(vault::DeviceVault& vault, ClientConfig config, ClientHooks hooks = {});

    // POST /v2/enrol with the configured code and a proof made with the device key; succeeds only if
    // the answer's receipt_key equals the pinned key and its signature verifies with it. Errors:
    // "sync.config" (no pin / no code), post_json's transport codes ("sync.bad_url", "sync.network",
    // "sync.timeout"), "sync.enrol_rejected" (not HTTP 200), "sync.bad_answer", "sync.wrong_receiver"
    // (another receipt key, or a bad signature).
    Result<void> enrol();

    // One pass: enrol first if not enrolled against the pinned key, then upload due rows, then purge.
    // Fails only when the vault cannot be read or written; network trouble is in the report.
    Result<UploadReport> sync_once();

    // When the next pass is worth running (Unix seconds): the device-wide backoff, else the earliest
    // row backoff; 0 when nothing waits.
    Result<std::int64_t> next_attempt_unix();

private:
    // enrol(), also giving the receiver's reason code when it answered with a refusal.
    Result<void> enrol_noting_reason(std::string& receiver_reason);
    std::int64_t now() const;
    double random_unit() const;

    vault::DeviceVault& vault_;
    ClientConfig config_;
    ClientHooks hooks_;
};

// Compatibility for v1 callers (the pre-v2 seed tool): v2 needs a pinned receipt key, so this
// always reports "sync.config" in last_error.
Result<UploadReport> upload_outbox(vault::DeviceVault& vault, const std::string& base_url);

} // namespace selfdirect::sync
