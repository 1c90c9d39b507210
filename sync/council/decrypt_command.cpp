// `selfdirect-council decrypt`: opens every envelope in a selfdirect-sync store with the council
// secret key and prints the FHIR QuestionnaireResponses as one JSON array, in server order.
// A record that cannot be opened is named on stderr and the others are still printed.
#include "sync/council/commands.h"

#include "sync/council/council_key_file.h"
#include "sync/council/council_records.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace selfdirect::council {

int run_decrypt(const DecryptOptions& options, std::ostream& out, std::ostream& err) {
    auto key = load_council_key(options.key_file, options.passphrase_file);
    if (!key) {
        err << "selfdirect-council: cannot read council key " << options.key_file.string() << ": "
            << key.error().code << ": " << key.error().message << "\n";
        return kExitUsage;
    }
    auto store = StoredSource::open(options.store_file.string());
    if (!store) {
        err << "selfdirect-council: cannot open store " << options.store_file.string() << ": "
            << store.error().code << ": " << store.error().message << "\n";
        return kExitUsage;
    }
    auto opened = open_all_records(store.value(), key.value(), err);
    if (!opened) {
        err << "selfdirect-council: cannot read store: " << opened.error().code << ": " << opened.error().message
            << "\n";
        return kExitUsage;
    }
    nlohmann::json responses = nlohmann::json::array();
    for (auto& record : opened->records) responses.push_back(std::move(record.response));
    const int failed = opened->failed;
    out << responses.dump(2) << "\n";
    return failed == 0 ? kExitOk : kExitSomeFailed;
}

} // namespace selfdirect::council
