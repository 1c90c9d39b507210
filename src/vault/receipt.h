// A receipt from the council receiver (docs/sync-protocol.md, "Receipts"): what the receiver signs
// after its durable commit, what travels in the upload answer, and what the device stores beside its
// outbox row. One type for all three, so the wire format and the stored form cannot drift apart.
#pragma once

#include "vault/bytes.h"

#include <cstdint>
#include <string>

namespace selfdirect::vault {

// The vault checks that a receipt names a row it holds (record, revision, envelope hash); the sync
// client checks the signature against the pinned receipt key before it hands one over.
struct StoredReceipt {
    std::string record_id;
    std::uint32_t revision = 0;
    std::string envelope_hash;
    std::int64_t server_seq = 0;
    std::int64_t server_time = 0;
    std::string restore_epoch;
    Bytes signature; // 64 bytes, Ed25519 by the receipt key
};

} // namespace selfdirect::vault
