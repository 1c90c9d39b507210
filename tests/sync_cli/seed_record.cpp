// Test helper for the sync CLI tests: plays a device. Opens (or creates) a DeviceVault, submits one
// FHIR QuestionnaireResponse carrying `--marker`, sealed to the given council.pk, and runs one sync
// pass against a running selfdirect-sync with the pinned receipt.pk (enrolling with --code first if
// given). Prints the record id; exit 0 only if the row was acknowledged with a valid receipt,
// 1 if it was not (held or left for later; the reason on stderr), 2 on bad input.
#include "sync/client/uploader.h"
#include "sync/server/receipt_key.h"
#include "vault/device_vault.h"
#include "vault/key_files.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    using namespace selfdirect;
    CLI::App app{"seed one record into a selfdirect-sync receiver"};
    std::string device_dir, device_id = "cli-test-kiosk", council_pk, server, marker, receipt_pk, code;
    app.add_option("--device-dir", device_dir)->required();
    app.add_option("--device-id", device_id);
    app.add_option("--council-pk", council_pk)->required();
    app.add_option("--server", server)->required();
    app.add_option("--marker", marker)->required();
    app.add_option("--receipt-pk", receipt_pk, "receipt.pk of the receiver (the pin)")->required();
    app.add_option("--code", code, "enrolment code (first run)");
    CLI11_PARSE(app, argc, argv);

    auto council = vault::read_council_public_key(council_pk);
    if (!council) {
        std::cerr << "seed_record: " << council.error().message << "\n";
        return 2;
    }
    auto pin = sync::read_receipt_public_key(receipt_pk);
    if (!pin) {
        std::cerr << "seed_record: " << pin.error().message << "\n";
        return 2;
    }
    auto device = vault::DeviceVault::open(device_dir, device_id);
    if (!device) {
        std::cerr << "seed_record: " << device.error().message << "\n";
        return 2;
    }
    auto session = device.value()->begin_session();
    if (!session) return 2;
    const std::string json = R"({"resourceType":"QuestionnaireResponse","status":"completed","item":[{"linkId":"q1","answer":[{"valueString":")" +
                             marker + R"("}]}]})";
    auto entry = device.value()->submit(session.value(), vault::SecureBytes::from_string(json), "SKEL-1", "1",
                                        council.value());
    if (!entry) {
        std::cerr << "seed_record: " << entry.error().message << "\n";
        return 2;
    }
    sync::ClientConfig config;
    config.base_url = server;
    config.receipt_key = pin.value();
    config.enrolment_code = code;
    sync::SyncClient client(*device.value(), config);
    auto report = client.sync_once();
    if (!report || report->acknowledged < 1 || report->failed != 0 || report->held != 0) {
        std::cerr << "seed_record: upload not acknowledged: " << (!report ? report.error().message : report->last_error ? report->last_error->code + ": " + report->last_error->message : std::string("no error"))
                  << "\n";
        return 1;
    }
    std::cout << entry->record_id << "\n";
    return 0;
}
