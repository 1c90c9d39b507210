// upload_outbox: one POST per pending envelope, oldest first. A row is acknowledged only when the
// server's answer names exactly what we sent (record id, revision, envelope hash) and says it was
// stored or was already there; anything else leaves the row queued for the next attempt.
#include "sync/client/uploader.h"

#include "sync/protocol/envelope_protocol.h"

#include <httplib.h>

#include <string>

namespace selfdirect::sync {

namespace {

constexpr time_t kConnectTimeoutSeconds = 5;
constexpr time_t kReadTimeoutSeconds = 5;
constexpr time_t kWriteTimeoutSeconds = 5;

// An answer acknowledges a row only if it is about that row.
bool acknowledges(const protocol::SubmitResponse& answer, const vault::OutboxEntry& entry) {
    const bool accepted =
        answer.result == protocol::SubmitResult::stored || answer.result == protocol::SubmitResult::duplicate;
    return accepted && answer.record_id == entry.record_id && answer.revision == entry.revision &&
           answer.envelope_hash == entry.envelope_hash;
}

} // namespace

Result<UploadReport> upload_outbox(vault::DeviceVault& vault, const std::string& base_url) {
    auto pending = vault.pending_outbox();
    if (!pending) return pending.error();

    UploadReport report;
    report.pending = static_cast<int>(pending->size());
    if (pending->empty()) return report;

    httplib::Client client(base_url);
    if (!client.is_valid()) {
        report.failed = report.pending;
        report.last_error = "sync.bad_url: cannot use server address " + base_url;
        return report;
    }
    client.set_connection_timeout(kConnectTimeoutSeconds, 0);
    client.set_read_timeout(kReadTimeoutSeconds, 0);
    client.set_write_timeout(kWriteTimeoutSeconds, 0);
    client.set_keep_alive(true);

    for (std::size_t i = 0; i < pending->size(); ++i) {
        const vault::OutboxEntry& entry = (*pending)[i];
        const std::string label = "record " + entry.record_id + " rev " + std::to_string(entry.revision);
        auto response = client.Post(protocol::kEnvelopesPath, reinterpret_cast<const char*>(entry.envelope.data()),
                                    entry.envelope.size(), protocol::kEnvelopeContentType);
        if (!response) {
            // The server is unreachable: every remaining row would fail the same way (after a
            // timeout each), so stop here and leave them all queued.
            report.failed += static_cast<int>(pending->size() - i);
            report.last_error = "sync.network: " + httplib::to_string(response.error());
            break;
        }
        auto answer = protocol::parse_submit_response(response->body);
        if (!answer) {
            ++report.failed;
            report.last_error = answer.error().code + " (HTTP " + std::to_string(response->status) + ") for " + label;
            continue;
        }
        if (!acknowledges(answer.value(), entry)) {
            ++report.failed;
            report.last_error = "sync." + std::string(protocol::to_string(answer->result)) + ": " +
                                (answer->reason.empty() ? "answer does not match the envelope" : answer->reason) +
                                " for " + label;
            continue;
        }
        if (auto marked = vault.mark_acknowledged(entry.record_id, entry.revision); !marked) {
            ++report.failed;
            report.last_error = marked.error().code + ": " + marked.error().message;
            continue;
        }
        ++report.acknowledged;
    }
    return report;
}

} // namespace selfdirect::sync
