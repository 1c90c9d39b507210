// Reading and opening stored records for the council commands (see council_records.h).
#include "sync/council/council_records.h"

#include "sync/council/record_json.h"
#include "vault/secret_file.h"

#include <cstdio>
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

Result<std::vector<sync::StoredEnvelope>> StoredSource::conflicts() {
    if (local_) return local_->conflicts();
    return server_->list_conflicts();
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

std::string printable(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f && c != '\\') {
            out += c;
        } else {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02x", u);
            out += hex;
        }
    }
    return out;
}

std::string record_label(const std::string& record_id, std::uint32_t revision, std::int64_t seq) {
    return "record " + printable(record_id) + " rev " + std::to_string(revision) + " (seq " + std::to_string(seq) + ")";
}

std::string record_label(const sync::StoredEnvelope& stored) {
    return record_label(stored.record_id, stored.revision, stored.seq);
}

Result<ExportRecord> open_stored_record(const sync::StoredEnvelope& stored, const vault::CouncilKeyPair& key) {
    auto header = vault::verify_envelope(stored.envelope);
    if (!header) return header.error();
    if (header->record_id != stored.record_id || header->revision != stored.revision ||
        header->device_id != stored.device_id) {
        return make_error("council.row_mismatch", "the store row does not name the record, revision and device "
                                                  "its signed envelope names (the envelope belongs to another row)");
    }
    if (vault::envelope_hash(stored.envelope) != stored.envelope_hash) {
        return make_error("council.hash_mismatch", "the stored envelope_hash is not the hash of the stored bytes");
    }
    for (const auto* text : {&header->record_id, &header->form_id, &header->form_version, &header->device_id}) {
        if (!is_valid_utf8(*text)) {
            return make_error("council.header_not_utf8", "a signed header field is not UTF-8 text");
        }
    }
    auto plaintext = vault::open_record(stored.envelope, key);
    if (!plaintext) return plaintext.error();
    auto parsed = parse_record_json(plaintext->view());
    if (!parsed) return parsed.error();
    if (!parsed->is_object()) return make_error("council.record_not_object", "the record is JSON but not an object");
    ExportRecord record;
    record.meta.record_id = header->record_id;
    record.meta.revision = header->revision;
    record.meta.device_id = header->device_id;
    record.meta.form_id = header->form_id;
    record.meta.form_version = header->form_version;
    record.meta.server_seq = stored.seq;
    record.meta.server_time = stored.server_time;
    record.response = std::move(parsed.value());
    return record;
}

Result<OpenedRecords> open_all_records(StoredSource& store, const vault::CouncilKeyPair& key, std::ostream& err) {
    OpenedRecords out;
    auto walked = store.for_each([&](const sync::StoredEnvelope& stored) {
        auto record = open_stored_record(stored, key);
        if (record) {
            out.records.push_back(std::move(record.value()));
            return;
        }
        err << "selfdirect-council: quarantined " << record_label(stored) << ": " << record.error().code << ": "
            << record.error().message << "\n";
        out.quarantined.push_back(QuarantinedRecord{stored.record_id, stored.revision, stored.seq, record.error()});
        ++out.failed;
    });
    if (!walked) return walked.error();
    return out;
}

Result<std::vector<ConflictCopy>> read_conflicts(StoredSource& store, const vault::CouncilKeyPair* key) {
    auto rows = store.conflicts();
    if (!rows) return rows.error();
    std::vector<ConflictCopy> out;
    for (auto& stored : rows.value()) {
        ConflictCopy copy;
        if (key) {
            auto record = open_stored_record(stored, *key);
            if (record) copy.record = std::move(record.value());
            else copy.unreadable = record.error();
        }
        copy.stored = std::move(stored);
        out.push_back(std::move(copy));
    }
    return out;
}

void report_conflicts(const std::vector<sync::StoredEnvelope>& conflicts, std::ostream& err) {
    if (conflicts.empty()) return;
    err << "selfdirect-council: " << conflicts.size()
        << " kept conflict(s): a different envelope arrived under a record id and revision already stored; the "
           "stored copy is the one used, the other waits for a person (docs/council-export.md, \"Conflicts\")\n";
    for (const auto& c : conflicts) {
        err << "selfdirect-council: conflict: record " << printable(c.record_id) << " rev " << c.revision
            << ", kept copy " << printable(c.envelope_hash.substr(0, 16)) << "\n";
    }
}

std::string quarantine_json(const std::vector<QuarantinedRecord>& quarantined) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& q : quarantined) {
        list.push_back({{"record_id", q.record_id}, {"revision", q.revision}, {"seq", q.seq},
                        {"reason", q.reason.code}, {"detail", q.reason.message}});
    }
    return dump_record_json(list, 2) + "\n";
}

Result<void> write_output_file(const std::filesystem::path& path, const std::string& text) {
    return vault::detail::write_file_atomic(path, text.data(), text.size(), 0600, vault::detail::Replace::yes);
}

} // namespace selfdirect::council
