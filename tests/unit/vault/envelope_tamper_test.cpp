// Tamper cases 1-5, 8 and 11-14 of security-reliability.md §6.3 against envelope format v1, one
// test each (docs/security.md maps every check to its case). Where the signature alone would catch
// a change, a second check re-signs the edited envelope with the device key (a stolen device key),
// proving the layer behind the signature (structure, secretstream, sealed key) rejects it too.
#include "envelope_test_support.h"

#include <string>
#include <vector>

using namespace envelope_test;

namespace {

struct Fixture {
    SigningKeys device = make_signing_keys();
    CouncilKeyPair council = make_council("council-2026");
};

bool opens(const Bytes& env, const CouncilKeyPair& council) { return open_record(env, council).ok(); }

// A three-chunk envelope (150,000 body bytes pad to 3 x 64 KiB).
Bytes multi_chunk(const Fixture& f) {
    const Bytes env = seal(std::string(150000, 'a'), f.device, f.council);
    REQUIRE(layout_of(env).chunks.size() == 3);
    return env;
}

void put_u32_at(Bytes& env, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) env[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

} // namespace

TEST_CASE("case 1: every single bit flipped anywhere in an envelope is rejected, even when re-signed") {
    Fixture f;
    const Bytes env = seal("{}", f.device, f.council);
    REQUIRE(opens(env, f.council));
    const Layout l = layout_of(env);
    for (std::size_t i = 0; i < env.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            Bytes bad = env;
            bad[i] ^= static_cast<std::uint8_t>(1u << bit);
            INFO("byte ", i, " of ", env.size(), " bit ", bit);
            auto verified = verify_envelope(bad);
            REQUIRE_FALSE(verified.ok());
            CHECK_FALSE(opens(bad, f.council));
            // Behind the signature: a holder of the device key re-signs the flipped bytes. The
            // header is then bound by the secretstream AD, the key boxes and chunks by their MACs.
            if (i >= l.header_end && i < l.signature) CHECK_FALSE(opens(resign(bad, f.device), f.council));
        }
    }
}

TEST_CASE("case 2: changing any header field is rejected, and a re-signed change does not open") {
    Fixture f;
    const auto other = make_council("council-2027");
    const Bytes env = seal("{\"q1\":\"stairs\"}", f.device, f.council);
    const Layout l = layout_of(env);
    struct Edit {
        const char* field;
        std::size_t at;
        std::uint8_t xor_mask;
    };
    const Edit edits[] = {
        {"format version", 4, 0x03},        {"algorithm suite", 5, 0x02},
        {"header length", 6, 0x01},         {"record uuid", l.record_id + 1, 0x01},
        {"revision", l.revision, 0x01},     {"form id", l.form_id + 1, 0x01},
        {"form version", l.form_version + 1, 0x01}, {"device id", l.device_id + 1, 0x01},
        {"device key", l.device_key, 0x01}, {"created", l.created, 0x01},
        {"padded length", l.padded_length + 1, 0x01}, {"recipient count", l.recipient_count, 0x01},
        {"council key id", l.first_key_id + 1, 0x01},
    };
    for (const auto& e : edits) {
        INFO(e.field);
        Bytes bad = env;
        bad[e.at] ^= e.xor_mask;
        CHECK_FALSE(verify_envelope(bad).ok());
        CHECK_FALSE(opens(bad, f.council));
        CHECK_FALSE(opens(resign(bad, f.device), f.council));
    }
    // A council key id swapped for another valid id (same length), re-signed: the record no longer
    // names the key that can open it, and the other council's key cannot open the box either.
    Bytes swapped = env;
    swapped[l.first_key_id + 12] = '7'; // council-2026 -> council-2027
    swapped = resign(swapped, f.device);
    REQUIRE(verify_envelope(swapped).ok());
    CHECK(code_of(open_record(swapped, f.council)) == "envelope.unknown_council_key");
    CHECK(code_of(open_record(swapped, other)) == "envelope.decrypt_failed");
}

