// The passphrase-wrapped council key file (see council_key_file.h; format in docs/security.md).
// Built from the vault's own primitives (Argon2id derive_wrapping_key, XChaCha20-Poly1305 wrap_key)
// because only src/vault may include libsodium.
#include "sync/council/council_key_file.h"

#include "vault/key_files.h"
#include "vault/key_wrap.h"
#include "vault/passphrase.h"
#include "vault/secret_file.h"
#include "vault/signature.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <sstream>

namespace selfdirect::council {

namespace {

constexpr const char* kPurpose = "council-secret-key";
constexpr std::size_t kMaxPassphrase = 1024;
constexpr std::size_t kMaxKeyFile = 4096;
constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kNonceBytes = 24;

Error key_file_error(const std::string& why) { return make_error("council.key_file", why); }

// The associated data binds the key id and the public key to the wrapped secret: editing either in
// the file makes the unwrap fail instead of pairing the secret with a wrong public key.
std::string owner_of(const std::string& key_id, const vault::Bytes& public_key) {
    return key_id + "\n" + vault::to_base64(public_key);
}

// One line of the terminal with echo off, into guarded memory.
Result<vault::SecureBytes> read_tty_line(int fd, const char* prompt) {
    termios old_mode{};
    const bool is_tty = tcgetattr(fd, &old_mode) == 0;
    if (is_tty) {
        termios quiet = old_mode;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        quiet.c_lflag |= ECHONL;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    if (::write(fd, prompt, std::char_traits<char>::length(prompt)) < 0) { /* the prompt is a courtesy */ }
    vault::SecureBytes buffer(kMaxPassphrase);
    std::size_t length = 0;
    bool ended = false;
    for (;;) {
        char c = 0;
        const auto got = ::read(fd, &c, 1);
        if (got <= 0 || c == '\n') {
            ended = got > 0 || length > 0;
            break;
        }
        if (length == buffer.size()) break;
        buffer.data()[length++] = static_cast<std::uint8_t>(c);
    }
    if (is_tty) tcsetattr(fd, TCSAFLUSH, &old_mode);
    if (!ended || length == buffer.size()) return make_error("council.passphrase", "no passphrase was typed");
    if (length > 0 && buffer.data()[length - 1] == '\r') --length;
    return vault::SecureBytes(buffer.data(), length);
}

Result<vault::SecureBytes> passphrase_from_terminal(bool confirm) {
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        return make_error("council.passphrase", "no --passphrase-file given and no terminal to ask for the passphrase on");
    }
    auto first = read_tty_line(fd, "council key passphrase: ");
    if (!first || !confirm) {
        ::close(fd);
        return first;
    }
    auto second = read_tty_line(fd, "again, to confirm: ");
    ::close(fd);
    if (!second) return second;
    if (first->view() != second->view()) return make_error("council.passphrase", "the two passphrases differ");
    return first;
}

bool decode(const std::string& text, std::size_t size, vault::Bytes& out) {
    return vault::from_base64(text, out) && out.size() == size;
}

} // namespace

Result<vault::SecureBytes> read_passphrase(const std::filesystem::path& passphrase_file, bool confirm) {
    if (passphrase_file.empty()) return passphrase_from_terminal(confirm);
    auto text = vault::detail::read_private_file(passphrase_file, kMaxPassphrase);
    if (!text) return make_error("council.passphrase", text.error().message);
    std::size_t length = 0;
    while (length < text->size() && text->data()[length] != '\n') ++length;
    if (length > 0 && text->data()[length - 1] == '\r') --length;
    if (length == 0) return make_error("council.passphrase", passphrase_file.string() + ": the first line is empty");
    return vault::SecureBytes(text->data(), length);
}

Result<std::string> wrap_council_key(const vault::CouncilKeyPair& pair, const vault::SecureBytes& passphrase,
                                     const vault::detail::KdfParams& params) {
    if (auto strong = vault::detail::check_passphrase(passphrase.view()); !strong) return strong.error();
    if (!vault::is_valid_key_id(pair.key_id) || pair.public_key.size() != kKeyBytes || pair.secret_key.size() != kKeyBytes) {
        return key_file_error("not a council key pair");
    }
    const vault::Bytes salt = vault::random_bytes(vault::detail::kKdfSaltBytes);
    auto kek = vault::detail::derive_wrapping_key(passphrase.view(), salt, params);
    if (!kek) return kek.error();
    const auto wrapped = vault::detail::wrap_key(kek.value(), pair.secret_key, kPurpose, owner_of(pair.key_id, pair.public_key));
    std::ostringstream out;
    out << kCouncilKeyMagic << "\n"
        << "key-id " << pair.key_id << "\n"
        << "public-key " << vault::to_base64(pair.public_key) << "\n"
        << "kdf argon2id13 " << params.opslimit << " " << params.memlimit << "\n"
        << "salt " << vault::to_base64(salt) << "\n"
        << "nonce " << vault::to_base64(wrapped.nonce) << "\n"
        << "wrapped " << vault::to_base64(wrapped.ciphertext) << "\n";
    return out.str();
}

Result<vault::CouncilKeyPair> unwrap_council_key(const std::string& text, const vault::SecureBytes& passphrase) {
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line != kCouncilKeyMagic) {
        return key_file_error("not a passphrase-protected council key (first line is not " + std::string(kCouncilKeyMagic) +
                              "); a plain council.sk from an older keygen must be re-created");
    }
    std::map<std::string, std::string> fields;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto space = line.find(' ');
        if (space == std::string::npos || !fields.emplace(line.substr(0, space), line.substr(space + 1)).second) {
            return key_file_error("malformed line");
        }
    }
    for (const char* name : {"key-id", "public-key", "kdf", "salt", "nonce", "wrapped"}) {
        if (!fields.count(name) || fields.size() != 6) return key_file_error(std::string("needs exactly the six fields; '") + name + "' missing or extra");
    }
    vault::CouncilKeyPair pair;
    pair.key_id = fields["key-id"];
    if (!vault::is_valid_key_id(pair.key_id)) return key_file_error("invalid key id");
    vault::Bytes salt;
    vault::detail::WrappedKey wrapped;
    if (!decode(fields["public-key"], kKeyBytes, pair.public_key) ||
        !decode(fields["salt"], vault::detail::kKdfSaltBytes, salt) || !decode(fields["nonce"], kNonceBytes, wrapped.nonce) ||
        !decode(fields["wrapped"], kKeyBytes + 16, wrapped.ciphertext)) {
        return key_file_error("a base64 field has the wrong size");
    }
    unsigned long long opslimit = 0, memlimit = 0;
    char alg[16] = {};
    if (std::sscanf(fields["kdf"].c_str(), "%15s %llu %llu", alg, &opslimit, &memlimit) != 3 ||
        std::string(alg) != "argon2id13") {
        return key_file_error("kdf must be 'argon2id13 OPSLIMIT MEMLIMIT'");
    }
    const vault::detail::KdfParams params{opslimit, static_cast<std::size_t>(memlimit)};
    if (!vault::detail::kdf_params_acceptable(params) || opslimit > kCouncilKeyMaxOpslimit ||
        memlimit > kCouncilKeyMaxMemlimit) {
        return key_file_error("Argon2id parameters out of range");
    }
    auto kek = vault::detail::derive_wrapping_key(passphrase.view(), salt, params);
    if (!kek) return kek.error();
    auto secret = vault::detail::unwrap_key(kek.value(), wrapped, kPurpose, owner_of(pair.key_id, pair.public_key));
    if (!secret) return make_error("council.wrong_passphrase", "the passphrase does not open this council key");
    pair.secret_key = std::move(*secret);
    return pair;
}

