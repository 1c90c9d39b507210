// The one path every envelope takes into a store, whether it came over POST /v2/upload or on
// removable media (sync/bundle): size cap, structure, enrolled and non-revoked device, sender, key,
// device signature, clock flag, then EnvelopeStore::put() with the receipt signed inside the commit.
// Same checks, same results, same receipts, so a record that arrives both ways is stored once.
#pragma once

#include "sync/protocol/sync_wire.h"
#include "sync/server/envelope_store.h"
#include "sync/server/sync_metrics.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace selfdirect::sync {

class Ingestor {
public:
    // Unix seconds, server clock; tests pass a fixed one.
    using Clock = std::function<std::int64_t()>;

    // `receipt_secret_key` (64 bytes) must outlive the Ingestor; `metrics` may be null.
    Ingestor(EnvelopeStore& store, const vault::SecureBytes& receipt_secret_key, Clock clock = {},
             SyncMetrics* metrics = nullptr);

    // The store's current restore epoch ("sync.storage" when it cannot be read).
    Result<std::string> restore_epoch();

    // One envelope. `claimed_device_id`: the batch's device_id, or the bundle manifest's.
    // `index` is copied into the outcome. Never fails as a whole: problems are outcomes.
    protocol::EnvelopeOutcome ingest(const vault::Bytes& envelope, std::string_view claimed_device_id,
                                     std::size_t index);
    // The same with the epoch already read once for the whole batch.
    protocol::EnvelopeOutcome ingest(const vault::Bytes& envelope, std::string_view claimed_device_id,
                                     std::size_t index, const std::string& restore_epoch);
    // A whole upload batch from one device: the device is looked up once, every envelope checked,
    // and the survivors stored with one put_many() (one durable commit on SQLite). Outcomes are in
    // request order, indexes 0..n-1; `oversized` lists indexes refused as envelope.too_large unread.
    std::vector<protocol::EnvelopeOutcome> ingest_batch(const std::vector<vault::Bytes>& envelopes,
                                                        std::string_view claimed_device_id,
                                                        const std::string& restore_epoch,
                                                        const std::vector<std::size_t>& oversized = {});
    // An outcome for an envelope that was refused before it could be read (e.g. oversized in the request).
    protocol::EnvelopeOutcome rejected(std::size_t index, const char* reason);

    std::int64_t now() const;

private:
    // An envelope that passed every check and waits for the store.
    struct Checked {
        IncomingEnvelope incoming;
        protocol::EnvelopeOutcome outcome; // index, record id, revision, hash filled in
    };
    // Every check before the store; an outcome when the envelope is refused (or the store failed).
    std::variant<protocol::EnvelopeOutcome, Checked> check(const vault::Bytes& envelope,
                                                           std::string_view claimed_device_id, std::size_t index,
                                                           const Result<std::optional<DeviceRecord>>& device);
    // The outcome of a put: receipts for stored and duplicate copies, signed with `restore_epoch`.
    protocol::EnvelopeOutcome finish(Checked checked, const Result<PutResult>& put, const std::string& restore_epoch);
    ReceiptSigner signer();
    protocol::EnvelopeOutcome counted(protocol::EnvelopeOutcome outcome);

    EnvelopeStore& store_;
    const vault::SecureBytes& receipt_secret_key_;
    Clock clock_;
    SyncMetrics* metrics_;
};

} // namespace selfdirect::sync