TEST_CASE("case 3: an envelope truncated at any length, or exactly at a chunk boundary, is rejected") {
    Fixture f;
    const Bytes small = seal("{}", f.device, f.council);
    for (std::size_t n = 0; n < small.size(); ++n) {
        INFO("length ", n);
        CHECK_FALSE(verify_envelope(Bytes(small.begin(), small.begin() + static_cast<std::ptrdiff_t>(n))).ok());
    }
    const Bytes env = multi_chunk(f);
    const Layout l = layout_of(env);
    for (std::size_t c = 1; c < l.chunks.size(); ++c) {
        INFO("cut before chunk ", c);
        // Cut at the chunk boundary, keep a signature at the end, re-signed.
        Bytes cut(env.begin(), env.begin() + static_cast<std::ptrdiff_t>(l.chunks[c]));
        cut.resize(cut.size() + 64);
        cut = resign(cut, f.device);
        CHECK(code_of(verify_envelope(cut)) == "envelope.malformed");
        // Even with the header's padded length rewritten to match the shorter stream and re-signed,
        // the last chunk left is not TAG_FINAL and the header no longer matches the AD.
        put_u32_at(cut, l.padded_length, static_cast<std::uint32_t>(c * 65536));
        cut = resign(cut, f.device);
        REQUIRE(verify_envelope(cut).ok());
        CHECK(code_of(open_record(cut, f.council)) == "envelope.decrypt_failed");
    }
}

TEST_CASE("case 3: a stream whose last chunk is not TAG_FINAL, or that has TAG_FINAL early, does not open even when every chunk authenticates") {
    // Knowing the file key (test hook), re-encrypt the padded body with chosen tags under the same
    // authenticated header and re-sign: every chunk is genuine, so only the tag rule can refuse it.
    Fixture f;
    const SecureBytes file_key(std::string(32, 'k').data(), 32);
    const auto header = make_header(f.device, {f.council.key_id});
    auto sealed = detail::seal_record_with(SecureBytes::from_string(std::string(150000, 'a')), header,
                                           {public_of(f.council)}, f.device.secret_key, file_key, header.device_id);
    REQUIRE(sealed.ok());
    const Bytes env = std::move(sealed).value();
    const Layout l = layout_of(env);
    REQUIRE(l.chunks.size() == 3);

    crypto_secretstream_xchacha20poly1305_state pull;
    REQUIRE(crypto_secretstream_xchacha20poly1305_init_pull(&pull, env.data() + l.stream, file_key.data()) == 0);
    std::vector<Bytes> plain;
    for (std::size_t i = 0; i < l.chunks.size(); ++i) {
        Bytes m(l.chunk_bytes(i) - crypto_secretstream_xchacha20poly1305_ABYTES);
        unsigned char tag = 0;
        REQUIRE(crypto_secretstream_xchacha20poly1305_pull(&pull, m.data(), nullptr, &tag, env.data() + l.chunks[i],
                                                           l.chunk_bytes(i), env.data(), l.header_end) == 0);
        plain.push_back(std::move(m));
    }
    const auto with_tags = [&](std::vector<unsigned char> tags) {
        Bytes out(env.begin(), env.begin() + static_cast<std::ptrdiff_t>(l.stream));
        out.resize(out.size() + crypto_secretstream_xchacha20poly1305_HEADERBYTES);
        crypto_secretstream_xchacha20poly1305_state push;
        crypto_secretstream_xchacha20poly1305_init_push(&push, out.data() + l.stream, file_key.data());
        for (std::size_t i = 0; i < plain.size(); ++i) {
            const std::size_t at = out.size();
            out.resize(at + plain[i].size() + crypto_secretstream_xchacha20poly1305_ABYTES);
            crypto_secretstream_xchacha20poly1305_push(&push, out.data() + at, nullptr, plain[i].data(), plain[i].size(),
                                                       out.data(), l.header_end, tags[i]);
        }
        out.resize(out.size() + 64);
        return resign(out, f.device);
    };
    const unsigned char M = crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const unsigned char F = crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    CHECK(code_of(open_record(with_tags({M, M, F}), f.council)) == "ok"); // control
    CHECK(code_of(open_record(with_tags({M, M, M}), f.council)) == "envelope.decrypt_failed");
    CHECK(code_of(open_record(with_tags({M, F, M}), f.council)) == "envelope.decrypt_failed");
    CHECK(code_of(open_record(with_tags({F, F, F}), f.council)) == "envelope.decrypt_failed");
}

