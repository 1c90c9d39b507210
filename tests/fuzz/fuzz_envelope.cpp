// Fuzzes the envelope reader: the sync server runs verify_envelope on bytes from the network, and
// the council tool runs open_record on what the server stored. Any byte string must give an Error
// value (never a crash, an out-of-bounds read or an exception), and:
//   - open_record succeeds only on an envelope verify_envelope accepts, and both agree on failures;
//   - an accepted envelope has a 64-hex-digit hash, a 32-byte device key and a revision >= 1;
//   - an accepted, opened envelope sealed again with the same header and plaintext reads back the same.
// Inputs that do not start with the "SDEV" magic are also read as the fields of a record to seal
// (header strings, revision, plaintext, via FuzzedDataProvider): sealing it with the fixed device
// key, then verifying and opening, must give back exactly the header and plaintext that went in.
// That second mode reaches the code behind a valid signature, which raw mutation almost never does,
// and models a stolen device key (its envelopes verify, so the parser after the signature must be safe).
#include "fuzz_check.h"
#include "fuzz_keys.h"
#include "vault/envelope.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace {

using namespace selfdirect;

bool same_header(const vault::EnvelopeHeader& a, const vault::EnvelopeHeader& b) {
    return a.record_id == b.record_id && a.revision == b.revision && a.form_id == b.form_id &&
           a.form_version == b.form_version && a.device_id == b.device_id &&
           a.device_sign_public_key == b.device_sign_public_key && a.council_key_ids == b.council_key_ids &&
           a.created_unix == b.created_unix;
}

bool is_hex(const std::string& s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// Seals, verifies and opens; every step that succeeds must give back what went in.
void check_roundtrip(const vault::SecureBytes& plaintext, const vault::EnvelopeHeader& header,
                     const vault::CouncilKeyPair& council) {
    const vault::CouncilPublicKey council_public{council.key_id, council.public_key};
    auto env = vault::seal_record(plaintext, header, council_public, fuzz::device_sign_secret_key());
    if (!env) {
        FUZZ_CHECK(env.error().code == "envelope.invalid_input", "seal_record fails only on invalid input");
        return;
    }
    auto verified = vault::verify_envelope(*env);
    FUZZ_CHECK(verified.ok(), "an envelope seal_record wrote must verify");
    FUZZ_CHECK(same_header(*verified, header), "verify_envelope gives back the header that was sealed");
    auto opened = vault::open_record(*env, council);
    FUZZ_CHECK(opened.ok(), "an envelope sealed to the council key must open with it");
    FUZZ_CHECK(opened->view() == plaintext.view(), "open_record gives back the plaintext that was sealed");
}

void check_raw(const vault::Bytes& env, const vault::CouncilKeyPair& council) {
    auto header = vault::verify_envelope(env);
    auto opened = vault::open_record(env, council);
    if (!header) {
        const auto& code = header.error().code;
        FUZZ_CHECK(code == "envelope.malformed" || code == "envelope.unsupported_version" ||
                       code == "envelope.bad_signature",
                   "verify_envelope error codes");
        FUZZ_CHECK(!opened.ok() && opened.error().code == code, "open_record refuses what verify_envelope refuses");
        return;
    }
    FUZZ_CHECK(header->revision >= 1, "an accepted envelope has a revision >= 1");
    FUZZ_CHECK(header->device_sign_public_key.size() == 32, "an accepted envelope carries a 32-byte device key");
    const std::string hash = vault::envelope_hash(env);
    FUZZ_CHECK(hash.size() == 64 && is_hex(hash), "envelope_hash is 64 lower-case hex digits");
    if (!opened) {
        const auto& code = opened.error().code;
        FUZZ_CHECK(code == "envelope.unknown_council_key" || code == "envelope.decrypt_failed" ||
                       code == "envelope.sender_mismatch",
                   "open_record error codes");
        bool listed = false;
        for (const auto& id : header->council_key_ids) listed = listed || id == council.key_id;
        FUZZ_CHECK((code == "envelope.unknown_council_key") == !listed,
                   "unknown_council_key exactly when the header does not list this council key");
        return;
    }
    if (header->device_sign_public_key == fuzz::device_sign_public_key()) check_roundtrip(*opened, *header, council);
}

void check_structured(const std::uint8_t* data, std::size_t size, const vault::CouncilKeyPair& council) {
    FuzzedDataProvider in(data, size);
    vault::EnvelopeHeader header;
    header.record_id = in.ConsumeRandomLengthString(64);
    header.revision = in.ConsumeIntegral<std::uint32_t>();
    header.form_id = in.ConsumeRandomLengthString(32);
    header.form_version = in.ConsumeRandomLengthString(16);
    header.device_id = in.ConsumeRandomLengthString(64);
    header.device_sign_public_key = fuzz::device_sign_public_key();
    header.council_key_ids = {in.ConsumeBool() ? council.key_id : in.ConsumeRandomLengthString(64)};
    header.created_unix = in.ConsumeIntegral<std::int64_t>();
    const std::string plaintext = in.ConsumeRemainingBytesAsString();
    check_roundtrip(vault::SecureBytes::from_string(plaintext), header, council);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const vault::CouncilKeyPair council = fuzz::council_keypair();
    check_raw(vault::Bytes(data, data + size), council);
    if (size < 4 || std::memcmp(data, "SDEV", 4) != 0) check_structured(data, size, council);
    return 0;
}
