// Where the council receiver keeps what devices send: verified (still sealed) envelopes keyed by
// (record_id, revision), conflicting re-submissions kept aside, and the signing key first seen for
// each device id. An interface so a PostgreSQL store can replace the SQLite one later; the server
// and the council tool only ever talk to EnvelopeStore.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace selfdirect::sync {

// An envelope the server has already verified (structure + device signature).
struct IncomingEnvelope {
    std::string record_id;
    std::uint32_t revision = 1;
    std::string envelope_hash;
    vault::Bytes envelope;
    std::string device_id;
    vault::Bytes device_sign_public_key;
    std::int64_t received_unix = 0;
};

struct StoredEnvelope {
    std::int64_t seq = 0; // server sequence: strictly increasing, never reused
    std::string record_id;
    std::uint32_t revision = 1;
    std::string envelope_hash;
    vault::Bytes envelope;
    std::string device_id;
    std::int64_t received_unix = 0;
};

enum class PutOutcome {
    stored,       // new (record_id, revision): stored under a new seq
    duplicate,    // same (record_id, revision) and same hash: nothing written
    conflict,     // same (record_id, revision), different hash: kept in conflicts, original untouched
    key_mismatch, // the device id is known with a different signing key: nothing written
};

struct PutResult {
    PutOutcome outcome = PutOutcome::stored;
    std::int64_t seq = 0;           // of the stored copy (stored/duplicate), else 0
    std::string stored_hash;        // hash of the stored copy (stored/duplicate/conflict), else empty
};

class EnvelopeStore {
public:
    virtual ~EnvelopeStore() = default;

    // Device-key check and insert-if-absent in one transaction; durable when it returns ok().
    // Safe to call from several threads.
    virtual Result<PutResult> put(const IncomingEnvelope& envelope) = 0;

    // Stored envelopes with seq > after_seq, in seq order, at most `limit` of them.
    virtual Result<std::vector<StoredEnvelope>> list(std::int64_t after_seq, std::size_t limit) = 0;
    virtual Result<std::int64_t> count() = 0;
    virtual Result<std::int64_t> count_conflicts() = 0;
};

struct SqliteStoreOptions {
    bool create = true; // false: the file must already exist (the council tool only reads)
};

// Opens (or creates) the SQLite store at `path`. Errors: "vault.io", "vault.corrupt", "vault.sql",
// "sync.store_version" (a store written by a newer schema).
Result<std::unique_ptr<EnvelopeStore>> open_sqlite_envelope_store(const std::filesystem::path& path,
                                                                  const SqliteStoreOptions& options);
inline Result<std::unique_ptr<EnvelopeStore>> open_sqlite_envelope_store(const std::filesystem::path& path) {
    return open_sqlite_envelope_store(path, SqliteStoreOptions{});
}

} // namespace selfdirect::sync
