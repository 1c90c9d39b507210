// What the decrypt and export commands share: opening a store read-only, walking every stored
// envelope in server order, opening each with the council key on this machine, and writing a result
// file atomically. Records that cannot be opened are named on stderr (record id, revision, seq and
// the reason code, never content) and counted; the others are still returned.
#pragma once

#include "core/result.h"
#include "sync/council/council_local_store.h"
#include "sync/council/export_record.h"
#include "sync/server/envelope_store.h"
#include "vault/envelope.h"

#include <filesystem>
#include <iosfwd>
#include <memory>
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
    bool is_local() const { return local_ != nullptr; }

private:
    std::unique_ptr<sync::EnvelopeStore> server_;
    std::unique_ptr<CouncilLocalStore> local_;
};

struct OpenedRecords {
    std::vector<ExportRecord> records;
    int failed = 0;
};

// Every stored envelope, opened. A read failure of the store itself is an error; a record that does
// not open (or does not hold a JSON object) is reported on `err` and counted in `failed`.
Result<OpenedRecords> open_all_records(StoredSource& store, const vault::CouncilKeyPair& key, std::ostream& err);

// Calls `visit` for every stored envelope in seq order, paging through list(); stops at the first
// store error.
Result<void> for_each_stored(sync::EnvelopeStore& store, const std::function<void(const sync::StoredEnvelope&)>& visit);

// temp file + fsync + rename + directory fsync, mode 0600 (exports hold personal data).
Result<void> write_output_file(const std::filesystem::path& path, const std::string& text);

// "record <id> rev <n> (seq <s>)": how every council command names a record in messages.
std::string record_label(const sync::StoredEnvelope& stored);

} // namespace selfdirect::council
