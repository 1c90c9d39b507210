// Writes the sync protocol v2 test vectors (tests/vectors/sync-v2.json, named in
// docs/sync-protocol.md) from fixed keys with the real protocol code: receipts (their signed texts and
// signatures), an enrolment request with its proof, the enrolled answer, an upload request and an
// upload answer. Ed25519 is deterministic and nothing here is random, so a fresh run must give the
// committed file byte for byte (a ctest compares them); the independent Python checker
// (verify_sync_v2.py) re-derives every signed text from the document and verifies every signature.
//
//   make_sync_vectors > tests/vectors/sync-v2.json
#include "sync/protocol/sync_wire.h"

#include <nlohmann/json.hpp>
#include <sodium.h> // test-vector tool: derives the fixed key pairs from their seeds

#include <iostream>
#include <string>

namespace {

using namespace selfdirect;
namespace protocol = sync::protocol;
using nlohmann::ordered_json;

vault::Bytes pattern(std::uint8_t first, std::size_t n = 32) {
    vault::Bytes b(n);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(first + i);
    return b;
}

struct SignKeys {
    vault::Bytes seed, pub;
    vault::SecureBytes secret;
};

SignKeys sign_keys(std::uint8_t first) {
    SignKeys k{pattern(first), vault::Bytes(crypto_sign_PUBLICKEYBYTES), vault::SecureBytes(crypto_sign_SECRETKEYBYTES)};
    crypto_sign_seed_keypair(k.pub.data(), k.secret.data(), k.seed.data());
    return k;
}

vault::Bytes sign(const std::string& text, const SignKeys& k) {
    vault::Bytes sig(crypto_sign_BYTES);
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(), k.secret.data());
    return sig;
}

ordered_json receipt_vector(const std::string& name, const protocol::Receipt& r) {
    return ordered_json{{"name", name},
                        {"receipt", ordered_json::parse(protocol::to_json(r))},
                        {"signed_text", protocol::receipt_signed_text(r)}};
}

} // namespace

int main() {
    if (sodium_init() < 0) return 1;
    // Test-vector keys only: byte patterns, protecting nothing.
    const SignKeys receipt_key = sign_keys(0x10);
    const SignKeys device_key = sign_keys(0x40);
    const vault::Bytes device_box_pk = pattern(0x70);
    const std::string epoch = "3f1c0e2a9b7d4c55";

    protocol::Receipt stored{"0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10", 1,
                             "5d41c3a4e0f2b6a8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6", 17, 1795000000, epoch, {}};
    auto sig = protocol::sign_receipt(stored, receipt_key.secret);
    if (!sig) return std::cerr << sig.error().message << "\n", 1;
    stored.signature = *sig;
    // The same record answered as a duplicate after a restore: original seq and time, the new epoch.
    protocol::Receipt restored = stored;
    restored.restore_epoch = "9a0b1c2d3e4f5a6b";
    sig = protocol::sign_receipt(restored, receipt_key.secret);
    if (!sig) return 1;
    restored.signature = *sig;

    protocol::EnrolRequest enrol{"kiosk-central-library-1", "7G2K-QM4T-X9PA-HW3D", device_key.pub, device_box_pk, {}};
    enrol.proof = sign(protocol::enrol_proof_text(enrol), device_key);
    protocol::EnrolResponse enrolled{enrol.device_id, epoch, receipt_key.pub, {}};
    enrolled.signature = sign(protocol::enrolled_signed_text(enrol.device_id, device_key.pub, epoch), receipt_key);

    protocol::UploadResponse upload;
    upload.restore_epoch = epoch;
    upload.server_time = 1795000000;
    protocol::EnvelopeOutcome ok;
    ok.index = 0;
    ok.result = protocol::UploadResult::stored;
    ok.record_id = stored.record_id;
    ok.revision = stored.revision;
    ok.envelope_hash = stored.envelope_hash;
    ok.receipt = stored;
    protocol::EnvelopeOutcome clash;
    clash.index = 1;
    clash.result = protocol::UploadResult::conflict;
    clash.record_id = "77aa0c1e-5b2d-4f3a-8e9b-0c1d2e3f4a5b";
    clash.revision = 1;
    clash.envelope_hash = "a3e9" + std::string(60, '0');
    clash.reason = protocol::reason::kRevisionExists;
    upload.results = {ok, clash};

    ordered_json out;
    out["about"] = "selfdirect sync protocol v2 test vectors (docs/sync-protocol.md), written by make_sync_vectors; "
                   "test keys derived from byte-pattern seeds, protecting nothing";
    out["receipt_key"] = {{"seed_hex", vault::to_hex(receipt_key.seed)}, {"public_key", vault::to_base64(receipt_key.pub)}};
    out["device_key"] = {{"seed_hex", vault::to_hex(device_key.seed)}, {"sign_public_key", vault::to_base64(device_key.pub)},
                         {"box_public_key", vault::to_base64(device_box_pk)}};
    out["receipts"] = {receipt_vector("stored", stored), receipt_vector("duplicate after a new restore epoch", restored)};
    out["enrol_request"] = {{"json", ordered_json::parse(protocol::to_json(enrol))}, {"proof_text", protocol::enrol_proof_text(enrol)}};
    out["enrol_response"] = {{"json", ordered_json::parse(protocol::to_json(enrolled))},
                             {"signed_text", protocol::enrolled_signed_text(enrol.device_id, device_key.pub, epoch)}};
    out["upload_response"] = ordered_json::parse(protocol::to_json(upload));
    std::cout << out.dump(2) << "\n";
    return 0;
}
