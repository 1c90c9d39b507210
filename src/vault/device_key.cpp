// Creating and loading the device identity key file (format in device_key.h).
#include "vault/device_key.h"

#include "vault/secret_file.h"

#include <sodium.h>

#include <cerrno>
#include <sys/stat.h>

namespace selfdirect::vault::detail {

namespace {

constexpr const char* kSignLabel = "ed25519-sk";
constexpr const char* kBoxLabel = "x25519-sk";
constexpr std::size_t kMaxDeviceKeyFile = 1024;

Result<DeviceKeys> load(const std::filesystem::path& path) {
    auto text = read_private_file(path, kMaxDeviceKeyFile);
    if (!text) return text.error();
    auto lines = parse_secret_lines(text.value(), path);
    if (!lines) return lines.error();
    auto bad = [&](const std::string& why) { return make_error("vault.key_file", path.string() + ": " + why); };
    if (lines->size() != 2 || (*lines)[0].label != kSignLabel || (*lines)[1].label != kBoxLabel) {
        return bad("expected the lines 'ed25519-sk <base64>' and 'x25519-sk <base64>'");
    }
    DeviceKeys keys;
    keys.sign_secret_key = std::move((*lines)[0].value);
    keys.box_secret_key = std::move((*lines)[1].value);
    if (keys.sign_secret_key.size() != crypto_sign_SECRETKEYBYTES) return bad("Ed25519 secret key is not 64 bytes");
    if (keys.box_secret_key.size() != crypto_box_SECRETKEYBYTES) return bad("X25519 secret key is not 32 bytes");

    // Recompute the Ed25519 key pair from its seed: a damaged public half would make every
    // envelope this device signs unverifiable.
    keys.sign_public_key.resize(crypto_sign_PUBLICKEYBYTES);
    SecureBytes recomputed(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(keys.sign_public_key.data(), recomputed.data(), keys.sign_secret_key.data());
    if (sodium_memcmp(recomputed.data(), keys.sign_secret_key.data(), recomputed.size()) != 0) {
        return bad("Ed25519 public key does not match its seed");
    }
    keys.box_public_key.resize(crypto_box_PUBLICKEYBYTES);
    crypto_scalarmult_base(keys.box_public_key.data(), keys.box_secret_key.data());
    return keys;
}

} // namespace

Result<DeviceKeys> load_or_create_device_keys(const std::filesystem::path& path) {
    if (sodium_init() < 0) return make_error("vault.crypto", "libsodium failed to initialise");
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0 || errno != ENOENT) return load(path);

    DeviceKeys keys;
    keys.sign_public_key.resize(crypto_sign_PUBLICKEYBYTES);
    keys.sign_secret_key = SecureBytes(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(keys.sign_public_key.data(), keys.sign_secret_key.data());
    keys.box_public_key.resize(crypto_box_PUBLICKEYBYTES);
    keys.box_secret_key = SecureBytes(crypto_box_SECRETKEYBYTES);
    crypto_box_keypair(keys.box_public_key.data(), keys.box_secret_key.data());

    const SecureBytes text = format_secret_lines({
        {kSignLabel, keys.sign_secret_key.data(), keys.sign_secret_key.size()},
        {kBoxLabel, keys.box_secret_key.data(), keys.box_secret_key.size()},
    });
    auto wrote = write_file_atomic(path, text.data(), text.size(), 0600, Replace::no);
    // Another process created it first: use its identity, not ours.
    if (!wrote && wrote.error().code == "vault.key_file_exists") return load(path);
    if (!wrote) return wrote.error();
    return keys;
}

} // namespace selfdirect::vault::detail
