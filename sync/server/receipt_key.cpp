// receipt.sk / receipt.pk: see receipt_key.h. Reuses the vault's key-file helpers, so the secret key
// never passes through ordinary heap memory and files are written the same durable way as device.key.
#include "sync/server/receipt_key.h"

#include "vault/secret_file.h"
#include "vault/signature.h"

#include <fstream>

namespace selfdirect::sync {

namespace {

constexpr std::size_t kMaxKeyFile = 1024;
constexpr const char* kSecretName = "receipt.sk";
constexpr const char* kPublicName = "receipt.pk";

std::filesystem::path resolve(const std::filesystem::path& path, const char* name) {
    std::error_code ec;
    return std::filesystem::is_directory(path, ec) ? path / name : path;
}

Error key_file(const std::filesystem::path& path, const std::string& why) {
    return make_error("sync.key_file", path.string() + ": " + why);
}

} // namespace

Result<vault::Bytes> write_receipt_keypair(const std::filesystem::path& dir) {
    const auto sk_path = dir / kSecretName;
    const auto pk_path = dir / kPublicName;
    std::error_code ec;
    if (std::filesystem::exists(sk_path, ec) || std::filesystem::exists(pk_path, ec)) {
        return make_error("sync.key_exists", "a receipt key already exists in " + dir.string() + "; not overwriting it");
    }
    std::filesystem::create_directories(dir, ec);
    if (ec) return key_file(dir, "cannot create the directory: " + ec.message());

    auto pair = vault::generate_sign_keypair();
    const vault::SecureBytes sk_text = vault::detail::format_secret_lines(
        {{"ed25519-sk", pair.secret_key.data(), pair.secret_key.size()}});
    if (auto r = vault::detail::write_file_atomic(sk_path, sk_text.data(), sk_text.size(), 0600,
                                                  vault::detail::Replace::no);
        !r) {
        if (r.error().code == "vault.key_file_exists") return make_error("sync.key_exists", r.error().message);
        return key_file(sk_path, r.error().message);
    }
    const std::string pk_text = "ed25519-pk " + vault::to_base64(pair.public_key) + "\n";
    if (auto r = vault::detail::write_file_atomic(pk_path, pk_text.data(), pk_text.size(), 0644,
                                                  vault::detail::Replace::no);
        !r) {
        return key_file(pk_path, r.error().message);
    }
    return pair.public_key;
}

Result<ReceiptKey> read_receipt_key(const std::filesystem::path& path) {
    const auto file = resolve(path, kSecretName);
    auto text = vault::detail::read_private_file(file, kMaxKeyFile);
    if (!text) return make_error("sync.key_file", text.error().message);
    auto lines = vault::detail::parse_secret_lines(text.value(), file);
    if (!lines) return make_error("sync.key_file", lines.error().message);
    if (lines->size() != 1 || lines->front().label != "ed25519-sk" ||
        lines->front().value.size() != vault::kSignSecretKeyBytes) {
        return key_file(file, "expected one line 'ed25519-sk <base64 of 64 bytes>'");
    }
    ReceiptKey key{std::move(lines->front().value), {}};
    key.public_key = vault::sign_public_key_of(key.secret_key);
    // The embedded public half must belong to the seed, or every receipt would fail to verify.
    constexpr std::string_view probe = "selfdirect receipt key self-test";
    auto signature = vault::sign_detached(probe, key.secret_key);
    if (!signature || !vault::verify_detached(probe, signature.value(), key.public_key)) {
        return key_file(file, "the key's public half does not match its secret half");
    }
    return key;
}

Result<vault::Bytes> read_receipt_public_key(const std::filesystem::path& path) {
    const auto file = resolve(path, kPublicName);
    std::ifstream in(file);
    if (!in) return key_file(file, "cannot read");
    std::string label, encoded, rest;
    in >> label >> encoded;
    in >> rest;
    vault::Bytes key;
    if (label != "ed25519-pk" || !rest.empty() || !vault::from_base64(encoded, key) ||
        key.size() != vault::kSignPublicKeyBytes) {
        return key_file(file, "expected one line 'ed25519-pk <base64 of 32 bytes>'");
    }
    return key;
}

} // namespace selfdirect::sync
