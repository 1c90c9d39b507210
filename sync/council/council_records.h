// What the decrypt and export commands share: opening a store read-only, walking every stored
// envelope in server order, opening each with the council key on this machine, and writing a result
// file atomically. A stored record is hostile input: it is opened by one function,
// open_stored_record, which verifies the device signature, takes the record's identity only from the
// signed header (the store row must agree), decrypts, and parses under the nesting cap. A record that
// fails any step is quarantined: named on stderr by record id, revision and seq with its reason code
// (never content), listed in OpenedRecords::quarantined, and the others are still returned. Copies
// kept aside as conflicts are read too, so every command can show them to a person.
#pragma once

#include "core/result.h"
#include "sync/council/council_local_store.h"
#include "sync/council/export_record.h"
#include "sync/server/envelope_store.h"
#include "vault/envelope.h"

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

namespace selfdirect::council {

// What the council tool reads records from: a receiver's store (sqlite:PATH, PATH or postgresql://…)
// or a council-local copy made by `pull` (a PATH whose schema says so). Never created when the
// location is mistyped.
class StoredSource {
public:
    static Result<StoredSource> open(const std::string& location);
    // Every stored envelope, in the order the receiver (or the pull) stored it.
    Result<void> for_each(const std::function<void(const sync::StoredEnvelope&)>& visit);
    // Every copy kept aside as a conflict: the receiver's `conflicts` table, or a council-local
    // copy's `council_conflicts` (docs/council-export.md, "Conflicts").
    Result<std::vector<sync::StoredEnvelope>> conflicts();
    bool is_local() const { return local_ != nullptr; }

private:
    std::unique_ptr<sync::EnvelopeStore> server_;
    std::unique_ptr<CouncilLocalStore> local_;
};

// Opens one stored envelope, the only way the council tool reads a record (decrypt, export, and any
// later command such as triage use it):
//   1. vault::verify_envelope: structure, caps, the device's Ed25519 signature over the whole
//      envelope against the key its signed header names (as `verify` checks);
//   2. the store row must match what was signed: record id, revision and device id equal the signed
//      header's ("council.row_mismatch") and envelope_hash is the hash of the bytes
//      ("council.hash_mismatch"), so a row cannot lend its identity to another row's envelope;
//   3. the signed header's strings are UTF-8 ("council.header_not_utf8");
//   4. vault::open_record with the council key (envelope.* codes);
//   5. parse_record_json: nesting cap, decimals kept as written ("council.record_too_deep",
//      "council.record_not_json"), and the result must be an object ("council.record_not_object").
// The record's meta (record id, revision, device, form) comes from the signed header; only seq and
// server_time, which the receiver assigns, come from the row.
Result<ExportRecord> open_stored_record(const sync::StoredEnvelope& stored, const vault::CouncilKeyPair& key);

// A record that could not be read, located by its store row (which may be lying: the reason says).
struct QuarantinedRecord {
    std::string record_id;
    std::uint32_t revision = 0;
    std::int64_t seq = 0;
    Error reason;
};

// A copy kept aside as a conflict: the row, and the copy opened when it opens (else why not).
struct ConflictCopy {
    sync::StoredEnvelope stored;
    std::optional<ExportRecord> record;
    std::optional<Error> unreadable;
};

struct OpenedRecords {
    std::vector<ExportRecord> records;
    std::vector<QuarantinedRecord> quarantined;
    int failed = 0; // quarantined.size()
};

// Every stored envelope, through open_stored_record. A read failure of the store itself is an
// error; each record that fails is quarantined (one stderr line: "selfdirect-council: quarantined
// record ID rev N (seq S): CODE: MESSAGE") and the others are returned.
Result<OpenedRecords> open_all_records(StoredSource& store, const vault::CouncilKeyPair& key, std::ostream& err);

// The store's kept conflicts, each opened when `key` is given (else only listed).
Result<std::vector<ConflictCopy>> read_conflicts(StoredSource& store, const vault::CouncilKeyPair* key);

// Tells a person about kept conflicts on `err` (nothing when there are none): a count, then one line
// per copy naming its record id, revision and hash. Every council command that reads a store calls it.
void report_conflicts(const std::vector<sync::StoredEnvelope>& conflicts, std::ostream& err);

// The quarantine list as JSON text (an array of {"record_id","revision","seq","reason","detail"}),
// what export writes beside its output file.
std::string quarantine_json(const std::vector<QuarantinedRecord>& quarantined);

// Calls `visit` for every stored envelope in seq order, paging through list(); stops at the first
// store error.
Result<void> for_each_stored(sync::EnvelopeStore& store, const std::function<void(const sync::StoredEnvelope&)>& visit);

// temp file + fsync + rename + directory fsync, mode 0600 (exports hold personal data).
Result<void> write_output_file(const std::filesystem::path& path, const std::string& text);

// "record <id> rev <n> (seq <s>)": how every council command names a record in messages. The id
// comes from a store row, so bytes outside printable ASCII are written as \xNN (a hostile id cannot
// send escape sequences to the officer's terminal).
std::string record_label(const sync::StoredEnvelope& stored);
std::string record_label(const std::string& record_id, std::uint32_t revision, std::int64_t seq);
// Printable ASCII as is, anything else as \xNN.
std::string printable(std::string_view text);

} // namespace selfdirect::council
