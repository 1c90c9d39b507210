// `selfdirect-council verify`: an audit of a store (the receiver's, or a council-local copy) that
// needs no secret key. For every stored envelope it re-checks the device's signature and the header
// against the stored fields, the stored envelope_hash against the bytes, and the receipt signature
// (rebuilt from the stored record id, revision, hash, seq, server time and receipt epoch) against the
// receiver's pinned receipt public key. With --council-public-key it also checks each record is
// sealed to that council key id. Prints a summary; exit 1 naming every record that fails, 2 when the
// store or a key cannot be read. Copies kept aside as conflicts are listed on stderr for a person
// (they are not part of the store's sequence and carry no receipt).
#include "sync/council/commands.h"

#include "sync/council/council_records.h"
#include "sync/protocol/sync_wire.h"
#include "vault/asset_file.h"
#include "vault/key_files.h"
#include "vault/signature.h"

#include <algorithm>
#include <ostream>

namespace selfdirect::council {

namespace {

// receipt.pk: `<label> <base64 32-byte Ed25519 public key>` (one line), a bare base64 line, or the
// 32 raw bytes, so it reads whatever the receiver's keygen wrote.
Result<vault::Bytes> read_receipt_public_key(const std::filesystem::path& path) {
    auto text = vault::read_asset_file(path, 4096);
    if (!text) return text.error();
    std::string t = text.value();
    if (t.size() == vault::kSignPublicKeyBytes && t.find('\n') == std::string::npos) {
        vault::Bytes raw(t.begin(), t.end());
        return raw;
    }
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
    if (t.find('\n') != std::string::npos) return make_error("council.receipt_key", path.string() + ": expected one line");
    const auto space = t.rfind(' ');
    const std::string b64 = space == std::string::npos ? t : t.substr(space + 1);
    vault::Bytes key;
    if (!vault::from_base64(b64, key) || key.size() != vault::kSignPublicKeyBytes) {
        return make_error("council.receipt_key", path.string() + ": not a base64 32-byte Ed25519 public key");
    }
    return key;
}

} // namespace

int run_verify(const VerifyOptions& options, std::ostream& out, std::ostream& err) {
    auto receipt_key = read_receipt_public_key(options.receipt_public_key);
    if (!receipt_key) {
        err << "selfdirect-council: cannot read receipt public key: " << receipt_key.error().code << ": "
            << receipt_key.error().message << "\n";
        return kExitUsage;
    }
    std::string council_key_id;
    if (!options.council_public_key.empty()) {
        auto council = vault::read_council_public_key(options.council_public_key);
        if (!council) {
            err << "selfdirect-council: cannot read council public key: " << council.error().code << ": "
                << council.error().message << "\n";
            return kExitUsage;
        }
        council_key_id = council->key_id;
    }
    auto store = StoredSource::open(options.store);
    if (!store) {
        err << "selfdirect-council: cannot open store " << options.store << ": " << store.error().code << ": "
            << store.error().message << "\n";
        return kExitUsage;
    }

    std::int64_t checked = 0, failed = 0;
    auto walked = store->for_each([&](const sync::StoredEnvelope& s) {
        ++checked;
        std::vector<std::string> problems;
        auto header = vault::verify_envelope(s.envelope);
        if (!header) {
            problems.push_back("device signature: " + header.error().code);
        } else {
            if (header->record_id != s.record_id || header->revision != s.revision) {
                problems.push_back("header names another record or revision");
            }
            if (header->device_id != s.device_id) problems.push_back("header names another device");
            if (!council_key_id.empty() && std::find(header->council_key_ids.begin(), header->council_key_ids.end(),
                                                     council_key_id) == header->council_key_ids.end()) {
                problems.push_back("not sealed to council key " + council_key_id);
            }
        }
        if (vault::envelope_hash(s.envelope) != s.envelope_hash) problems.push_back("envelope_hash does not match the bytes");
        sync::protocol::Receipt receipt;
        receipt.record_id = s.record_id;
        receipt.revision = s.revision;
        receipt.envelope_hash = s.envelope_hash;
        receipt.server_seq = s.seq;
        receipt.server_time = s.server_time;
        receipt.restore_epoch = s.receipt_epoch;
        receipt.signature = s.receipt_signature;
        if (!sync::protocol::receipt_signature_valid(receipt, receipt_key.value())) {
            problems.push_back("receipt signature does not verify");
        }
        if (problems.empty()) return;
        ++failed;
        err << "selfdirect-council: FAIL " << record_label(s) << ":";
        for (std::size_t i = 0; i < problems.size(); ++i) err << (i ? "; " : " ") << problems[i];
        err << "\n";
    });
    if (!walked) {
        err << "selfdirect-council: cannot read store: " << walked.error().code << ": " << walked.error().message << "\n";
        return kExitUsage;
    }
    auto conflicts = store->conflicts();
    if (!conflicts) {
        err << "selfdirect-council: cannot read store: " << conflicts.error().code << ": " << conflicts.error().message
            << "\n";
        return kExitUsage;
    }
    report_conflicts(conflicts.value(), err);
    out << "verified " << checked << " stored envelope(s): " << (checked - failed) << " ok, " << failed << " failed";
    if (!conflicts->empty()) out << "; " << conflicts->size() << " kept conflict(s) to review";
    out << "\n";
    return failed == 0 ? kExitOk : kExitSomeFailed;
}

} // namespace selfdirect::council
