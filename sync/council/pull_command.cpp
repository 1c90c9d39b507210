// `selfdirect-council pull --from STORE --into LOCAL.db`: copies what the receiver stored (envelopes,
// receipt signatures, seqs, times, epochs) into the council's own SQLite file, so the council can
// verify and export on its own machine without holding a connection to the receiver. Idempotent:
// a record already held with the same hash is skipped, one held with a different hash is kept aside
// and reported. The last pulled seq is remembered per source; each pull re-reads a small window
// behind it (--overlap) so a record committed late under a lower seq by another receiver process is
// not missed. Copies the receiver itself kept aside as conflicts are copied into council_conflicts
// too, and every kept conflict of the local copy is listed on stderr for a person. Exit 1 when this
// pull found a conflict not held before.
//
// `pull --bundle DIR --into STORE --receipt-key receipt.sk`: removable media. The bundle is read as
// hostile input (sync/bundle/bundle_reader.h) and every envelope goes through the receiver's own
// ingest path (sync/server/ingest.h) into the receiver's store, so it meets the same checks, gets
// the same receipt and is stored once even if it also came over the network; `pull --from` then
// brings it to the council's machine like any other record. Exit 1 when any envelope was not
// stored (conflict, rejected, error), each named on stderr with its reason.
#include "sync/council/commands.h"
#include "sync/council/command_support.h"

#include "sync/council/council_local_store.h"
#include "sync/council/council_records.h"
#include "sync/bundle/bundle_reader.h"
#include "sync/server/ingest.h"
#include "sync/server/receipt_key.h"

#include <algorithm>
#include <map>
#include <optional>
#include <ostream>

