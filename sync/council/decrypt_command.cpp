// `selfdirect-council decrypt`: opens every envelope in a selfdirect-sync store with the council
// secret key and prints the FHIR QuestionnaireResponses as one JSON array, in server order.
// A record that cannot be opened is named on stderr and the others are still printed.
#include "sync/council/commands.h"

#include "sync/server/envelope_store.h"
#include "vault/envelope.h"
#include "vault/key_files.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace selfdirect::council {

namespace {

constexpr std::size_t kPageSize = 256;

} // namespace

int run_decrypt(const DecryptOptions& options, std::ostream& out, std::ostream& err) {
    auto key = vault::read_council_keypair(options.key_file);
    if (!key) {
        err << "selfdirect-council: cannot read council key " << options.key_file.string() << ": "
            << key.error().code << ": " << key.error().message << "\n";
        return kExitUsage;
    }
    sync::SqliteStoreOptions store_options;
    store_options.create = false; // a mistyped path must not silently become an empty store
    auto store = sync::open_sqlite_envelope_store(options.store_file, store_options);
    if (!store) {
        err << "selfdirect-council: cannot open store " << options.store_file.string() << ": "
            << store.error().code << ": " << store.error().message << "\n";
        return kExitUsage;
    }

    nlohmann::json responses = nlohmann::json::array();
    int failed = 0;
    std::int64_t after = 0;
    for (;;) {
        auto page = store.value()->list(after, kPageSize);
        if (!page) {
            err << "selfdirect-council: cannot read store: " << page.error().code << ": " << page.error().message
                << "\n";
            return kExitUsage;
        }
        if (page->empty()) break;
        for (const auto& record : page.value()) {
            after = record.seq;
            const std::string label =
                "record " + record.record_id + " rev " + std::to_string(record.revision) + " (seq " +
                std::to_string(record.seq) + ")";
            auto plaintext = vault::open_record(record.envelope, key.value());
            if (!plaintext) {
                err << "selfdirect-council: cannot open " << label << ": " << plaintext.error().code << ": "
                    << plaintext.error().message << "\n";
                ++failed;
                continue;
            }
            auto parsed = nlohmann::json::parse(plaintext->view(), nullptr, /*allow_exceptions=*/false);
            if (parsed.is_discarded() || !parsed.is_object()) {
                err << "selfdirect-council: " << label << " does not hold a JSON object\n";
                ++failed;
                continue;
            }
            responses.push_back(std::move(parsed));
        }
    }
    out << responses.dump(2) << "\n";
    return failed == 0 ? kExitOk : kExitSomeFailed;
}

} // namespace selfdirect::council
