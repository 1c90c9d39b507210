// Where the council receiver keeps what devices send (docs/sync-protocol.md, "Stores"): verified,
// still-sealed envelopes keyed by (record_id, revision) with the receipt signature issued for them,
// conflicting re-submissions kept aside for a person, enrolled devices, one-time enrolment codes and
// the store's restore epoch. One interface, two backends (SQLite, PostgreSQL): the server, the bundle
// importer and the council tool only ever talk to EnvelopeStore, and uniqueness is the database's job,
// so several receivers may share one PostgreSQL store.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace selfdirect::sync {

// An envelope the server has already checked (caps, structure, enrolled key, device signature).
struct IncomingEnvelope {
    std::string record_id;
    std::uint32_t revision = 1;
    std::string envelope_hash;
    vault::Bytes envelope;
    std::string device_id;
    std::int64_t server_time = 0;  // when the receiver accepted it (Unix seconds, server clock)
    std::string clock_flag;        // "", "future" or "past" (docs/sync-protocol.md, "Clock skew")
};

struct StoredEnvelope {
    std::int64_t seq = 0; // server sequence: strictly increasing, never reused (gaps allowed)
    std::string record_id;
    std::uint32_t revision = 1;
    std::string envelope_hash;
    vault::Bytes envelope;
    std::string device_id;
    std::int64_t server_time = 0;
    std::string clock_flag;
    vault::Bytes receipt_signature; // as issued when stored (the epoch of that moment is receipt_epoch)
    std::string receipt_epoch;
};

enum class PutOutcome {
    stored,    // new (record_id, revision): stored under a new seq
    duplicate, // same (record_id, revision) and same hash: nothing written
    conflict,  // same (record_id, revision), different hash: kept in conflicts, original untouched
};

struct PutResult {
    PutOutcome outcome = PutOutcome::stored;
    std::int64_t seq = 0;           // of the stored copy (stored/duplicate), else 0
    std::int64_t server_time = 0;   // of the stored copy (stored/duplicate), else 0
    std::string stored_hash;        // hash of the stored copy
    // stored: the restore epoch read inside the committing transaction, which the receipt signs and
    // the store keeps beside it (an epoch changed since the caller last read it cannot split them).
    // Empty when the backend did not read it (a duplicate answered without a transaction).
    std::string restore_epoch;
    // stored: the receipt signature the store kept (the signer's bytes), so the answer carries it
    // without signing again. Empty otherwise: a duplicate's receipt is signed under the current epoch.
    vault::Bytes receipt_signature;
};

// Signs the receipt for a copy about to be committed: given its seq, server time and the store's
// restore epoch (all read inside the transaction), returns the 64-byte signature that put() stores
// beside the envelope.
using ReceiptSigner = std::function<vault::Bytes(const IncomingEnvelope&, std::int64_t seq, std::int64_t server_time,
                                                 const std::string& restore_epoch)>;

struct DeviceRecord {
    std::string device_id;
    vault::Bytes sign_public_key; // Ed25519
    vault::Bytes box_public_key;  // X25519
    std::int64_t enrolled_unix = 0;
    std::optional<std::int64_t> revoked_unix;
};

struct EnrolmentCode {
    vault::Bytes code_hash; // BLAKE2b-256 of the code text; the code itself is never stored
    std::string device_id;
    std::int64_t expires_unix = 0;
    vault::Bytes used_by_sign_key; // empty until used
};

enum class RedeemOutcome { enrolled, repeated, bad_code, expired };

class EnvelopeStore {
public:
    virtual ~EnvelopeStore() = default;

    // Insert-if-absent of (record_id, revision) in one transaction, with `sign` called inside it for
    // a new copy; durable when it returns ok(). Safe from several threads and several processes.
    // Errors: "sync.storage" (could not commit; nothing stored).
    virtual Result<PutResult> put(const IncomingEnvelope& envelope, const ReceiptSigner& sign) = 0;

    // put() for several envelopes, in order. A backend may commit them together (one durable commit
    // for a whole upload batch: SQLite does); then a failed commit makes every entry the same
    // "sync.storage" error and nothing is stored. The default calls put() for each.
    virtual std::vector<Result<PutResult>> put_many(const std::vector<IncomingEnvelope>& envelopes,
                                                    const ReceiptSigner& sign);

    // Stored envelopes with seq > after_seq, in seq order, at most `limit` of them.
    virtual Result<std::vector<StoredEnvelope>> list(std::int64_t after_seq, std::size_t limit) = 0;
    virtual Result<std::optional<StoredEnvelope>> find(const std::string& record_id, std::uint32_t revision) = 0;
    virtual Result<std::int64_t> count() = 0;
    virtual Result<std::int64_t> count_conflicts() = 0;
    // Every copy kept aside as a conflict (a different envelope under a (record_id, revision) already
    // stored), oldest first, so the council tool can show them to a person. They were never stored, so
    // seq is the conflicts row's own id and receipt_signature/receipt_epoch are empty. The default
    // answers "sync.storage" (a store that cannot list them); both real backends list them.
    virtual Result<std::vector<StoredEnvelope>> list_conflicts();

    // Devices and enrolment.
    virtual Result<std::optional<DeviceRecord>> device(const std::string& device_id) = 0;
    virtual Result<void> add_enrolment_code(const EnrolmentCode& code) = 0;
    // In one transaction: the code is checked (unknown / other device id → bad_code; expired;
    // used by another key → bad_code; used by this same key → repeated while the device row still
    // holds that key unrevoked, else bad_code) and, if good, marked used
    // and the device row written (replacing an earlier, revoked or not, enrolment of that id).
    virtual Result<RedeemOutcome> redeem_enrolment_code(const vault::Bytes& code_hash, const DeviceRecord& device,
                                                        std::int64_t now_unix) = 0;
    // "sync.unknown_device" when the device was never enrolled.
    virtual Result<void> revoke_device(const std::string& device_id, std::int64_t now_unix) = 0;

    // The restore epoch (created with the store); new_restore_epoch() replaces it (after a restore).
    virtual Result<std::string> restore_epoch() = 0;
    virtual Result<std::string> new_restore_epoch() = 0;
};

struct StoreOptions {
    bool create = true; // false: the store must already exist (the council tool only reads)
};

// `location` is "sqlite:PATH", a bare PATH (SQLite), or "postgresql://…" / "postgres://…"
// (libpqxx connection URI). Errors: "sync.store_open", "sync.store_version" (written by a newer
// schema), "sync.store_url" (neither form).
Result<std::unique_ptr<EnvelopeStore>> open_envelope_store(const std::string& location, const StoreOptions& options);

Result<std::unique_ptr<EnvelopeStore>> open_sqlite_envelope_store(const std::filesystem::path& path,
                                                                  const StoreOptions& options);
Result<std::unique_ptr<EnvelopeStore>> open_postgres_envelope_store(const std::string& uri,
                                                                    const StoreOptions& options);

} // namespace selfdirect::sync
