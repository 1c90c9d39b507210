// Sealed, signed record envelopes: what leaves the device. Reads like libsodium: one verb per job,
// each returning a Result. The device can seal for the council but cannot open what it sealed.
// Format v1 (magic "SDEV", version 1): binary header, padded body in secretstream chunks, file key
// sealed to each council key, Ed25519 signature last. Byte layout: docs/security.md.
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
    std::vector<std::string> council_key_ids; // the council keys the record is sealed to (1-8, distinct)
    std::int64_t created_unix = 0;
    // Set by verify_envelope (length of the padded, encrypted body); seal_record ignores it.
    std::uint32_t padded_length = 0;
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

// Seals `plaintext` to every council key (a fresh random file key, wrapped for each) and signs the whole
// envelope with the device's Ed25519 secret key. Fails with "envelope.invalid_input" on wrong key sizes,
// a header key that does not match the signing key, header.council_key_ids not equal to the ids of
// `councils` in order, or a record/header over the format's size caps.
Result<Bytes> seal_record(const SecureBytes& plaintext, const EnvelopeHeader& header,
                          const std::vector<CouncilPublicKey>& councils, const SecureBytes& device_sign_secret_key);
// The usual case: one current council key.
Result<Bytes> seal_record(const SecureBytes& plaintext, const EnvelopeHeader& header,
                          const CouncilPublicKey& council, const SecureBytes& device_sign_secret_key);

// Parses, checks structure and size caps, then the signature against the key carried in the header.
// Does not decrypt. Fails with "envelope.malformed", "envelope.unsupported_version" or "envelope.bad_signature".
Result<EnvelopeHeader> verify_envelope(const Bytes& envelope);

// Structure and size caps only, no public-key operation: what a receiver checks before it spends an
// Ed25519 verification (it can then compare the header's key with the enrolled one first). Same codes
// as verify_envelope except "envelope.bad_signature". Never trust the header without verify_envelope.
Result<EnvelopeHeader> parse_envelope(const Bytes& envelope);

// Verifies, then opens with the council key pair. Besides verify_envelope's codes it fails with
// "envelope.unknown_council_key" (the record is not sealed to this key id), "envelope.decrypt_failed"
// (key or stream does not authenticate) or "envelope.sender_mismatch" (inner device id differs from
// the header's, i.e. from the signer's).
Result<SecureBytes> open_record(const Bytes& envelope, const CouncilKeyPair& council);

// BLAKE2b-256 of the whole envelope, hex: the identity the sync server stores and receipts name.
std::string envelope_hash(const Bytes& envelope);

// Fails with "envelope.invalid_input" if the key id is not valid (see is_valid_key_id).
Result<CouncilKeyPair> generate_council_keypair(const std::string& key_id);

// Key ids appear in key files and headers: 1-64 characters of A-Z a-z 0-9 - _ . :
bool is_valid_key_id(std::string_view id);

namespace detail {
// Test hook for vectors and tamper tests: seal_record with the file key given (32 bytes) instead of
// random, and the device id written inside the ciphertext given instead of header.device_id.
// The sealed key boxes and the secretstream header are still random. Never used by the app.
Result<Bytes> seal_record_with(const SecureBytes& plaintext, const EnvelopeHeader& header,
                               const std::vector<CouncilPublicKey>& councils, const SecureBytes& device_sign_secret_key,
                               const SecureBytes& file_key, std::string_view inner_device_id);
} // namespace detail

} // namespace selfdirect::vault
