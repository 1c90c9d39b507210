// Reading and opening stored records for the council commands (see council_records.h).
#include "sync/council/council_records.h"

#include "vault/secret_file.h"

#include <ostream>

namespace selfdirect::council {

namespace {
constexpr std::size_t kPageSize = 256;
} // namespace

Result<StoredSource> StoredSource::open(const std::string& location) {
    StoredSource source;
    const std::string path = location.rfind("sqlite:", 0) == 0 ? location.substr(7) : location;
    if (location.find("://") == std::string::npos && CouncilLocalStore::is_local_store(path)) {
        auto local = CouncilLocalStore::open(path, /*create=*/false);
        if (!local) return local.error();
        source.local_ = std::move(local.value());
        return source;
    }
    sync::StoreOptions options;
    options.create = false; // a mistyped path must not silently become an empty store
    auto server = sync::open_envelope_store(location, options);
    if (!server) return server.error();
    source.server_ = std::move(server.value());
    return source;
}

Result<void> StoredSource::for_each(const std::function<void(const sync::StoredEnvelope&)>& visit) {
    if (local_) return local_->for_each(visit);
    return for_each_stored(*server_, visit);
}

Result<void> for_each_stored(sync::EnvelopeStore& store, const std::function<void(const sync::StoredEnvelope&)>& visit) {
    std::int64_t after = 0;
    for (;;) {
        auto page = store.list(after, kPageSize);
        if (!page) return page.error();
        if (page->empty()) return {};
        for (const auto& stored : page.value()) {
            after = stored.seq;
            visit(stored);
        }
    }
}

std::string record_label(const sync::StoredEnvelope& stored) {
    return "record " + stored.record_id + " rev " + std::to_string(stored.revision) + " (seq " +
           std::to_string(stored.seq) + ")";
}

Result<OpenedRecords> open_all_records(StoredSource& store, const vault::CouncilKeyPair& key, std::ostream& err) {
    OpenedRecords out;
    auto walked = store.for_each([&](const sync::StoredEnvelope& stored) {
        auto header = vault::verify_envelope(stored.envelope);
        auto plaintext = header ? vault::open_record(stored.envelope, key) : Result<vault::SecureBytes>(header.error());
        if (!plaintext) {
            err << "selfdirect-council: cannot open " << record_label(stored) << ": " << plaintext.error().code << "\n";
            ++out.failed;
            return;
        }
        auto parsed = nlohmann::json::parse(plaintext->view(), nullptr, /*allow_exceptions=*/false);
        if (parsed.is_discarded() || !parsed.is_object()) {
            err << "selfdirect-council: " << record_label(stored) << " does not hold a JSON object\n";
            ++out.failed;
            return;
        }
        ExportRecord record;
        record.meta.record_id = stored.record_id;
        record.meta.revision = stored.revision;
        record.meta.server_seq = stored.seq;
        record.meta.server_time = stored.server_time;
        record.meta.device_id = stored.device_id;
        record.meta.form_id = header->form_id;
        record.meta.form_version = header->form_version;
        record.response = std::move(parsed);
        out.records.push_back(std::move(record));
    });
    if (!walked) return walked.error();
    return out;
}

Result<void> write_output_file(const std::filesystem::path& path, const std::string& text) {
    return vault::detail::write_file_atomic(path, text.data(), text.size(), 0600, vault::detail::Replace::yes);
}

} // namespace selfdirect::council
