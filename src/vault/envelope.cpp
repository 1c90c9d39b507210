// Skeleton envelope format "SDE0": seal a record to the council's X25519 key (crypto_box_seal),
// sign every byte with the device's Ed25519 key, and check all of it strictly on the way back in.
// Layout and guarantees: docs/security.md, "Envelope format SDE0 (skeleton)". Issue 4 replaces the
// layout with v1 behind the same functions.
#include "vault/envelope.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <cstring>
#include <limits>
#include <utility>

namespace selfdirect::vault {

namespace {

constexpr char kMagic[4] = {'S', 'D', 'E', '0'};
constexpr std::size_t kMagicSize = sizeof(kMagic);
constexpr std::size_t kLengthSize = 4;
constexpr std::size_t kMaxHeader = 4 * 1024;
constexpr std::size_t kMaxSealed = 16 * 1024 * 1024;
constexpr std::size_t kSignatureSize = crypto_sign_BYTES;

Error malformed(const std::string& why) { return make_error("envelope.malformed", why); }
Error invalid_input(const std::string& why) { return make_error("envelope.invalid_input", why); }

void put_u32le(Bytes& out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

std::uint32_t get_u32le(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

nlohmann::json header_to_json(const EnvelopeHeader& h) {
    return nlohmann::json{{"record_id", h.record_id},           {"revision", h.revision},
                          {"form_id", h.form_id},               {"form_version", h.form_version},
                          {"device_id", h.device_id},           {"device_sign_pk", to_base64(h.device_sign_public_key)},
                          {"council_key_id", h.council_key_id}, {"created", h.created_unix}};
}

const char* const kStringFields[] = {"record_id", "form_id", "form_version", "device_id", "device_sign_pk",
                                     "council_key_id"};

Result<EnvelopeHeader> header_from_json(const std::uint8_t* data, std::size_t size) {
    const auto* begin = reinterpret_cast<const char*>(data);
    nlohmann::json j = nlohmann::json::parse(begin, begin + size, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return malformed("header is not a JSON object");
    // Exactly the known fields: nothing unsigned-for can ride along, and a duplicate key (which
    // the parser would silently collapse) shows up as a non-canonical encoding below.
    if (j.size() != 8) return malformed("header must have exactly 8 fields");
    for (const char* field : kStringFields) {
        if (!j.contains(field) || !j[field].is_string()) return malformed(std::string("header field ") + field + " missing or not a string");
    }
    if (!j.contains("revision") || !j["revision"].is_number_unsigned()) return malformed("header field revision missing or not an unsigned integer");
    if (!j.contains("created") || !j["created"].is_number_integer()) return malformed("header field created missing or not an integer");
    const auto revision = j["revision"].get<std::uint64_t>();
    if (revision == 0 || revision > std::numeric_limits<std::uint32_t>::max()) return malformed("header revision out of range");
    if (j["created"].is_number_unsigned() && j["created"].get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()) {
        return malformed("header created out of range");
    }

    // The header must be exactly what seal_record writes (compact, sorted keys), so one record has
    // one byte representation.
    if (j.dump() != std::string_view(begin, size)) return malformed("header JSON is not in canonical form");

    EnvelopeHeader h;
    h.record_id = j["record_id"].get<std::string>();
    h.revision = static_cast<std::uint32_t>(revision);
    h.form_id = j["form_id"].get<std::string>();
    h.form_version = j["form_version"].get<std::string>();
    h.device_id = j["device_id"].get<std::string>();
    h.council_key_id = j["council_key_id"].get<std::string>();
    h.created_unix = j["created"].get<std::int64_t>();
    if (!from_base64(j["device_sign_pk"].get<std::string>(), h.device_sign_public_key) ||
        h.device_sign_public_key.size() != crypto_sign_PUBLICKEYBYTES) {
        return malformed("device_sign_pk is not a base64 Ed25519 public key");
    }
    return h;
}

// Where the parts of a structurally valid envelope are; produced only after the signature checked.
struct Parsed {
    EnvelopeHeader header;
    std::size_t sealed_offset = 0;
    std::size_t sealed_size = 0;
};

Result<Parsed> parse_and_verify(const Bytes& env) {
    const std::size_t size = env.size();
    if (size < kMagicSize + kLengthSize) return malformed("too short");
    if (std::memcmp(env.data(), kMagic, kMagicSize) != 0) return malformed("bad magic (not an SDE0 envelope)");

    const std::size_t header_size = get_u32le(env.data() + kMagicSize);
    if (header_size > kMaxHeader) return malformed("header longer than 4 KiB");
    const std::size_t header_offset = kMagicSize + kLengthSize;
    if (size - header_offset < header_size + kLengthSize) return malformed("truncated header");

    const std::size_t sealed_len_offset = header_offset + header_size;
    const std::size_t sealed_size = get_u32le(env.data() + sealed_len_offset);
    if (sealed_size > kMaxSealed) return malformed("sealed part longer than 16 MiB");
    if (sealed_size < crypto_box_SEALBYTES) return malformed("sealed part shorter than a sealed box");
    const std::size_t sealed_offset = sealed_len_offset + kLengthSize;
    // All sizes are bounded above, so this sum cannot overflow.
    const std::size_t expected = sealed_offset + sealed_size + kSignatureSize;
    if (size < expected) return malformed("truncated envelope");
    if (size > expected) return malformed("trailing bytes after the signature");

    auto header = header_from_json(env.data() + header_offset, header_size);
    if (!header) return header.error();

    const std::size_t signed_size = sealed_offset + sealed_size;
    if (crypto_sign_verify_detached(env.data() + signed_size, env.data(), signed_size,
                                    header->device_sign_public_key.data()) != 0) {
        return make_error("envelope.bad_signature", "device signature does not verify");
    }
    return Parsed{std::move(header).value(), sealed_offset, sealed_size};
}

} // namespace

bool is_valid_key_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.' || c == ':';
        if (!ok) return false;
    }
    return true;
}

Result<Bytes> seal_record(const SecureBytes& plaintext, const EnvelopeHeader& header, const CouncilPublicKey& council,
                          const SecureBytes& device_sign_secret_key) {
    if (sodium_init() < 0) return make_error("envelope.crypto", "libsodium failed to initialise");
    if (council.public_key.size() != crypto_box_PUBLICKEYBYTES) return invalid_input("council public key must be 32 bytes");
    if (device_sign_secret_key.size() != crypto_sign_SECRETKEYBYTES) return invalid_input("device signing key must be 64 bytes");
    if (header.device_sign_public_key.size() != crypto_sign_PUBLICKEYBYTES) return invalid_input("device public key must be 32 bytes");
    // An Ed25519 secret key carries its public key in its last 32 bytes: a mismatch would produce
    // an envelope nobody can verify, so refuse it here where the mistake is made.
    if (sodium_memcmp(device_sign_secret_key.data() + crypto_sign_SEEDBYTES, header.device_sign_public_key.data(),
                      crypto_sign_PUBLICKEYBYTES) != 0) {
        return invalid_input("device public key in the header does not match the signing key");
    }
    if (header.council_key_id != council.key_id) return invalid_input("header council_key_id differs from the council key");
    if (header.revision == 0) return invalid_input("revision starts at 1");
    if (plaintext.size() > kMaxSealed - crypto_box_SEALBYTES) return invalid_input("record too large to seal");

    std::string header_json;
    try {
        header_json = header_to_json(header).dump();
    } catch (const nlohmann::json::exception&) {
        return invalid_input("header strings must be valid UTF-8");
    }
    if (header_json.size() > kMaxHeader) return invalid_input("header longer than 4 KiB");
    const std::size_t sealed_size = plaintext.size() + crypto_box_SEALBYTES;

    Bytes env;
    env.reserve(kMagicSize + kLengthSize + header_json.size() + kLengthSize + sealed_size + kSignatureSize);
    env.insert(env.end(), kMagic, kMagic + kMagicSize);
    put_u32le(env, static_cast<std::uint32_t>(header_json.size()));
    env.insert(env.end(), header_json.begin(), header_json.end());
    put_u32le(env, static_cast<std::uint32_t>(sealed_size));
    const std::size_t sealed_offset = env.size();
    env.resize(sealed_offset + sealed_size);
    const std::uint8_t empty = 0; // a readable address for a zero-length plaintext
    const std::uint8_t* message = plaintext.empty() ? &empty : plaintext.data();
    if (crypto_box_seal(env.data() + sealed_offset, message, plaintext.size(), council.public_key.data()) != 0) {
        return make_error("envelope.crypto", "crypto_box_seal failed");
    }
    const std::size_t signed_size = env.size();
    env.resize(signed_size + kSignatureSize);
    crypto_sign_detached(env.data() + signed_size, nullptr, env.data(), signed_size, device_sign_secret_key.data());
    return env;
}

Result<EnvelopeHeader> verify_envelope(const Bytes& envelope) {
    if (sodium_init() < 0) return make_error("envelope.crypto", "libsodium failed to initialise");
    auto parsed = parse_and_verify(envelope);
    if (!parsed) return parsed.error();
    return std::move(parsed->header);
}

Result<SecureBytes> open_record(const Bytes& envelope, const CouncilKeyPair& council) {
    if (sodium_init() < 0) return make_error("envelope.crypto", "libsodium failed to initialise");
    auto parsed = parse_and_verify(envelope);
    if (!parsed) return parsed.error();
    if (parsed->header.council_key_id != council.key_id) {
        return make_error("envelope.wrong_key", "record is sealed to council key '" + parsed->header.council_key_id +
                                                    "', not '" + council.key_id + "'");
    }
    if (council.public_key.size() != crypto_box_PUBLICKEYBYTES || council.secret_key.size() != crypto_box_SECRETKEYBYTES) {
        return make_error("envelope.wrong_key", "council key pair has the wrong size");
    }
    const std::size_t plain_size = parsed->sealed_size - crypto_box_SEALBYTES;
    // A zero-length SecureBytes owns no memory, so give libsodium one guarded byte to write to.
    SecureBytes plain(plain_size == 0 ? 1 : plain_size);
    if (crypto_box_seal_open(plain.data(), envelope.data() + parsed->sealed_offset, parsed->sealed_size,
                             council.public_key.data(), council.secret_key.data()) != 0) {
        return make_error("envelope.decrypt_failed", "sealed part does not open with council key '" + council.key_id + "'");
    }
    if (plain_size == 0) return SecureBytes{};
    return plain;
}

std::string envelope_hash(const Bytes& envelope) {
    Bytes digest(crypto_generichash_BYTES);
    if (sodium_init() < 0) return {};
    crypto_generichash(digest.data(), digest.size(), envelope.data(), envelope.size(), nullptr, 0);
    return to_hex(digest);
}

Result<CouncilKeyPair> generate_council_keypair(const std::string& key_id) {
    if (sodium_init() < 0) return make_error("envelope.crypto", "libsodium failed to initialise");
    if (!is_valid_key_id(key_id)) return invalid_input("key id must be 1-64 characters of A-Z a-z 0-9 - _ . :");
    CouncilKeyPair pair;
    pair.key_id = key_id;
    pair.public_key.resize(crypto_box_PUBLICKEYBYTES);
    pair.secret_key = SecureBytes(crypto_box_SECRETKEYBYTES);
    crypto_box_keypair(pair.public_key.data(), pair.secret_key.data());
    return pair;
}

} // namespace selfdirect::vault
