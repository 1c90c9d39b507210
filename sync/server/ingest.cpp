// Ingestor: checks cheapest first and stops at the first failure, so a hostile envelope costs as
// little as possible. The device record is looked up before the Ed25519 verification (an unknown or
// revoked device costs one indexed SELECT, no public-key operation).
#include "sync/server/ingest.h"

#include "vault/envelope.h"

#include <chrono>

namespace selfdirect::sync {

namespace {

using protocol::EnvelopeOutcome;
using protocol::UploadResult;
namespace reason = protocol::reason;

const char* reason_for_envelope_error(const std::string& code) {
    if (code == "envelope.unsupported_version") return reason::kEnvelopeVersion;
    if (code == "envelope.bad_signature") return reason::kBadSignature;
    return reason::kEnvelopeMalformed;
}

std::string clock_flag(std::int64_t created_unix, std::int64_t now) {
    if (created_unix > now + protocol::kClockFutureSeconds) return "future";
    if (created_unix < now - protocol::kClockPastSeconds) return "past";
    return {};
}

} // namespace

Ingestor::Ingestor(EnvelopeStore& store, const vault::SecureBytes& receipt_secret_key, Clock clock,
                   SyncMetrics* metrics)
    : store_(store), receipt_secret_key_(receipt_secret_key), clock_(std::move(clock)), metrics_(metrics) {}

std::int64_t Ingestor::now() const {
    if (clock_) return clock_();
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Result<std::string> Ingestor::restore_epoch() { return store_.restore_epoch(); }

EnvelopeOutcome Ingestor::rejected(std::size_t index, const char* why) {
    EnvelopeOutcome out;
    out.index = index;
    out.result = UploadResult::rejected;
    out.reason = why;
    return counted(std::move(out));
}

EnvelopeOutcome Ingestor::counted(EnvelopeOutcome outcome) {
    if (metrics_) metrics_->count_result(std::string(protocol::to_string(outcome.result)), outcome.reason);
    return outcome;
}

EnvelopeOutcome Ingestor::ingest(const vault::Bytes& envelope, std::string_view claimed_device_id,
                                 std::size_t index) {
    auto epoch = store_.restore_epoch();
    if (!epoch) {
        EnvelopeOutcome out;
        out.index = index;
        out.result = UploadResult::error;
        out.reason = reason::kStorage;
        return counted(std::move(out));
    }
    return ingest(envelope, claimed_device_id, index, epoch.value());
}

EnvelopeOutcome Ingestor::ingest(const vault::Bytes& envelope, std::string_view claimed_device_id,
                                 std::size_t index, const std::string& restore_epoch) {
    auto checked = check(envelope, claimed_device_id, index, store_.device(std::string(claimed_device_id)));
    if (auto* refused = std::get_if<EnvelopeOutcome>(&checked)) return counted(std::move(*refused));
    auto& ready = std::get<Checked>(checked);
    auto put = store_.put(ready.incoming, signer());
    return counted(finish(std::move(ready), put, restore_epoch));
}

std::vector<EnvelopeOutcome> Ingestor::ingest_batch(const std::vector<vault::Bytes>& envelopes,
                                                    std::string_view claimed_device_id,
                                                    const std::string& restore_epoch,
                                                    const std::vector<std::size_t>& oversized) {
    std::vector<std::optional<EnvelopeOutcome>> outcomes(envelopes.size());
    for (const std::size_t i : oversized) {
        if (i < outcomes.size()) outcomes[i] = rejected(i, reason::kEnvelopeTooLarge);
    }
    // One lookup for the batch: every envelope claims the same sender.
    const auto device = store_.device(std::string(claimed_device_id));
    std::vector<Checked> ready;
    std::vector<IncomingEnvelope> incoming;
    for (std::size_t i = 0; i < envelopes.size(); ++i) {
        if (outcomes[i]) continue;
        auto checked = check(envelopes[i], claimed_device_id, i, device);
        if (auto* refused = std::get_if<EnvelopeOutcome>(&checked)) {
            outcomes[i] = counted(std::move(*refused));
        } else {
            ready.push_back(std::move(std::get<Checked>(checked)));
        }
    }
    if (!ready.empty()) {
        incoming.reserve(ready.size());
        for (auto& r : ready) incoming.push_back(std::move(r.incoming));
        const auto puts = store_.put_many(incoming, signer());
        for (std::size_t k = 0; k < ready.size(); ++k) {
            ready[k].incoming = std::move(incoming[k]);
            const std::size_t i = ready[k].outcome.index;
            outcomes[i] = counted(finish(std::move(ready[k]), puts.at(k), restore_epoch));
        }
    }
    std::vector<EnvelopeOutcome> out;
    out.reserve(outcomes.size());
    for (auto& o : outcomes) out.push_back(std::move(*o));
    return out;
}

ReceiptSigner Ingestor::signer() {
    // Called inside the store's transaction for a new copy, with the epoch read there; deterministic,
    // so finish() re-signing the same fields yields exactly the bytes the store kept.
    return [this](const IncomingEnvelope& in, std::int64_t seq, std::int64_t server_time,
                  const std::string& restore_epoch) {
        protocol::Receipt receipt{in.record_id, in.revision, in.envelope_hash, seq, server_time, restore_epoch, {}};
        auto signature = protocol::sign_receipt(receipt, receipt_secret_key_);
        return signature ? std::move(signature).value() : vault::Bytes{};
    };
}

std::variant<EnvelopeOutcome, Ingestor::Checked> Ingestor::check(const vault::Bytes& envelope,
                                                                 std::string_view claimed_device_id,
                                                                 std::size_t index,
                                                                 const Result<std::optional<DeviceRecord>>& device) {
    EnvelopeOutcome out;
    out.index = index;
    out.result = UploadResult::rejected;
    auto reject = [&out](const char* why) {
        out.result = UploadResult::rejected;
        out.reason = why;
        return out;
    };

    if (envelope.size() > protocol::kMaxEnvelopeBytes) return reject(reason::kEnvelopeTooLarge);
    if (envelope.empty()) return reject(reason::kEnvelopeMalformed);

    // Enrolment before any public-key work: one indexed lookup of the claimed sender.
    if (!device) {
        out.result = UploadResult::error;
        out.reason = reason::kStorage;
        return out;
    }
    if (!device.value()) return reject(reason::kNotEnrolled);
    const DeviceRecord& enrolled = *device.value();
    if (enrolled.revoked_unix) return reject(reason::kRevoked);

    // Structure and caps (no crypto), then the protocol's field rules and the enrolled key, and only
    // then the one Ed25519 verification (docs/sync-protocol.md: cheapest checks first).
    auto header = vault::parse_envelope(envelope);
    if (!header) return reject(reason_for_envelope_error(header.error().code));
    out.envelope_hash = vault::envelope_hash(envelope);
    // The format allows any short text; the protocol wants a lower-case UUID and a positive 31-bit
    // revision, because both go into receipts (one field per line) and the council's tables.
    if (!protocol::is_valid_record_id(header->record_id) || header->revision > protocol::kMaxRevision) {
        return reject(reason::kEnvelopeMalformed);
    }
    out.record_id = header->record_id;
    out.revision = header->revision;
    if (header->device_id != claimed_device_id) return reject(reason::kNotSender);
    if (header->device_sign_public_key != enrolled.sign_public_key) return reject(reason::kKeyMismatch);
    if (auto verified = vault::verify_envelope(envelope); !verified) return reject(reason_for_envelope_error(verified.error().code));

    Checked checked;
    checked.outcome = std::move(out);
    IncomingEnvelope& in = checked.incoming;
    in.record_id = header->record_id;
    in.revision = header->revision;
    in.envelope_hash = checked.outcome.envelope_hash;
    in.envelope = envelope;
    in.device_id = header->device_id;
    in.server_time = now();
    in.clock_flag = clock_flag(header->created_unix, in.server_time);
    return checked;
}

EnvelopeOutcome Ingestor::finish(Checked checked, const Result<PutResult>& put, const std::string& restore_epoch) {
    EnvelopeOutcome out = std::move(checked.outcome);
    if (!put) {
        out.result = UploadResult::error;
        out.reason = reason::kStorage;
        return out;
    }
    switch (put->outcome) {
    case PutOutcome::conflict:
        out.result = UploadResult::conflict;
        out.reason = reason::kRevisionExists;
        return out;
    case PutOutcome::stored: out.result = UploadResult::stored; break;
    case PutOutcome::duplicate: out.result = UploadResult::duplicate; break;
    }
    // Stored: the signature the store kept, made under the epoch its transaction read. Duplicate: the
    // original seq and time with the current epoch, signed afresh, byte-identical to the original
    // receipt while the epoch is unchanged (Ed25519 is deterministic).
    protocol::Receipt receipt{out.record_id, out.revision, out.envelope_hash, put->seq, put->server_time,
                              put->restore_epoch.empty() ? restore_epoch : put->restore_epoch, put->receipt_signature};
    if (receipt.signature.empty()) {
        auto signature = protocol::sign_receipt(receipt, receipt_secret_key_);
        if (!signature) {
            out.result = UploadResult::error;
            out.reason = reason::kStorage;
            return out;
        }
        receipt.signature = std::move(signature).value();
    }
    out.receipt = std::move(receipt);
    if (metrics_ && put->outcome == PutOutcome::stored) metrics_->count_clock_flag(checked.incoming.clock_flag);
    return out;
}

} // namespace selfdirect::sync
