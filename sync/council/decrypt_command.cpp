// `selfdirect-council decrypt`: opens every envelope in a store (the receiver's, or a council-local
// copy) with the council secret key and prints one JSON object for a person to read (format:
// docs/council-export.md, "decrypt"): every stored record with its record id, revision and seq, then
// every copy kept aside as a conflict, marked as such, then the records that were quarantined. Each
// record goes through open_stored_record (verify, identity from the signed header, nesting cap);
// one that fails is named on stderr and the others are still printed (exit 1).
#include "sync/council/commands.h"
#include "sync/council/command_support.h"

#include "sync/council/council_key_file.h"
#include "sync/council/council_records.h"
#include "sync/council/export_json.h"
#include "sync/council/record_json.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace selfdirect::council {

namespace {

nlohmann::json quarantined_json(const QuarantinedRecord& q) {
    return nlohmann::json{{"record_id", q.record_id}, {"revision", q.revision}, {"seq", q.seq},
                          {"reason", q.reason.code}, {"detail", q.reason.message}};
}

// A kept copy: marked "conflict": true; its identity from its own signed header when it opens.
nlohmann::json conflict_json(ConflictCopy& copy) {
    nlohmann::json element{{"conflict", true}};
    if (copy.record) {
        auto meta = record_metadata_json(copy.record->meta);
        meta.erase("server_seq"); // a kept copy was never stored, so it has no seq
        element.update(meta);
        element["envelope_hash"] = copy.stored.envelope_hash;
        element["response"] = std::move(copy.record->response);
    } else {
        element["record_id"] = copy.stored.record_id;
        element["revision"] = copy.stored.revision;
        element["envelope_hash"] = copy.stored.envelope_hash;
        const Error why = copy.unreadable.value_or(Error{"council.not_opened", "not opened"});
        element["unreadable"] = {{"reason", why.code}, {"detail", why.message}};
    }
    return element;
}

} // namespace

int run_decrypt(const DecryptOptions& options, std::ostream& out, std::ostream& err) {
    auto opened_store = open_key_and_store(options.key_file, options.passphrase_file, options.store_file.string(), err);
    if (!opened_store) return kExitUsage;
    auto& [key, store] = *opened_store;
    auto opened = open_all_records(store, key, err);
    auto conflicts = opened ? read_conflicts(store, &key) : Result<std::vector<ConflictCopy>>(opened.error());
    if (!conflicts) {
        err << "selfdirect-council: cannot read store: " << conflicts.error().code << ": " << conflicts.error().message
            << "\n";
        return kExitUsage;
    }
    nlohmann::json document{{"records", nlohmann::json::array()},
                            {"conflicts", nlohmann::json::array()},
                            {"quarantined", nlohmann::json::array()}};
    for (auto& record : opened->records) {
        auto element = record_metadata_json(record.meta);
        element["response"] = std::move(record.response);
        document["records"].push_back(std::move(element));
    }
    std::vector<sync::StoredEnvelope> kept;
    for (auto& copy : conflicts.value()) {
        kept.push_back(copy.stored);
        document["conflicts"].push_back(conflict_json(copy));
    }
    for (const auto& q : opened->quarantined) document["quarantined"].push_back(quarantined_json(q));
    out << dump_record_json(document, 2) << "\n";
    report_conflicts(kept, err);
    return opened->quarantined.empty() ? kExitOk : kExitSomeFailed;
}

} // namespace selfdirect::council
