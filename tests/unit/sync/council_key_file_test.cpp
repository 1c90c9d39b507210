// The passphrase-wrapped council key file: the documented test vector opens (docs/security.md), a
// wrong passphrase or an edited field opens nothing, weak passphrases and old plain key files are
// refused, and what keygen writes opens again with the same passphrase.
#include "sync/council/council_key_file.h"

#include "vault/bytes.h"

#include <doctest/doctest.h>

#include <string>

using namespace selfdirect;
using namespace selfdirect::council;

namespace {

// docs/security.md, "The council key file": passphrase "correct horse battery staple".
const std::string kVector = "selfdirect-council-key-v1\n"
                            "key-id council-vector\n"
                            "public-key vm58F5F8cdHQbKVsfvVGlSv5rhRsA7zqqf8qxp2T+EM=\n"
                            "kdf argon2id13 2 19922944\n"
                            "salt 74hCYm0Nh+OVfWeaYrpiNg==\n"
                            "nonce xqDmW4Sq1no8Lzm4iyFHtJXW7r5zuULI\n"
                            "wrapped LEeyhmQTJJaRZUppW7Bp4C4kyLiM0NgGzD2lM4hPqvsZBVLz382aWjD74UxrMpOJ\n";
const char* kVectorSecretHex = "966a02235cef2ae0552c6f8be5e2fccc9af8d28ad21068530c0c9a1c74a436bc";

vault::SecureBytes phrase(const char* text) { return vault::SecureBytes::from_string(text); }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

const vault::detail::KdfParams kFast{2, 19u * 1024u * 1024u}; // the floor: quick tests

} // namespace

TEST_CASE("the documented council key file test vector opens with its passphrase") {
    auto pair = unwrap_council_key(kVector, phrase("correct horse battery staple"));
    REQUIRE_MESSAGE(pair.ok(), (pair.ok() ? "" : pair.error().message));
    CHECK(pair->key_id == "council-vector");
    CHECK(vault::to_hex(vault::Bytes(pair->secret_key.data(), pair->secret_key.data() + pair->secret_key.size())) ==
          kVectorSecretHex);
    CHECK(vault::to_base64(pair->public_key) == "vm58F5F8cdHQbKVsfvVGlSv5rhRsA7zqqf8qxp2T+EM=");
}

TEST_CASE("a wrong passphrase opens no council key") {
    auto pair = unwrap_council_key(kVector, phrase("correct horse battery stapler"));
    REQUIRE_FALSE(pair.ok());
    CHECK(pair.error().code == "council.wrong_passphrase");
}

TEST_CASE("a council key file whose key id or public key was edited does not open") {
    auto other_id = unwrap_council_key(replaced(kVector, "key-id council-vector", "key-id council-vectoR"),
                                       phrase("correct horse battery staple"));
    CHECK_FALSE(other_id.ok());
    auto other_key = unwrap_council_key(replaced(kVector, "vm58F5F8", "vm58F5F9"), phrase("correct horse battery staple"));
    CHECK_FALSE(other_key.ok());
}

TEST_CASE("a council key file with extreme Argon2id parameters is refused before hashing") {
    auto huge = unwrap_council_key(replaced(kVector, "argon2id13 2 19922944", "argon2id13 2 99999999999"),
                                   phrase("correct horse battery staple"));
    REQUIRE_FALSE(huge.ok());
    CHECK(huge.error().code == "council.key_file");
    auto weak = unwrap_council_key(replaced(kVector, "argon2id13 2 19922944", "argon2id13 1 19922944"),
                                   phrase("correct horse battery staple"));
    CHECK_FALSE(weak.ok());
}

TEST_CASE("a plain council.sk from an older keygen is refused, not read") {
    auto plain = unwrap_council_key("council-vector lmoCI1zvKuBVLG+L5eL8zJr40orSEGhTDAyaHHSkNrw=\n",
                                    phrase("correct horse battery staple"));
    REQUIRE_FALSE(plain.ok());
    CHECK(plain.error().code == "council.key_file");
}

TEST_CASE("a council key wraps and unwraps with the same passphrase, with a fresh salt and nonce each time") {
    auto pair = vault::generate_council_keypair("council-test");
    REQUIRE(pair.ok());
    auto first = wrap_council_key(pair.value(), phrase("a long enough passphrase"), kFast);
    auto second = wrap_council_key(pair.value(), phrase("a long enough passphrase"), kFast);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(first.value() != second.value());
    CHECK(first->find(vault::to_base64(vault::Bytes(pair->secret_key.data(), pair->secret_key.data() + 32))) ==
          std::string::npos);
    auto opened = unwrap_council_key(first.value(), phrase("a long enough passphrase"));
    REQUIRE(opened.ok());
    CHECK(opened->public_key == pair->public_key);
    CHECK(opened->secret_key.view() == pair->secret_key.view());
}

TEST_CASE("a short or all-digit passphrase cannot protect a council key") {
    auto pair = vault::generate_council_keypair("council-test");
    REQUIRE(pair.ok());
    CHECK(wrap_council_key(pair.value(), phrase("short"), kFast).error().code == "vault.weak_passphrase");
    CHECK(wrap_council_key(pair.value(), phrase("12345678901234"), kFast).error().code == "vault.weak_passphrase");
}
