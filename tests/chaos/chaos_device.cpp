// The device side of the sync chaos test (tests/chaos/chaos_test.py): a real DeviceVault in a real
// SQLite file that seals N records and then runs the real SyncClient against whatever URL it is
// given (the fault-injecting proxy) until every row is ACKED, or the deadline passes. The client's
// clock is injected and fast-forwarded to each retry time: the backoff logic runs as written, but the
// test does not sleep through it. Prints one JSON line: what the outbox holds at the end and the
// record ids it sealed (the test compares them with what the council received).
#include "sync/client/uploader.h"
#include "vault/bytes.h"
#include "vault/device_vault.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

using namespace selfdirect;

namespace {

std::int64_t wall_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// For the one JSON line: a reason code never has quotes or backslashes, but be sure.
std::string sanitised(std::string text) {
    for (char& c : text)
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = '\'';
    return text;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"chaos_device: seals N records and syncs them until every one has a receipt"};
    std::string data_dir, device_id = "chaos-device-1", url, receipt_key_b64, code, council_key_id, council_pk_b64, ids_out;
    int records = 2000, deadline_seconds = 600;
    app.add_option("--data", data_dir)->required();
    app.add_option("--device-id", device_id);
    app.add_option("--url", url)->required();
    app.add_option("--receipt-key", receipt_key_b64, "pinned receipt public key, base64")->required();
    app.add_option("--code", code, "enrolment code")->required();
    app.add_option("--council-key-id", council_key_id)->required();
    app.add_option("--council-public-key", council_pk_b64, "base64")->required();
    app.add_option("--records", records);
    app.add_option("--deadline-seconds", deadline_seconds);
    app.add_option("--ids-out", ids_out, "write the sealed record ids here, one per line")->required();
    CLI11_PARSE(app, argc, argv);

    vault::DeviceVaultOptions options;
    options.kdf_target_seconds = 0; // a test device: the Argon2id floor, no calibration
    auto vault = vault::DeviceVault::open(data_dir, device_id, options);
    if (!vault) {
        std::cerr << "chaos_device: " << vault.error().code << ": " << vault.error().message << "\n";
        return 2;
    }
    vault::CouncilPublicKey council{council_key_id, {}};
    sync::ClientConfig config;
    config.base_url = url;
    config.enrolment_code = code;
    if (!vault::from_base64(council_pk_b64, council.public_key) || !vault::from_base64(receipt_key_b64, config.receipt_key)) {
        std::cerr << "chaos_device: bad base64 key\n";
        return 2;
    }
    config.connect_timeout_seconds = 2;
    config.read_write_timeout_seconds = 5;

    // Seal the records (a few safeguarding-flagged, so the priority order is exercised too).
    std::vector<std::string> ids;
    for (int i = 0; i < records; ++i) {
        auto session = (*vault)->begin_session();
        if (!session) return std::cerr << "chaos_device: " << session.error().message << "\n", 2;
        const std::string json = R"({"resourceType":"QuestionnaireResponse","status":"completed","questionnaire":)"
                                 R"("https://selfdirect.example/fhir/Questionnaire/CHAOS|1","item":[{"linkId":"n","answer":[{"valueInteger":)" +
                                 std::to_string(i) + "}]}]}";
        auto sealed = (*vault)->submit(*session, vault::SecureBytes::from_string(json), "CHAOS", "1", council, i % 97 == 0);
        if (!sealed) return std::cerr << "chaos_device: submit: " << sealed.error().message << "\n", 2;
        ids.push_back(sealed->record_id);
    }
    {
        std::ofstream out(ids_out);
        for (const auto& id : ids) out << id << "\n";
    }

    // Sync until every row is ACKED. The client's clock runs ahead of the wall clock by however much
    // backoff it has asked for, so its retries come at once.
    std::int64_t skew = 0;
    sync::ClientHooks hooks;
    hooks.now = [&skew] { return wall_seconds() + skew; };
    sync::SyncClient client(**vault, config, hooks);
    const auto started = std::chrono::steady_clock::now();
    int passes = 0, failed_passes = 0;
    std::string last_error;
    vault::SyncStatus status;
    for (;;) {
        auto report = client.sync_once();
        ++passes;
        if (!report) {
            std::cerr << "chaos_device: sync pass failed: " << report.error().code << ": " << report.error().message << "\n";
            return 1;
        }
        status = report->status;
        if (report->last_error) ++failed_passes, last_error = report->last_error->code + ": " + report->last_error->message;
        if (status.queued == 0 && status.sending == 0) break;
        if (std::chrono::steady_clock::now() - started > std::chrono::seconds(deadline_seconds)) break;
        auto next = client.next_attempt_unix();
        if (next && *next > hooks.now()) skew += *next - hooks.now();
        // Only a pass that got nowhere waits a moment (the receiver may be restarting); the rest go on.
        if (report->acknowledged == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::printf("{\"records\":%d,\"queued\":%d,\"sending\":%d,\"acked\":%d,\"held\":%d,\"passes\":%d,\"failed_passes\":%d,"
                "\"seconds\":%.3f,\"last_error\":\"%s\"}\n",
                records, status.queued, status.sending, status.acked, status.held, passes, failed_passes,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), sanitised(last_error).c_str());
    return status.acked == records ? 0 : 1;
}
