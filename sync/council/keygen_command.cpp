// `selfdirect-council keygen`: creates the council's X25519 key pair (council.pk / council.sk) that
// devices seal records to. The secret key file is the one thing that can open every record, so
// writing refuses to overwrite an existing key (vault/key_files.h).
#include "sync/council/commands.h"

#include "vault/envelope.h"
#include "vault/key_files.h"

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
    auto pair = vault::generate_council_keypair(key_id);
    if (!pair) {
        err << "selfdirect-council: cannot generate a key: " << pair.error().code << ": " << pair.error().message << "\n";
        return kExitUsage;
    }
    if (auto written = vault::write_council_keypair(options.out_dir, pair.value()); !written) {
        err << "selfdirect-council: cannot write the key to " << options.out_dir.string() << ": "
            << written.error().code << ": " << written.error().message << "\n";
        return kExitUsage;
    }
    out << pair->key_id << " " << vault::to_base64(pair->public_key) << "\n";
    return kExitOk;
}

} // namespace selfdirect::council