Result<void> write_council_key(const std::filesystem::path& dir, const vault::CouncilKeyPair& pair,
                               const vault::SecureBytes& passphrase) {
    std::error_code ec;
    for (const char* name : {"council.sk", "council.pk"}) {
        if (std::filesystem::exists(dir / name, ec)) {
            return make_error("vault.key_file_exists", (dir / name).string() + " already exists; not overwriting it");
        }
    }
    auto text = wrap_council_key(pair, passphrase);
    if (!text) return text.error();
    if (!std::filesystem::exists(dir, ec)) {
        std::filesystem::create_directories(dir, ec);
        if (ec) return make_error("vault.io", "cannot create " + dir.string() + ": " + ec.message());
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
    }
    auto wrote = vault::detail::write_file_atomic(dir / "council.sk", text->data(), text->size(), 0600,
                                                  vault::detail::Replace::no);
    if (!wrote) return wrote;
    const std::string public_text = pair.key_id + " " + vault::to_base64(pair.public_key) + "\n";
    return vault::detail::write_file_atomic(dir / "council.pk", public_text.data(), public_text.size(), 0644,
                                            vault::detail::Replace::no);
}

Result<vault::CouncilKeyPair> load_council_key(const std::filesystem::path& key,
                                               const std::filesystem::path& passphrase_file) {
    std::error_code ec;
    const auto secret_file = std::filesystem::is_directory(key, ec) ? key / "council.sk" : key;
    // Checked before asking for the passphrase, so a mistyped path fails without a prompt.
    auto text = vault::detail::read_private_file(secret_file, kMaxKeyFile);
    if (!text) return text.error();
    auto passphrase = read_passphrase(passphrase_file, /*confirm=*/false);
    if (!passphrase) return passphrase.error();
    auto pair = unwrap_council_key(std::string(text->view()), passphrase.value());
    if (!pair) return pair.error();
    const auto public_file = secret_file.parent_path() / "council.pk";
    if (std::filesystem::exists(public_file, ec)) {
        auto published = vault::read_council_public_key(public_file);
        if (!published) return published.error();
        if (published->key_id != pair->key_id || published->public_key != pair->public_key) {
            return make_error("council.key_file", public_file.string() + " does not match " + secret_file.string());
        }
    }
    return pair;
}

} // namespace selfdirect::council
