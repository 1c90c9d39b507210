// Test helper for the council CLI tests: plays a device and the receiver at once, without HTTP.
// Seals each given QuestionnaireResponse file to the given council.pk with a fresh device key,
// stores it with EnvelopeStore::put under a receipt signed by a fresh receipt key, writes that
// receipt key's public half to --receipt-pk-out, and prints one record id per line. --record-id ID
// seals every record under that id instead of a random one (a second run with the same id makes
// the store keep a conflict).
//   council_cli_seed --store S --receipt-pk-out receipt.pk --record COUNCIL_PK,FORM_ID,RESPONSE_FILE ...
// With --bundle-out DIR it plays a device without network instead: submits the records into a real
// DeviceVault (--device-dir), enrols that device in the store, and exports its outbox as a
// removable-media bundle under DIR; it prints the bundle directory, then the record ids.
#include "sync/bundle/bundle_writer.h"
#include "sync/protocol/sync_wire.h"
#include "sync/server/envelope_store.h"
#include "vault/asset_file.h"
#include "vault/device_vault.h"
#include "vault/envelope.h"
#include "vault/key_files.h"
#include "vault/signature.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace {

std::string random_record_id() {
    auto b = selfdirect::vault::random_bytes(16);
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return text;
}

int fail(const std::string& what) {
    std::cerr << "council_cli_seed: " << what << "\n";
    return 2;
}

int bundle_mode(selfdirect::sync::EnvelopeStore& store, const std::string& device_dir, const std::string& device_id,
                const std::vector<std::string>& records, const std::string& bundle_out) {
    using namespace selfdirect;
    auto device = vault::DeviceVault::open(device_dir, device_id);
    if (!device) return fail(device.error().message);
    std::vector<std::string> ids;
    for (const auto& spec : records) {
        const auto first = spec.find(','), second = spec.find(',', first + 1);
        if (first == std::string::npos || second == std::string::npos) return fail("bad --record " + spec);
        auto council = vault::read_council_public_key(spec.substr(0, first));
        if (!council) return fail(council.error().message);
        auto text = vault::read_asset_file(spec.substr(second + 1));
        if (!text) return fail(text.error().message);
        auto session = device.value()->begin_session();
        if (!session) return fail(session.error().message);
        auto entry = device.value()->submit(session.value(), vault::SecureBytes::from_string(text.value()),
                                            spec.substr(first + 1, second - first - 1), "1", council.value());
        if (!entry) return fail(entry.error().message);
        ids.push_back(entry->record_id);
    }
    // Enrol the device as `selfdirect-council enrol` + POST /v2/enrol would.
    const auto code_hash = vault::blake2b_256("council-cli-test-code");
    if (auto added = store.add_enrolment_code({code_hash, device_id, 4102444800, {}}); !added) return fail(added.error().message);
    const auto& identity = device.value()->identity();
    sync::DeviceRecord record{device_id, identity.sign_public_key, identity.box_public_key, 1795000000, std::nullopt};
    auto redeemed = store.redeem_enrolment_code(code_hash, record, 1795000000);
    if (!redeemed || redeemed.value() != sync::RedeemOutcome::enrolled) return fail("cannot enrol the test device");
    std::filesystem::create_directories(bundle_out); // the stick's mount point
    auto exported = sync::bundle::export_bundle(*device.value(), bundle_out, 1795000000);
    if (!exported) return fail(exported.error().message);
    std::cout << exported->dir.string() << "\n";
    for (const auto& id : ids) std::cout << id << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    using namespace selfdirect;
    CLI::App app{"seal records straight into a selfdirect-sync store"};
    std::string store_location, receipt_pk_out, device_id = "council-cli-kiosk", record_id;
    std::vector<std::string> records;
    std::string bundle_out, device_dir;
    app.add_option("--bundle-out", bundle_out);
    app.add_option("--device-dir", device_dir);
    app.add_option("--store", store_location)->required();
    app.add_option("--receipt-pk-out", receipt_pk_out)->required();
    app.add_option("--device-id", device_id);
    app.add_option("--record-id", record_id);
    app.add_option("--record", records, "COUNCIL_PK,FORM_ID,RESPONSE_FILE")->required();
    CLI11_PARSE(app, argc, argv);

    auto store = sync::open_envelope_store(store_location, sync::StoreOptions{});
    if (!store) return fail(store.error().message);
    if (!bundle_out.empty()) return bundle_mode(*store.value(), device_dir, device_id, records, bundle_out);
    auto epoch = store.value()->restore_epoch();
    if (!epoch) return fail(epoch.error().message);
    const auto device = vault::generate_sign_keypair();
    const auto receipt_key = vault::generate_sign_keypair();
    std::ofstream(receipt_pk_out) << "ed25519-pk " << vault::to_base64(receipt_key.public_key) << "\n";

    for (const auto& spec : records) {
        const auto first = spec.find(','), second = spec.find(',', first + 1);
        if (first == std::string::npos || second == std::string::npos) return fail("bad --record " + spec);
        auto council = vault::read_council_public_key(spec.substr(0, first));
        if (!council) return fail(council.error().message);
        auto text = vault::read_asset_file(spec.substr(second + 1));
        if (!text) return fail(text.error().message);

        vault::EnvelopeHeader header;
        header.record_id = record_id.empty() ? random_record_id() : record_id;
        header.revision = 1;
        header.form_id = spec.substr(first + 1, second - first - 1);
        header.form_version = "1";
        header.device_id = device_id;
        header.device_sign_public_key = device.public_key;
        header.council_key_ids = {council->key_id};
        header.created_unix = 1795000000;
        auto sealed = vault::seal_record(vault::SecureBytes::from_string(text.value()), header, council.value(),
                                         device.secret_key);
        if (!sealed) return fail(sealed.error().message);

        sync::IncomingEnvelope in;
        in.record_id = header.record_id;
        in.revision = header.revision;
        in.envelope_hash = vault::envelope_hash(sealed.value());
        in.envelope = sealed.value();
        in.device_id = device_id;
        in.server_time = 1795000100;
        auto put = store.value()->put(in, [&](const sync::IncomingEnvelope& e, std::int64_t seq, std::int64_t time,
                                              const std::string& store_epoch) {
            sync::protocol::Receipt receipt{e.record_id, e.revision, e.envelope_hash, seq, time, store_epoch, {}};
            return sync::protocol::sign_receipt(receipt, receipt_key.secret_key).value();
        });
        if (!put) return fail(put.error().message);
        std::cout << header.record_id << "\n";
    }
    return 0;
}