TEST_CASE("case 4: trailing bytes after the signature or after the TAG_FINAL chunk are rejected") {
    Fixture f;
    const Bytes env = seal("{}", f.device, f.council);
    Bytes after_signature = env;
    after_signature.push_back(0);
    CHECK(code_of(verify_envelope(after_signature)) == "envelope.malformed");

    const Layout l = layout_of(env);
    Bytes after_final = env;
    after_final.insert(after_final.begin() + static_cast<std::ptrdiff_t>(l.signature), 17, std::uint8_t{0});
    CHECK(code_of(verify_envelope(resign(after_final, f.device))) == "envelope.malformed");
}

TEST_CASE("case 5: secretstream chunks reordered, duplicated or removed are rejected, even when re-signed") {
    Fixture f;
    const Bytes env = multi_chunk(f);
    const Layout l = layout_of(env);
    REQUIRE(opens(env, f.council));
    const auto chunk = [&](std::size_t i) {
        return Bytes(env.begin() + static_cast<std::ptrdiff_t>(l.chunks[i]),
                     env.begin() + static_cast<std::ptrdiff_t>(l.chunks[i] + l.chunk_bytes(i)));
    };
    const auto rebuild = [&](const std::vector<Bytes>& chunks) {
        Bytes out(env.begin(), env.begin() + static_cast<std::ptrdiff_t>(l.first_chunk));
        for (const auto& c : chunks) out.insert(out.end(), c.begin(), c.end());
        out.resize(out.size() + 64);
        return resign(out, f.device);
    };
    REQUIRE(opens(rebuild({chunk(0), chunk(1), chunk(2)}), f.council)); // control: same chunks, re-signed

    const Bytes reordered = rebuild({chunk(1), chunk(0), chunk(2)});
    REQUIRE(verify_envelope(reordered).ok()); // same size: only the stream can tell
    CHECK(code_of(open_record(reordered, f.council)) == "envelope.decrypt_failed");

    const Bytes duplicated = rebuild({chunk(0), chunk(0), chunk(2)});
    REQUIRE(verify_envelope(duplicated).ok());
    CHECK(code_of(open_record(duplicated, f.council)) == "envelope.decrypt_failed");

    Bytes removed = rebuild({chunk(0), chunk(2)});
    CHECK(code_of(verify_envelope(removed)) == "envelope.malformed");
    put_u32_at(removed, l.padded_length, 2 * 65536); // make the lengths agree again
    removed = resign(removed, f.device);
    REQUIRE(verify_envelope(removed).ok());
    CHECK(code_of(open_record(removed, f.council)) == "envelope.decrypt_failed");
}

TEST_CASE("case 8: a record whose inner device id differs from the signing device is rejected") {
    Fixture f;
    const SecureBytes file_key(std::string(32, 'k').data(), 32);
    const auto header = make_header(f.device, {f.council.key_id});
    auto forged = detail::seal_record_with(SecureBytes::from_string("{}"), header, {public_of(f.council)},
                                           f.device.secret_key, file_key, "kiosk-99");
    REQUIRE(forged.ok());
    REQUIRE(verify_envelope(*forged).ok()); // outer signature is fine
    CHECK(code_of(open_record(*forged, f.council)) == "envelope.sender_mismatch");
    // Control: the same hook with the matching inner id opens.
    auto honest = detail::seal_record_with(SecureBytes::from_string("{}"), header, {public_of(f.council)},
                                           f.device.secret_key, file_key, header.device_id);
    REQUIRE(honest.ok());
    CHECK(code_of(open_record(*honest, f.council)) == "ok");
}

TEST_CASE("case 11: an envelope for an unknown council key id gets the explicit unknown_council_key code") {
    Fixture f;
    const Bytes env = seal("{}", f.device, f.council);
    const auto retired = make_council("council-2024");
    auto opened = open_record(env, retired);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "envelope.unknown_council_key");
    CHECK(opened.error().message.find("council-2024") != std::string::npos);
}

TEST_CASE("case 12: an unknown or below-minimum format version or algorithm suite is rejected, even when re-signed") {
    Fixture f;
    const Bytes env = seal("{}", f.device, f.council);
    for (std::uint8_t version : {0, 2, 255}) {
        Bytes bad = env;
        bad[4] = version;
        INFO("version ", int(version));
        CHECK(code_of(verify_envelope(resign(bad, f.device))) == "envelope.unsupported_version");
    }
    for (std::uint8_t suite : {0, 2}) {
        Bytes bad = env;
        bad[5] = suite;
        INFO("suite ", int(suite));
        CHECK(code_of(verify_envelope(resign(bad, f.device))) == "envelope.unsupported_version");
    }
    Bytes skeleton = env; // the issue-2 "SDE0" magic is not accepted as v1
    skeleton[3] = '0';
    CHECK(code_of(verify_envelope(resign(skeleton, f.device))) == "envelope.malformed");
}

