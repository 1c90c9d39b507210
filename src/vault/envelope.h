// Sealed, signed record envelopes: what leaves the device. Reads like libsodium: one verb per job,
// each returning a Result. The device can seal for the council but cannot open what it sealed.
// Skeleton format (issue 2); issue 4 replaces the byte layout (v1: secretstream, padding, several
// recipients) behind these same calls. The layout is documented in docs/security.md.
#pragma once

#include "core/result.h"
#include "vault/bytes.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::vault {

// Public, authenticated metadata of a record (never personal data).
struct EnvelopeHeader {
    std::string record_id;        // UUID v4, lower-case text
    std::uint32_t revision = 1;
    std::string form_id;          // e.g. "SKEL-1"
    std::string form_version;     // e.g. "1"
    std::string device_id;        // from the device profile
    Bytes device_sign_public_key; // Ed25519 public key (32 bytes) of the signing device
    std::string council_key_id;   // which council key the record is sealed to
    std::int64_t created_unix = 0;
};

struct CouncilPublicKey {
    std::string key_id;
    Bytes public_key; // X25519, crypto_box_PUBLICKEYBYTES
};

struct CouncilKeyPair {
    std::string key_id;
    Bytes public_key;
    SecureBytes secret_key;
};

// Seals `plaintext` to the council key and signs the whole envelope with the device's Ed25519 secret key.
// Fails with "envelope.invalid_input" on wrong key sizes, a header key that does not match the signing
// key, header.council_key_id != council.key_id, or a record/header over the format's size caps.
Result<Bytes> seal_record(const SecureBytes& plaintext, const EnvelopeHeader& header,
                          const CouncilPublicKey& council, const SecureBytes& device_sign_secret_key);

// Parses and checks structure and the signature against the key carried in the header.
// Does not decrypt. Fails with code "envelope.malformed" or "envelope.bad_signature".
Result<EnvelopeHeader> verify_envelope(const Bytes& envelope);

// Verifies, then opens with the council key pair. Fails with "envelope.wrong_key" or "envelope.decrypt_failed".
Result<SecureBytes> open_record(const Bytes& envelope, const CouncilKeyPair& council);

// BLAKE2b-256 of the whole envelope, hex: the identity the sync server stores and receipts name.
std::string envelope_hash(const Bytes& envelope);

// Fails with "envelope.invalid_input" if the key id is not valid (see is_valid_key_id).
Result<CouncilKeyPair> generate_council_keypair(const std::string& key_id);

// Key ids appear in key files and headers: 1-64 characters of A-Z a-z 0-9 - _ . :
bool is_valid_key_id(std::string_view id);

} // namespace selfdirect::vault
