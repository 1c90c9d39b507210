// SyncClient's upload pass (see uploader.h). Every row of a batch ends the pass ACKED (a receipt
// that verifies with the pinned key and names exactly what was sent), HELD (conflict / rejected),
// or backed off; so a pass terminates, one bad envelope never blocks the others, and an HTTP 200
// is never mistaken for a receipt.
#include "sync/client/uploader.h"

#include "sync/client/answer_reason.h"
#include "sync/client/backoff.h"
#include "sync/client/http_post.h"
#include "sync/protocol/sync_wire.h"
#include "vault/signature.h"

#include <algorithm>
#include <chrono>
#include <cstring>

namespace selfdirect::sync {

namespace {

// A runaway guard: a pass sends at most this many batches (a restore epoch may re-offer everything).
constexpr int kMaxBatchesPerPass = 1000;
// The request body cap with room for the JSON around the envelopes.
constexpr std::size_t kBodyBudget = protocol::kMaxBodyBytes - 64 * 1024;

std::size_t base64_size(std::size_t n) { return 4 * ((n + 2) / 3); }

// Rejections about the device as a whole, not the envelope: holding rows for them would strand
// every record of a device that only needs enrolling (again).
bool device_wide(const std::string& reason) {
    return reason == protocol::reason::kNotEnrolled || reason == protocol::reason::kRevoked;
}

std::string label(const vault::OutboxEntry& row) {
    return "record " + row.record_id + " rev " + std::to_string(row.revision);
}

} // namespace

SyncClient::SyncClient(vault::DeviceVault& vault, ClientConfig config, ClientHooks hooks)
    : vault_(vault), config_(std::move(config)), hooks_(std::move(hooks)) {
    if (config_.batch_size == 0 || config_.batch_size > protocol::kMaxBatchEnvelopes)
        config_.batch_size = protocol::kDeviceBatchSize;
}

std::int64_t SyncClient::now() const {
    if (hooks_.now) return hooks_.now();
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double SyncClient::random_unit() const {
    if (hooks_.random_unit) return hooks_.random_unit();
    const vault::Bytes raw = vault::random_bytes(8);
    std::uint64_t bits = 0;
    std::memcpy(&bits, raw.data(), sizeof bits);
    return static_cast<double>(bits >> 11) / static_cast<double>(1ULL << 53);
}

Result<std::int64_t> SyncClient::next_attempt_unix() {
    auto state = vault_.sync_state();
    if (!state) return state.error();
    if (state->next_attempt_unix > now()) return state->next_attempt_unix;
    // Rows due already were offered by the last pass (or cannot be: not enrolled); only a row backoff
    // still running is a reason to wake before the regular interval.
    auto pending = vault_.pending_outbox();
    if (!pending) return pending.error();
    const std::int64_t at = now();
    std::int64_t earliest = 0;
    for (const auto& row : *pending) {
        if (row.next_attempt_unix > at && (earliest == 0 || row.next_attempt_unix < earliest)) earliest = row.next_attempt_unix;
    }
    return earliest;
}

Result<UploadReport> SyncClient::sync_once() {
    UploadReport report;
    const std::int64_t started = now();
    auto state = vault_.sync_state();
    if (!state) return state.error();

    // The pass's problem as it happened: the error, and the receiver's own reason if it gave one.
    auto note_problem = [&](Error error, std::string receiver_reason = {}) {
        report.last_error = std::move(error);
        report.receiver_reason = std::move(receiver_reason);
    };
    // Device-wide trouble: back off by the consecutive-failure count and end the pass.
    auto fail_pass = [&]() -> Result<void> {
        const int n = state->consecutive_failures + 1;
        Error kept = *report.last_error;
        kept.message = kept.message.substr(0, 200);
        return vault_.note_sync_failure(kept, report.receiver_reason, started + backoff_seconds(n, random_unit()));
    };
    auto finish = [&]() -> Result<UploadReport> {
        auto current = vault_.sync_state();
        if (!current) return current.error();
        auto purged = vault_.purge_acknowledged(now(), config_.retention_days, current->restore_epoch);
        if (!purged) return purged.error();
        report.purged = purged.value();
        auto status = vault_.sync_status();
        if (!status) return status.error();
        report.status = std::move(status).value();
        return report;
    };

    if (state->next_attempt_unix > started) {
        report.backed_off = true;
        report.last_error = state->last_error;
        report.receiver_reason = state->last_receiver_reason;
        return finish();
    }
    if (config_.receipt_key.size() != vault::kSignPublicKeyBytes) {
        note_problem(make_error("sync.config", "sync.receipt_key is missing or not a 32-byte key"));
        return finish();
    }
    if (!state->enrolled_with(config_.receipt_key)) {
        std::string receiver_reason;
        auto enrolled = enrol_noting_reason(receiver_reason);
        if (!enrolled) {
            note_problem(enrolled.error(), std::move(receiver_reason));
            if (enrolled.error().code == "sync.config") return finish(); // nothing to retry until the profile changes
            if (auto noted = fail_pass(); !noted) return noted.error();
            return finish();
        }
        report.enrolled_now = true;
        auto refreshed = vault_.sync_state();
        if (!refreshed) return refreshed.error();
        state = std::move(refreshed);
    }

    const detail::HttpOptions http{config_.ca_file, config_.connect_timeout_seconds, config_.read_write_timeout_seconds};
    bool counted_pending = false;
    // Live progress (hooks_.on_progress): rows answered for so far, of the rows pending at the start.
    int progress_total = 0;
    auto progress = [&] {
        if (!hooks_.on_progress) return;
        const int sent = report.acknowledged + report.held + report.failed;
        progress_total = std::max(progress_total, sent); // a record submitted mid-pass went too
        hooks_.on_progress(sent, progress_total);
    };
    for (int batch_no = 0; batch_no < kMaxBatchesPerPass; ++batch_no) {
        if (batch_no > 0 && hooks_.should_stop && hooks_.should_stop()) break; // quitting: the rest waits
        auto due = vault_.due_outbox(now(), config_.batch_size);
        if (!due) return due.error();
        if (!counted_pending) {
            auto before = vault_.sync_status();
            if (!before) return before.error();
            report.pending = before->queued + before->sending;
            counted_pending = true;
            progress_total = report.pending;
            if (!due->empty()) progress(); // (0, total): a pass is in flight before the first answer
        }
        if (due->empty()) break;

        // Keep the body under the receiver's cap; an envelope over the per-envelope cap can never go.
        std::vector<vault::OutboxEntry> batch;
        std::size_t body = 0;
        for (auto& row : *due) {
            if (row.envelope.size() > protocol::kMaxEnvelopeBytes) {
                if (auto held = vault_.hold(row.record_id, row.revision, protocol::reason::kEnvelopeTooLarge); !held)
                    return held.error();
                ++report.held;
                continue;
            }
            const std::size_t size = base64_size(row.envelope.size()) + 4;
            if (!batch.empty() && body + size > kBodyBudget) break;
            body += size;
            batch.push_back(std::move(row));
        }
        if (batch.empty()) continue;

        protocol::UploadRequest request;
        request.device_id = vault_.identity().device_id;
        for (const auto& row : batch) request.envelopes.push_back(row.envelope);
        auto answer = detail::post_json(config_.base_url, protocol::kUploadPath, protocol::to_json(request), http);

        // The whole batch failed: count an attempt on each row (its reason: the receiver's, else the
        // code) and back the device off.
        auto batch_failed = [&](Error error, std::string receiver_reason = {}) -> Result<void> {
            const int n = state->consecutive_failures + 1;
            const std::int64_t next = started + backoff_seconds(n, random_unit());
            const std::string row_reason = receiver_reason.empty() ? error.code : receiver_reason;
            if (auto noted = vault_.note_attempts_failed(batch, row_reason.substr(0, 64), next); !noted) return noted;
            report.failed += static_cast<int>(batch.size());
            note_problem(std::move(error), std::move(receiver_reason));
            return fail_pass();
        };
        if (!answer) {
            if (auto failed = batch_failed(answer.error()); !failed) return failed.error();
            return finish();
        }
        if (answer->status != 200) {
            std::string reason = detail::answer_reason(answer->body);
            Error refused = make_error("sync.refused", reason + " (HTTP " + std::to_string(answer->status) + ")");
            if (auto failed = batch_failed(std::move(refused), std::move(reason)); !failed) return failed.error();
            return finish();
        }
        auto parsed = protocol::parse_upload_response(answer->body);
        if (!parsed || parsed->results.size() != batch.size()) {
            if (auto failed = batch_failed(make_error("sync.bad_answer", "the upload answer is not one result per envelope"));
                !failed)
                return failed.error();
            return finish();
        }

        bool device_problem = false;
        bool retry_later = false;
        std::vector<vault::StoredReceipt> receipts; // verified; stored together after the loop
        std::vector<std::size_t> receipt_rows;
        std::string device_reason;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const auto& row = batch[i];
            const auto& outcome = parsed->results[i];
            const std::int64_t row_next = started + backoff_seconds(row.attempts + 1, random_unit());
            if (outcome.index != i) {
                if (auto noted = vault_.note_attempt_failed(row.record_id, row.revision, "sync.bad_answer", row_next); !noted)
                    return noted.error();
                ++report.failed;
                retry_later = true;
                note_problem(make_error("sync.bad_answer", "results out of order for " + label(row)));
                continue;
            }
            switch (outcome.result) {
            case protocol::UploadResult::stored:
            case protocol::UploadResult::duplicate: {
                // Tamper case 15: unsigned, signed by another key, or naming another record, revision or
                // hash: not a receipt. The row stays queued; nothing is acknowledged or purged.
                if (!outcome.receipt || !protocol::receipt_matches(*outcome.receipt, config_.receipt_key, row.record_id,
                                                                   row.revision, row.envelope_hash)) {
                    if (auto noted = vault_.note_attempt_failed(row.record_id, row.revision, "sync.bad_receipt", row_next);
                        !noted)
                        return noted.error();
                    ++report.failed;
                    retry_later = true;
                    note_problem(make_error("sync.bad_receipt", "the receipt does not verify for " + label(row)));
                    break;
                }
                receipts.push_back(*outcome.receipt);
                receipt_rows.push_back(i);
                break;
            }
            case protocol::UploadResult::conflict:
            case protocol::UploadResult::rejected: {
                const std::string reason = outcome.reason.empty() ? std::string(protocol::to_string(outcome.result))
                                                                  : outcome.reason;
                if (outcome.result == protocol::UploadResult::rejected && device_wide(reason)) {
                    device_problem = true;
                    device_reason = reason;
                    ++report.failed;
                    break;
                }
                if (auto held = vault_.hold(row.record_id, row.revision, reason.substr(0, 64)); !held) return held.error();
                ++report.held;
                note_problem(make_error("sync." + std::string(protocol::to_string(outcome.result)),
                                        reason + " for " + label(row)),
                             reason);
                break;
            }
            case protocol::UploadResult::error: {
                const std::string reason = outcome.reason.empty() ? protocol::reason::kStorage : outcome.reason;
                if (auto noted = vault_.note_attempt_failed(row.record_id, row.revision, reason.substr(0, 64), row_next); !noted)
                    return noted.error();
                ++report.failed;
                retry_later = true;
                note_problem(make_error("sync.error", reason + " for " + label(row)), reason);
                break;
            }
            }
        }
        // One commit for the batch's receipts: a crash leaves all of them stored or none (then resent).
        if (!receipts.empty()) {
            auto stored = vault_.store_receipts(receipts, now());
            if (!stored) return stored.error();
            for (std::size_t k = 0; k < receipts.size(); ++k) {
                if ((*stored)[k]) {
                    ++report.acknowledged;
                    continue;
                }
                // Not acknowledged; backed off like any failure so the pass cannot spin on it.
                const auto& row = batch[receipt_rows[k]];
                const std::int64_t next = started + backoff_seconds(row.attempts + 1, random_unit());
                if (auto noted = vault_.note_attempt_failed(row.record_id, row.revision, "vault.receipt_mismatch", next); !noted)
                    return noted.error();
                ++report.failed;
                retry_later = true;
                note_problem(make_error("vault.receipt_mismatch", "the receipt names no row held here for " + label(row)));
            }
        }
        progress();
        if (device_problem) {
            // Enrolled no more (revoked, or the store forgot the device): ask for enrolment again.
            if (device_reason == protocol::reason::kNotEnrolled) {
                if (auto reset = vault_.note_enrolled({}, "", 0); !reset) return reset.error();
            }
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (parsed->results[i].reason != device_reason) continue;
                const std::int64_t next = started + backoff_seconds(batch[i].attempts + 1, random_unit());
                if (auto noted = vault_.note_attempt_failed(batch[i].record_id, batch[i].revision, device_reason, next); !noted)
                    return noted.error();
            }
            note_problem(make_error("sync.rejected", device_reason + " (this device, not a record)"), device_reason);
            if (auto failed = fail_pass(); !failed) return failed.error();
            return finish();
        }
        if (retry_later) {
            if (auto failed = fail_pass(); !failed) return failed.error();
            return finish();
        }
        if (auto ok = vault_.note_sync_success(now()); !ok) return ok.error();
        state->consecutive_failures = 0;
        // Held rows above keep their last_error in the report; a clean batch clears nothing else.
    }
    return finish();
}

Result<UploadReport> upload_outbox(vault::DeviceVault& vault, const std::string& base_url) {
    ClientConfig config;
    config.base_url = base_url;
    SyncClient client(vault, std::move(config));
    return client.sync_once();
}

} // namespace selfdirect::sync
