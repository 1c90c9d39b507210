// Reading and writing council key pair files (format in key_files.h and docs/security.md).
#include "vault/key_files.h"

#include "vault/secret_file.h"

#include <sodium.h>

#include <fstream>
#include <iterator>
#include <system_error>

namespace selfdirect::vault {

namespace {

constexpr const char* kPublicName = "council.pk";
constexpr const char* kSecretName = "council.sk";
constexpr std::size_t kMaxKeyFile = 1024;

Error key_file_error(const std::filesystem::path& path, const std::string& why) {
    return make_error("vault.key_file", path.string() + ": " + why);
}

Bytes public_from_secret(const SecureBytes& secret) {
    Bytes pk(crypto_box_PUBLICKEYBYTES);
    crypto_scalarmult_base(pk.data(), secret.data());
    return pk;
}

} // namespace

Result<CouncilPublicKey> parse_council_public_key(const std::string& key_id, std::string_view base64) {
    if (!is_valid_key_id(key_id)) return make_error("vault.bad_key", "invalid council key id '" + key_id + "'");
    CouncilPublicKey key;
    key.key_id = key_id;
    if (!from_base64(base64, key.public_key) || key.public_key.size() != crypto_box_PUBLICKEYBYTES) {
        return make_error("vault.bad_key", "council key '" + key_id + "' is not a base64 32-byte X25519 public key");
    }
    return key;
}

Result<CouncilPublicKey> read_council_public_key(const std::filesystem::path& path) {
    std::error_code ec;
    const auto file = std::filesystem::is_directory(path, ec) ? path / kPublicName : path;
    std::ifstream in(file, std::ios::binary);
    if (!in) return key_file_error(file, "cannot open");
    std::string text;
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (text.size() > kMaxKeyFile) return key_file_error(file, "too large");
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (!text.empty() && text.back() == '\r') text.pop_back();
    const auto space = text.find(' ');
    if (space == std::string::npos || text.find('\n') != std::string::npos) {
        return key_file_error(file, "expected one line '<key_id> <base64 public key>'");
    }
    auto key = parse_council_public_key(text.substr(0, space), std::string_view(text).substr(space + 1));
    if (!key) return key_file_error(file, key.error().message);
    return key;
}

Result<CouncilKeyPair> read_council_keypair(const std::filesystem::path& path) {
    std::error_code ec;
    const bool is_dir = std::filesystem::is_directory(path, ec);
    const auto secret_file = is_dir ? path / kSecretName : path;
    const auto public_file = secret_file.parent_path() / kPublicName;

    auto text = detail::read_private_file(secret_file, kMaxKeyFile);
    if (!text) return text.error();
    auto lines = detail::parse_secret_lines(text.value(), secret_file);
    if (!lines) return lines.error();
    if (lines->size() != 1) return key_file_error(secret_file, "expected one line '<key_id> <base64 secret key>'");
    auto& line = lines->front();
    if (!is_valid_key_id(line.label)) return key_file_error(secret_file, "invalid key id");
    if (line.value.size() != crypto_box_SECRETKEYBYTES) return key_file_error(secret_file, "secret key is not 32 bytes");

    CouncilKeyPair pair;
    pair.key_id = line.label;
    pair.secret_key = std::move(line.value);
    pair.public_key = public_from_secret(pair.secret_key);

    // A council.pk that disagrees with its secret key means someone mixed up key directories;
    // devices would be sealing to a key this pair cannot open.
    if (std::filesystem::exists(public_file, ec)) {
        auto published = read_council_public_key(public_file);
        if (!published) return published.error();
        if (published->key_id != pair.key_id || published->public_key != pair.public_key) {
            return key_file_error(public_file, "does not match " + secret_file.string());
        }
    }
    return pair;
}

Result<void> write_council_keypair(const std::filesystem::path& dir, const CouncilKeyPair& pair) {
    if (!is_valid_key_id(pair.key_id)) return make_error("vault.bad_key", "invalid council key id '" + pair.key_id + "'");
    if (pair.public_key.size() != crypto_box_PUBLICKEYBYTES || pair.secret_key.size() != crypto_box_SECRETKEYBYTES) {
        return make_error("vault.bad_key", "council key pair has the wrong sizes");
    }
    if (sodium_init() < 0) return make_error("vault.crypto", "libsodium failed to initialise");
    if (public_from_secret(pair.secret_key) != pair.public_key) {
        return make_error("vault.bad_key", "council public key does not belong to the secret key");
    }

    std::error_code ec;
    if (!std::filesystem::exists(dir, ec)) {
        std::filesystem::create_directories(dir, ec);
        if (ec) return make_error("vault.io", "cannot create " + dir.string() + ": " + ec.message());
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
        if (ec) return make_error("vault.io", "cannot chmod " + dir.string() + ": " + ec.message());
    }
    const auto secret_file = dir / kSecretName;
    const auto public_file = dir / kPublicName;
    for (const auto& f : {secret_file, public_file}) {
        if (std::filesystem::exists(f, ec)) return make_error("vault.key_file_exists", f.string() + " already exists; not overwriting it");
    }

    const SecureBytes secret_text =
        detail::format_secret_lines({{pair.key_id, pair.secret_key.data(), pair.secret_key.size()}});
    auto wrote = detail::write_file_atomic(secret_file, secret_text.data(), secret_text.size(), 0600, detail::Replace::no);
    if (!wrote) return wrote;
    const std::string public_text = pair.key_id + " " + to_base64(pair.public_key) + "\n";
    return detail::write_file_atomic(public_file, public_text.data(), public_text.size(), 0644, detail::Replace::no);
}

} // namespace selfdirect::vault
