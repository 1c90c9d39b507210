// open_envelope_store(): turns the --store text into a backend, so the receiver, the council tool and
// the bundle importer accept the same forms ("sqlite:PATH", a bare PATH, "postgresql://…"). Also the
// backend-independent default of EnvelopeStore::put_many().
#include "sync/server/envelope_store.h"

#include <string_view>

namespace selfdirect::sync {

namespace {
bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }
} // namespace

std::vector<Result<PutResult>> EnvelopeStore::put_many(const std::vector<IncomingEnvelope>& envelopes,
                                                       const ReceiptSigner& sign) {
    std::vector<Result<PutResult>> results;
    results.reserve(envelopes.size());
    for (const auto& envelope : envelopes) results.push_back(put(envelope, sign));
    return results;
}

Result<std::vector<StoredEnvelope>> EnvelopeStore::list_conflicts() {
    return make_error("sync.storage", "this store cannot list its kept conflicts");
}

Result<std::unique_ptr<EnvelopeStore>> open_envelope_store(const std::string& location, const StoreOptions& options) {
    const std::string_view text = location;
    if (starts_with(text, "postgresql://") || starts_with(text, "postgres://")) {
        return open_postgres_envelope_store(location, options);
    }
    std::string_view path = text;
    if (starts_with(text, "sqlite://")) {
        path = text.substr(9); // sqlite:///abs/path -> /abs/path
    } else if (starts_with(text, "sqlite:")) {
        path = text.substr(7);
    } else if (text.find("://") != std::string_view::npos) {
        return make_error("sync.store_url", "unsupported store location \"" + location +
                                                "\" (use sqlite:PATH, a file path, or postgresql://…)");
    }
    if (path.empty()) return make_error("sync.store_url", "store location names no file");
    return open_sqlite_envelope_store(std::filesystem::path(std::string(path)), options);
}

} // namespace selfdirect::sync
