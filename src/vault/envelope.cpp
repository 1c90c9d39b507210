// Envelope format v1 ("SDEV", version 1): a canonical binary header, the file key sealed
// (crypto_box_seal) to each council key, the padded body in crypto_secretstream chunks bound to
// the header, and an Ed25519 signature over everything before it. Every size is capped and the
// exact total length is checked before any public-key operation. Byte layout and the tamper case
// each check answers: docs/security.md, "Envelope format v1".
#include "vault/envelope.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

namespace selfdirect::vault {

namespace {

constexpr std::uint8_t kMagic[4] = {'S', 'D', 'E', 'V'};
constexpr std::uint8_t kVersion = 1;      // also the minimum: anything else is refused
constexpr std::uint8_t kSuite = 1;        // Ed25519, X25519 sealed box, secretstream XChaCha20-Poly1305, ISO 7816-4 pad
constexpr std::size_t kPreamble = 8;      // magic, version, suite, header length
constexpr std::size_t kMaxHeaderBody = 1024;
constexpr std::size_t kMaxRecordId = 64;
constexpr std::size_t kMaxFormId = 64;
constexpr std::size_t kMaxFormVersion = 32;
constexpr std::size_t kMaxDeviceId = 64;
constexpr std::size_t kMaxRecipients = 8;
constexpr std::size_t kChunk = 64 * 1024;             // plaintext bytes per secretstream chunk
constexpr std::size_t kMinBucket = 256;
constexpr std::size_t kMaxPadded = 16 * 1024 * 1024;  // padded body cap (256 chunks)
constexpr std::size_t kWrapped = crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES; // 80
constexpr std::size_t kStreamHeader = crypto_secretstream_xchacha20poly1305_HEADERBYTES;             // 24
constexpr std::size_t kChunkOverhead = crypto_secretstream_xchacha20poly1305_ABYTES;                 // 17
constexpr std::size_t kSignature = crypto_sign_BYTES;
constexpr std::size_t kMaxEnvelope = kPreamble + kMaxHeaderBody + kMaxRecipients * kWrapped + kStreamHeader +
                                     kMaxPadded + (kMaxPadded / kChunk) * kChunkOverhead + kSignature;

Error malformed(const std::string& why) { return make_error("envelope.malformed", why); }
Error invalid_input(const std::string& why) { return make_error("envelope.invalid_input", why); }

void put_u16(Bytes& out, std::uint16_t v) {
    for (int i = 0; i < 2; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_u32(Bytes& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_u64(Bytes& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_str(Bytes& out, const std::string& s) {
    out.push_back(static_cast<std::uint8_t>(s.size()));
    out.insert(out.end(), s.begin(), s.end());
}

// Bounds-checked little-endian reader over the header body; any overrun marks it failed.
class Reader {
public:
    Reader(const std::uint8_t* p, std::size_t n) : p_(p), n_(n) {}
    bool failed() const { return failed_; }
    bool at_end() const { return pos_ == n_; }
    std::uint64_t uint(int bytes) {
        if (!take(static_cast<std::size_t>(bytes))) return 0;
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(p_[pos_ - bytes + i]) << (8 * i);
        return v;
    }
    std::string str(std::size_t max) {
        const std::size_t len = uint(1);
        if (len > max) failed_ = true;
        if (failed_ || !take(len)) return {};
        return std::string(reinterpret_cast<const char*>(p_ + pos_ - len), len);
    }
    Bytes raw(std::size_t len) {
        if (!take(len)) return {};
        return Bytes(p_ + pos_ - len, p_ + pos_);
    }

private:
    bool take(std::size_t len) {
        if (failed_ || n_ - pos_ < len) {
            failed_ = true;
            return false;
        }
        pos_ += len;
        return true;
    }
    const std::uint8_t* p_;
    std::size_t n_;
    std::size_t pos_ = 0;
    bool failed_ = false;
};

// Sizes (bytes) a padded body may have: 256, 512, ... 64 KiB, then whole multiples of 64 KiB.
bool is_bucket(std::size_t padded) {
    if (padded == 0 || padded > kMaxPadded) return false;
    if (padded >= kChunk) return padded % kChunk == 0;
    return padded >= kMinBucket && (padded & (padded - 1)) == 0;
}

// The sodium_pad block size for an unpadded length (>= 1 byte of padding is always added).
std::size_t block_for(std::size_t unpadded) {
    std::size_t b = kMinBucket;
    while (b < kChunk && b < unpadded + 1) b *= 2;
    return b;
}

std::size_t chunk_count(std::size_t padded) { return (padded + kChunk - 1) / kChunk; }

std::size_t stream_size(std::size_t padded) {
    return kStreamHeader + padded + chunk_count(padded) * kChunkOverhead;
}

// Where the parts of a structurally valid envelope are.
struct Parsed {
    EnvelopeHeader header;
    std::size_t header_end = 0; // bytes [0, header_end) are the authenticated header (secretstream AD)
    std::size_t wrapped_offset = 0;
    std::size_t stream_offset = 0;
    std::size_t signed_size = 0;
};

// Structure and caps only: no public-key operation happens here (tamper case 13).
Result<Parsed> parse(const Bytes& env) {
    const std::size_t size = env.size();
    if (size > kMaxEnvelope) return malformed("envelope larger than the format's cap");
    if (size < kPreamble) return malformed("too short");
    if (std::memcmp(env.data(), kMagic, sizeof kMagic) != 0) return malformed("bad magic (not an SDEV envelope)");
    if (env[4] != kVersion) {
        return make_error("envelope.unsupported_version", "format version " + std::to_string(env[4]) + " is not 1");
    }
    if (env[5] != kSuite) {
        return make_error("envelope.unsupported_version", "algorithm suite " + std::to_string(env[5]) + " is not 1");
    }
    const std::size_t body = static_cast<std::size_t>(env[6]) | static_cast<std::size_t>(env[7]) << 8;
    if (body > kMaxHeaderBody) return malformed("header longer than 1024 bytes");
    if (size - kPreamble < body) return malformed("truncated header");

    Parsed p;
    EnvelopeHeader& h = p.header;
    Reader r(env.data() + kPreamble, body);
    h.record_id = r.str(kMaxRecordId);
    h.revision = static_cast<std::uint32_t>(r.uint(4));
    h.form_id = r.str(kMaxFormId);
    h.form_version = r.str(kMaxFormVersion);
    h.device_id = r.str(kMaxDeviceId);
    h.device_sign_public_key = r.raw(crypto_sign_PUBLICKEYBYTES);
    h.created_unix = static_cast<std::int64_t>(r.uint(8));
    h.padded_length = static_cast<std::uint32_t>(r.uint(4));
    const std::size_t recipients = r.uint(1);
    if (!r.failed() && (recipients == 0 || recipients > kMaxRecipients)) return malformed("recipient count must be 1-8");
    for (std::size_t i = 0; i < recipients && !r.failed(); ++i) {
        std::string id = r.str(64);
        if (r.failed()) break;
        if (!is_valid_key_id(id)) return malformed("council key id is not a valid key id");
        for (const auto& seen : h.council_key_ids) {
            if (seen == id) return malformed("council key id listed twice");
        }
        h.council_key_ids.push_back(std::move(id));
    }
    if (r.failed()) return malformed("header field missing or longer than its cap");
    if (!r.at_end()) return malformed("bytes after the last header field");
    if (h.revision == 0) return malformed("revision starts at 1");
    if (!is_bucket(h.padded_length)) return malformed("padded length is not a size bucket");

    p.header_end = kPreamble + body;
    p.wrapped_offset = p.header_end;
    p.stream_offset = p.wrapped_offset + recipients * kWrapped;
    p.signed_size = p.stream_offset + stream_size(h.padded_length);
    // All parts are capped above, so this sum cannot overflow; equality rules out truncation
    // (at any length, chunk boundaries included) and trailing bytes before any crypto runs.
    const std::size_t expected = p.signed_size + kSignature;
    if (size < expected) return malformed("truncated envelope");
    if (size > expected) return malformed("trailing bytes after the signature");
    return p;
}

Result<Parsed> parse_and_verify(const Bytes& env) {
    auto p = parse(env);
    if (!p) return p.error();
    if (crypto_sign_verify_detached(env.data() + p->signed_size, env.data(), p->signed_size,
                                    p->header.device_sign_public_key.data()) != 0) {
        return make_error("envelope.bad_signature", "device signature does not verify");
    }
    return p;
}

Result<void> check_seal_input(const SecureBytes& plaintext, const EnvelopeHeader& header,
                              const std::vector<CouncilPublicKey>& councils, const SecureBytes& sign_sk,
                              std::string_view inner_device_id) {
    if (councils.empty() || councils.size() > kMaxRecipients) return invalid_input("seal to 1-8 council keys");
    if (header.council_key_ids.size() != councils.size()) return invalid_input("header council_key_ids differ from the council keys");
    for (std::size_t i = 0; i < councils.size(); ++i) {
        if (councils[i].public_key.size() != crypto_box_PUBLICKEYBYTES) return invalid_input("council public key must be 32 bytes");
        if (!is_valid_key_id(councils[i].key_id)) return invalid_input("council key id is not a valid key id");
        if (header.council_key_ids[i] != councils[i].key_id) return invalid_input("header council_key_ids differ from the council keys");
        for (std::size_t j = 0; j < i; ++j) {
            if (councils[j].key_id == councils[i].key_id) return invalid_input("council key id listed twice");
        }
    }
    if (sign_sk.size() != crypto_sign_SECRETKEYBYTES) return invalid_input("device signing key must be 64 bytes");
    if (header.device_sign_public_key.size() != crypto_sign_PUBLICKEYBYTES) return invalid_input("device public key must be 32 bytes");
    // An Ed25519 secret key carries its public key in its last 32 bytes: a mismatch would produce
    // an envelope nobody can verify, so refuse it here where the mistake is made.
    if (sodium_memcmp(sign_sk.data() + crypto_sign_SEEDBYTES, header.device_sign_public_key.data(),
                      crypto_sign_PUBLICKEYBYTES) != 0) {
        return invalid_input("device public key in the header does not match the signing key");
    }
    if (header.revision == 0) return invalid_input("revision starts at 1");
    if (header.record_id.size() > kMaxRecordId || header.form_id.size() > kMaxFormId ||
        header.form_version.size() > kMaxFormVersion || header.device_id.size() > kMaxDeviceId ||
        inner_device_id.size() > kMaxDeviceId) {
        return invalid_input("header string longer than its cap");
    }
    if (plaintext.size() + 1 + inner_device_id.size() + 1 > kMaxPadded) return invalid_input("record too large to seal");
    return {};
}

Result<Bytes> seal(const SecureBytes& plaintext, const EnvelopeHeader& header, const std::vector<CouncilPublicKey>& councils,
                   const SecureBytes& sign_sk, const SecureBytes& file_key, std::string_view inner_device_id) {
    if (auto ok = check_seal_input(plaintext, header, councils, sign_sk, inner_device_id); !ok) return ok.error();
    if (file_key.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES) return invalid_input("file key must be 32 bytes");

    // Inner plaintext: the sender's device id again (checked against the signer on open), then the
    // body, padded (ISO/IEC 7816-4, sodium_pad) so only the size bucket shows.
    const std::size_t unpadded = 1 + inner_device_id.size() + plaintext.size();
    const std::size_t block = block_for(unpadded);
    const std::size_t padded_cap = ((unpadded + 1 + block - 1) / block) * block;
    SecureBytes inner(padded_cap);
    inner.data()[0] = static_cast<std::uint8_t>(inner_device_id.size());
    std::memcpy(inner.data() + 1, inner_device_id.data(), inner_device_id.size());
    if (!plaintext.empty()) std::memcpy(inner.data() + 1 + inner_device_id.size(), plaintext.data(), plaintext.size());
    std::size_t padded = 0;
    if (sodium_pad(&padded, inner.data(), unpadded, block, inner.size()) != 0 || !is_bucket(padded)) {
        return make_error("envelope.crypto", "sodium_pad failed");
    }

    Bytes env(kMagic, kMagic + sizeof kMagic);
    env.push_back(kVersion);
    env.push_back(kSuite);
    put_u16(env, 0); // header body length, filled in below
    put_str(env, header.record_id);
    put_u32(env, header.revision);
    put_str(env, header.form_id);
    put_str(env, header.form_version);
    put_str(env, header.device_id);
    env.insert(env.end(), header.device_sign_public_key.begin(), header.device_sign_public_key.end());
    put_u64(env, static_cast<std::uint64_t>(header.created_unix));
    put_u32(env, static_cast<std::uint32_t>(padded));
    env.push_back(static_cast<std::uint8_t>(councils.size()));
    for (const auto& c : councils) put_str(env, c.key_id);
    const std::size_t header_end = env.size();
    const std::size_t body = header_end - kPreamble;
    if (body > kMaxHeaderBody) return invalid_input("header longer than 1024 bytes");
    env[6] = static_cast<std::uint8_t>(body);
    env[7] = static_cast<std::uint8_t>(body >> 8);

    for (const auto& c : councils) {
        const std::size_t at = env.size();
        env.resize(at + kWrapped);
        if (crypto_box_seal(env.data() + at, file_key.data(), file_key.size(), c.public_key.data()) != 0) {
            return make_error("envelope.crypto", "crypto_box_seal failed");
        }
    }

    crypto_secretstream_xchacha20poly1305_state state;
    const std::size_t stream_at = env.size();
    env.resize(stream_at + stream_size(padded));
    crypto_secretstream_xchacha20poly1305_init_push(&state, env.data() + stream_at, file_key.data());
    std::size_t out = stream_at + kStreamHeader;
    for (std::size_t off = 0; off < padded; off += kChunk) {
        const std::size_t len = std::min(kChunk, padded - off);
        const bool last = off + len == padded;
        crypto_secretstream_xchacha20poly1305_push(
            &state, env.data() + out, nullptr, inner.data() + off, len, env.data(), header_end,
            last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
        out += len + kChunkOverhead;
    }
    sodium_memzero(&state, sizeof state);

    const std::size_t signed_size = env.size();
    env.resize(signed_size + kSignature);
    crypto_sign_detached(env.data() + signed_size, nullptr, env.data(), signed_size, sign_sk.data());
    return env;
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

Result<Bytes> seal_record(const SecureBytes& plaintext, const EnvelopeHeader& header,
                          const std::vector<CouncilPublicKey>& councils, const SecureBytes& device_sign_secret_key) {
    if (sodium_init() < 0) return make_error("envelope.crypto", "libsodium failed to initialise");
    SecureBytes file_key(crypto_secretstream_xchacha20poly1305_KEYBYTES);
    crypto_secretstream_xchacha20poly1305_keygen(file_key.data());
    return seal(plaintext, header, councils, device_sign_secret_key, file_key, header.device_id);
}

Result<Bytes> seal_record(const SecureBytes& plaintext, const EnvelopeHeader& header, const CouncilPublicKey& council,
                          const SecureBytes& device_sign_secret_key) {
    return seal_record(plaintext, header, std::vector<CouncilPublicKey>{council}, device_sign_secret_key);
}

Result<EnvelopeHeader> parse_envelope(const Bytes& envelope) {
    auto parsed = parse(envelope);
    if (!parsed) return parsed.error();
    return std::move(parsed->header);
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
    const EnvelopeHeader& h = parsed->header;

    std::size_t slot = h.council_key_ids.size();
    for (std::size_t i = 0; i < h.council_key_ids.size(); ++i) {
        if (h.council_key_ids[i] == council.key_id) slot = i;
    }
    if (slot == h.council_key_ids.size()) {
        return make_error("envelope.unknown_council_key", "record is not sealed to council key '" + council.key_id + "'");
    }
    if (council.public_key.size() != crypto_box_PUBLICKEYBYTES || council.secret_key.size() != crypto_box_SECRETKEYBYTES) {
        return make_error("envelope.decrypt_failed", "council key pair has the wrong size");
    }
    const auto fail = [&](const std::string& why) {
        return make_error("envelope.decrypt_failed", why + " (council key '" + council.key_id + "')");
    };

    SecureBytes file_key(crypto_secretstream_xchacha20poly1305_KEYBYTES);
    if (crypto_box_seal_open(file_key.data(), envelope.data() + parsed->wrapped_offset + slot * kWrapped, kWrapped,
                             council.public_key.data(), council.secret_key.data()) != 0) {
        return fail("file key does not open");
    }

    crypto_secretstream_xchacha20poly1305_state state;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&state, envelope.data() + parsed->stream_offset,
                                                        file_key.data()) != 0) {
        return fail("bad secretstream header");
    }
    const std::size_t padded = h.padded_length;
    SecureBytes inner(padded);
    std::size_t in = parsed->stream_offset + kStreamHeader;
    for (std::size_t off = 0; off < padded; off += kChunk) {
        const std::size_t len = std::min(kChunk, padded - off);
        const bool last = off + len == padded;
        unsigned char tag = 0;
        unsigned long long got = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(&state, inner.data() + off, &got, &tag, envelope.data() + in,
                                                       len + kChunkOverhead, envelope.data(), parsed->header_end) != 0) {
            sodium_memzero(&state, sizeof state);
            return fail("chunk " + std::to_string(off / kChunk) + " does not authenticate");
        }
        // Only the last chunk may end the stream, and it must: TAG_FINAL anywhere else, or its
        // absence at the end, means chunks were cut or spliced.
        const unsigned char want = last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                        : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
        if (tag != want || got != len) {
            sodium_memzero(&state, sizeof state);
            return fail("chunk " + std::to_string(off / kChunk) + " has the wrong tag");
        }
        in += len + kChunkOverhead;
    }
    sodium_memzero(&state, sizeof state);

    std::size_t unpadded = 0;
    if (sodium_unpad(&unpadded, inner.data(), padded, std::min(padded, kChunk)) != 0 || unpadded < 1) {
        return fail("bad padding");
    }
    const std::size_t id_len = inner.data()[0];
    if (id_len > kMaxDeviceId || 1 + id_len > unpadded) return fail("inner device id is malformed");
    if (std::string_view(reinterpret_cast<const char*>(inner.data() + 1), id_len) != h.device_id) {
        return make_error("envelope.sender_mismatch", "device id inside the record differs from the signing device's");
    }
    const std::size_t body_at = 1 + id_len;
    return SecureBytes(inner.data() + body_at, unpadded - body_at);
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

namespace detail {

Result<Bytes> seal_record_with(const SecureBytes& plaintext, const EnvelopeHeader& header,
                               const std::vector<CouncilPublicKey>& councils, const SecureBytes& device_sign_secret_key,
                               const SecureBytes& file_key, std::string_view inner_device_id) {
    if (sodium_init() < 0) return make_error("envelope.crypto", "libsodium failed to initialise");
    return seal(plaintext, header, councils, device_sign_secret_key, file_key, inner_device_id);
}

} // namespace detail

} // namespace selfdirect::vault
