// `selfdirect-council keygen`: creates the council's X25519 key pair (council.pk / council.sk) that
// devices seal records to. The secret key file is the one thing that can open every record, so
// writing refuses to overwrite an existing key, and council.sk is written wrapped under a passphrase
// (Argon2id; council_key_file.h), read from --passphrase-file or typed twice on the terminal.
#include "sync/council/commands.h"

#include "sync/council/council_key_file.h"
#include "vault/envelope.h"
#include "vault/passphrase.h"

#include <chrono>
#include <cstdio>
#include <ostream>

namespace selfdirect::council {

namespace {

std::string default_key_id() {
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const std::chrono::year_month_day ymd{today};
    char text[32];
    std::snprintf(text, sizeof text, "council-%04d%02u%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

} // namespace

int run_keygen(const KeygenOptions& options, std::ostream& out, std::ostream& err) {
    const std::string key_id = options.key_id.empty() ? default_key_id() : options.key_id;
    auto passphrase = read_passphrase(options.passphrase_file, /*confirm=*/true);
    if (!passphrase) {
        err << "selfdirect-council: cannot read the passphrase: " << passphrase.error().message << "\n";
        return kExitUsage;
    }
    if (auto strong = vault::detail::check_passphrase(passphrase->view()); !strong) {
        err << "selfdirect-council: " << strong.error().message << "\n";
        return kExitUsage;
    }
    auto pair = vault::generate_council_keypair(key_id);
    if (!pair) {
        err << "selfdirect-council: cannot generate a key: " << pair.error().code << ": " << pair.error().message << "\n";
        return kExitUsage;
    }
    if (auto written = write_council_key(options.out_dir, pair.value(), passphrase.value()); !written) {
        err << "selfdirect-council: cannot write the key to " << options.out_dir.string() << ": "
            << written.error().code << ": " << written.error().message << "\n";
        return kExitUsage;
    }
    out << pair->key_id << " " << vault::to_base64(pair->public_key) << "\n";
    return kExitOk;
}

} // namespace selfdirect::council
