// The council's own copy of the receiver's records (`selfdirect-council pull --into LOCAL.db`): a
// SQLite file on the council's machine holding each stored envelope exactly as the receiver kept it,
// with the receiver's own seq, server time, receipt signature and receipt epoch, so `verify` can
// re-check receipts against the copy and `export`/`decrypt` work offline. Keyed by (record_id,
// revision); a different hash under a key already held is kept aside in council_conflicts, never
// over the first. Remembers the last seq pulled per source so the next pull reads only what is new
// (minus a small overlap window).
#pragma once

#include "core/result.h"
#include "sync/server/envelope_store.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace selfdirect::vault {
class Database;
}

namespace selfdirect::council {

enum class CopyOutcome { added, already_held, conflict };

class CouncilLocalStore {
public:
    // Creates the file and schema when `create` is true; else "council.store_open" if it is missing.
    static Result<std::unique_ptr<CouncilLocalStore>> open(const std::filesystem::path& path, bool create);
    // True when `path` is an existing SQLite file with the council-local schema.
    static bool is_local_store(const std::filesystem::path& path);
    ~CouncilLocalStore();

    // Insert-if-absent by (record_id, revision): same hash → already_held, different → conflict
    // (kept once in council_conflicts). One transaction per call.
    Result<CopyOutcome> copy(const sync::StoredEnvelope& stored, const std::string& source, std::int64_t now_unix);

    Result<std::int64_t> last_pulled_seq(const std::string& source);
    Result<void> set_last_pulled_seq(const std::string& source, std::int64_t seq);

    // A copy the source itself kept aside as a conflict (the receiver's `conflicts` table), kept in
    // council_conflicts too so the council sees it offline; true when it was not held yet.
    Result<bool> keep_conflict(const sync::StoredEnvelope& stored, const std::string& source, std::int64_t now_unix);
    // Every copy in council_conflicts, in the order it was kept (seq: the source's seq, 0 if none).
    Result<std::vector<sync::StoredEnvelope>> conflicts();

    // Every held envelope in the order it was pulled, with the receiver's seq, time and receipt.
    Result<void> for_each(const std::function<void(const sync::StoredEnvelope&)>& visit);

private:
    explicit CouncilLocalStore(std::unique_ptr<vault::Database> db);
    std::unique_ptr<vault::Database> db_;
};

} // namespace selfdirect::council