TEST_CASE("case 13: oversized envelopes, header fields and counts are rejected before any public-key operation") {
    // Each input below carries an all-zero signature. A reader that checked the signature (an
    // Ed25519 scalar multiplication) first would answer bad_signature; these must answer malformed.
    Fixture f;
    const Bytes env = seal("{}", f.device, f.council);
    const Layout l = layout_of(env);
    const auto unsigned_copy = [](Bytes b) {
        std::fill(b.end() - 64, b.end(), std::uint8_t{0});
        return b;
    };
    REQUIRE(code_of(verify_envelope(unsigned_copy(env))) == "envelope.bad_signature"); // control

    Bytes huge(17 * 1024 * 1024 + 4096, 0);
    std::copy(env.begin(), env.begin() + 8, huge.begin());
    CHECK(code_of(verify_envelope(huge)) == "envelope.malformed");

    Bytes long_header = env;
    long_header[6] = 0x01;
    long_header[7] = 0x04; // 1025 bytes
    CHECK(code_of(verify_envelope(unsigned_copy(long_header))) == "envelope.malformed");

    for (std::uint8_t count : {0, 9, 255}) {
        Bytes bad = env;
        bad[l.recipient_count] = count;
        INFO("recipient count ", int(count));
        CHECK(code_of(verify_envelope(unsigned_copy(bad))) == "envelope.malformed");
    }
    Bytes long_record_id = env;
    long_record_id[l.record_id] = 65;
    CHECK(code_of(verify_envelope(unsigned_copy(long_record_id))) == "envelope.malformed");

    for (std::uint32_t padded : {0u, 255u, 300u, 65536u + 256u, 17u * 1024u * 1024u, 0xffffffffu}) {
        Bytes bad = env;
        put_u32_at(bad, l.padded_length, padded);
        INFO("padded length ", padded);
        CHECK(code_of(verify_envelope(unsigned_copy(bad))) == "envelope.malformed");
    }
    // open_record has the same order: no key box is opened for a malformed envelope.
    CHECK(code_of(open_record(unsigned_copy(long_header), f.council)) == "envelope.malformed");
}

TEST_CASE("case 14: a non-canonical Ed25519 signature or a small-order device key is rejected") {
    Fixture f;
    const Bytes env = seal("{}", f.device, f.council);
    const Layout l = layout_of(env);
    REQUIRE(verify_envelope(env).ok());

    // S + L encodes the same scalar mod L: a lax verifier accepts it, libsodium 1.0.18 must not.
    static const std::uint8_t kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                        0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                        0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
    Bytes malleated = env;
    unsigned carry = 0;
    for (std::size_t i = 0; i < 32; ++i) {
        const unsigned sum = malleated[l.signature + 32 + i] + kL[i] + carry;
        malleated[l.signature + 32 + i] = static_cast<std::uint8_t>(sum);
        carry = sum >> 8;
    }
    REQUIRE(carry == 0);
    CHECK(code_of(verify_envelope(malleated)) == "envelope.bad_signature");

    // Small-order public keys with the signature (R = identity, S = 0): the verification equation
    // [S]B = R + [k]A holds for A = identity, so only the small-order checks reject these.
    const std::vector<std::vector<std::uint8_t>> small_order = {
        {0x01}, // the identity (0, 1)
        {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, // (0, -1)
        {0x00}, // a point of order 4
    };
    for (const auto& point : small_order) {
        Bytes bad = env;
        std::fill(bad.begin() + static_cast<std::ptrdiff_t>(l.device_key),
                  bad.begin() + static_cast<std::ptrdiff_t>(l.device_key + 32), std::uint8_t{0});
        std::copy(point.begin(), point.end(), bad.begin() + static_cast<std::ptrdiff_t>(l.device_key));
        std::fill(bad.end() - 64, bad.end(), std::uint8_t{0});
        bad[l.signature] = 0x01; // R = identity, S = 0
        INFO("small-order key starting ", int(point[0]));
        CHECK(code_of(verify_envelope(bad)) == "envelope.bad_signature");
    }
}