namespace selfdirect::council {

namespace {

constexpr std::size_t kPageSize = 256;

// The name a source is remembered by: a SQLite store by its absolute path, a PostgreSQL URI without
// its password (the local file must not keep a credential).
std::string source_label(const std::string& location) {
    if (location.find("://") == std::string::npos) {
        const std::string path = location.rfind("sqlite:", 0) == 0 ? location.substr(7) : location;
        std::error_code ec;
        const auto absolute = std::filesystem::absolute(path, ec);
        return "sqlite:" + (ec ? path : absolute.lexically_normal().string());
    }
    std::string label = location;
    const auto scheme_end = label.find("://") + 3;
    const auto at = label.find('@', scheme_end);
    const auto colon = label.find(':', scheme_end);
    if (at != std::string::npos && colon != std::string::npos && colon < at) label.erase(colon, at - colon);
    const auto query = label.find('?');
    if (query != std::string::npos) label.erase(query); // parameters may carry a password too
    return label;
}

int run_bundle_import(const PullOptions& options, std::ostream& out, std::ostream& err) {
    if (options.receipt_key.empty()) {
        err << "selfdirect-council: pull --bundle needs --receipt-key (the receiver's receipt.sk)\n";
        return kExitUsage;
    }
    auto receipt_key = sync::read_receipt_key(options.receipt_key);
    if (!receipt_key) {
        err << "selfdirect-council: cannot read receipt key: " << receipt_key.error().code << ": "
            << receipt_key.error().message << "\n";
        return kExitUsage;
    }
    sync::StoreOptions store_options;
    store_options.create = false; // devices must already be enrolled in it
    const std::string into = options.into.string();
    auto store = sync::open_envelope_store(into, store_options);
    if (!store) {
        err << "selfdirect-council: cannot open store " << source_label(into) << ": " << store.error().code << ": "
            << store.error().message << "\n";
        return kExitUsage;
    }
    auto& receiver = *store.value();
    auto bundle = sync::bundle::read_bundle(options.bundle_dir, [&receiver](const std::string& device_id)
                                                                    -> std::optional<vault::Bytes> {
        auto device = receiver.device(device_id);
        if (!device || !device.value() || device.value()->revoked_unix) return std::nullopt;
        return device.value()->sign_public_key;
    });
    if (!bundle) {
        err << "selfdirect-council: refused bundle " << options.bundle_dir.string() << ": " << bundle.error().code << ": "
            << bundle.error().message << "\n";
        return kExitUsage;
    }
    sync::Ingestor ingestor(receiver, receipt_key->secret_key);
    auto epoch = ingestor.restore_epoch();
    if (!epoch) {
        err << "selfdirect-council: cannot read store: " << epoch.error().code << ": " << epoch.error().message << "\n";
        return kExitUsage;
    }
    std::map<std::string, int> counts;
    int not_stored = 0;
    for (std::size_t i = 0; i < bundle->envelopes.size(); ++i) {
        const auto& item = bundle->envelopes[i];
        const auto outcome = ingestor.ingest(item.envelope, bundle->manifest.device_id, i, epoch.value());
        const std::string result{sync::protocol::to_string(outcome.result)};
        ++counts[result];
        if (outcome.result != sync::protocol::UploadResult::stored &&
            outcome.result != sync::protocol::UploadResult::duplicate) {
            ++not_stored;
            err << "selfdirect-council: " << result << ": record " << item.entry.record_id << " rev "
                << item.entry.revision << " (" << item.entry.file << "): " << outcome.reason << "\n";
        }
    }
    out << "imported bundle of " << bundle->manifest.device_id << ": " << bundle->envelopes.size() << " envelope(s)";
    for (const auto& [result, n] : counts) out << ", " << n << " " << result;
    out << "\n";
    return not_stored == 0 ? kExitOk : kExitSomeFailed;
}

} // namespace

int run_pull(const PullOptions& options, std::ostream& out, std::ostream& err) {
    if (!options.bundle_dir.empty()) return run_bundle_import(options, out, err);
    if (options.overlap < 0) {
        err << "selfdirect-council: --overlap must not be negative\n";
        return kExitUsage;
    }
    if (source_label(options.from) == source_label(options.into.string())) {
        err << "selfdirect-council: --into must be another file than the store pulled from\n";
        return kExitUsage;
    }
    sync::StoreOptions server_options;
    server_options.create = false;
    auto server = sync::open_envelope_store(options.from, server_options);
    if (!server) {
        err << "selfdirect-council: cannot open store " << source_label(options.from) << ": " << server.error().code
            << ": " << server.error().message << "\n";
        return kExitUsage;
    }
    auto local = CouncilLocalStore::open(options.into, /*create=*/true);
    if (!local) {
        err << "selfdirect-council: cannot open " << options.into.string() << ": " << local.error().code << ": "
            << local.error().message << "\n";
        return kExitUsage;
    }
    const std::string source = source_label(options.from);
    auto last = local.value()->last_pulled_seq(source);
    if (!last) {
        err << "selfdirect-council: cannot read " << options.into.string() << ": " << last.error().message << "\n";
        return kExitUsage;
    }

    std::int64_t after = std::max<std::int64_t>(0, last.value() - options.overlap);
    std::int64_t highest = last.value(), added = 0, held = 0, conflicts = 0;
    const std::int64_t now = now_unix();
    for (;;) {
        auto page = server.value()->list(after, kPageSize);
        if (!page) {
            err << "selfdirect-council: cannot read store: " << page.error().code << ": " << page.error().message << "\n";
            return kExitUsage;
        }
        if (page->empty()) break;
        for (const auto& stored : page.value()) {
            after = stored.seq;
            auto copied = local.value()->copy(stored, source, now);
            if (!copied) {
                err << "selfdirect-council: cannot store " << record_label(stored) << ": " << copied.error().message << "\n";
                return kExitUsage;
            }
            switch (copied.value()) {
            case CopyOutcome::added: ++added; break;
            case CopyOutcome::already_held: ++held; break;
            case CopyOutcome::conflict:
                ++conflicts;
                err << "selfdirect-council: conflict: " << record_label(stored)
                    << " differs from the copy already held; kept aside in council_conflicts\n";
                break;
            }
            highest = std::max(highest, stored.seq);
        }
        if (auto saved = local.value()->set_last_pulled_seq(source, highest); !saved) {
            err << "selfdirect-council: cannot write " << options.into.string() << ": " << saved.error().message << "\n";
            return kExitUsage;
        }
    }
    auto receiver_conflicts = server.value()->list_conflicts();
    if (!receiver_conflicts) {
        err << "selfdirect-council: cannot read store: " << receiver_conflicts.error().code << ": "
            << receiver_conflicts.error().message << "\n";
        return kExitUsage;
    }
    for (const auto& kept : receiver_conflicts.value()) {
        auto copied = local.value()->keep_conflict(kept, source, now);
        if (!copied) {
            err << "selfdirect-council: cannot write " << options.into.string() << ": " << copied.error().message << "\n";
            return kExitUsage;
        }
        if (copied.value()) ++conflicts;
    }
    auto held_conflicts = local.value()->conflicts();
    if (!held_conflicts) {
        err << "selfdirect-council: cannot read " << options.into.string() << ": " << held_conflicts.error().message
            << "\n";
        return kExitUsage;
    }
    report_conflicts(held_conflicts.value(), err);
    out << "pulled from " << source << ": " << added << " new, " << held << " already held, " << conflicts
        << " conflict(s); last seq " << highest;
    if (!held_conflicts->empty()) out << "; " << held_conflicts->size() << " kept conflict(s) to review";
    out << "\n";
    return conflicts == 0 ? kExitOk : kExitSomeFailed;
}

} // namespace selfdirect::council
