// Test helper for the sync CLI tests: plays a device. Opens (or creates) a DeviceVault, submits one
// FHIR QuestionnaireResponse carrying `--marker`, sealed to the given council.pk, and uploads the
// outbox to a running selfdirect-sync. Prints the record id; exit 0 only if the upload was acked.
#include "sync/client/uploader.h"
#include "vault/device_vault.h"
#include "vault/key_files.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    using namespace selfdirect;
    CLI::App app{"seed one record into a selfdirect-sync receiver"};
    std::string device_dir, device_id = "cli-test-kiosk", council_pk, server, marker;
    app.add_option("--device-dir", device_dir)->required();
    app.add_option("--device-id", device_id);
    app.add_option("--council-pk", council_pk)->required();
    app.add_option("--server", server)->required();
    app.add_option("--marker", marker)->required();
    CLI11_PARSE(app, argc, argv);

    auto council = vault::read_council_public_key(council_pk);
    if (!council) {
        std::cerr << "seed_record: " << council.error().message << "\n";
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
    auto report = sync::upload_outbox(*device.value(), server);
    if (!report || report->acknowledged < 1 || report->failed != 0) {
        std::cerr << "seed_record: upload failed: " << (report ? report->last_error : report.error().message) << "\n";
        return 1;
    }
    std::cout << entry->record_id << "\n";
    return 0;
}
