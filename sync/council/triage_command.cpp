// `selfdirect-council triage`: opens every stored record with the council key and lists them in the
// order a worker should pick them up (triage.h): safeguarding first, then carers who cannot carry
// on caring, then the rest, then records without an assessment summary. Only the latest revision of
// each record is listed. Records that cannot be opened are named on stderr and the exit is 1.
#include "sync/council/commands.h"

#include "sync/council/council_key_file.h"
#include "sync/council/council_records.h"
#include "sync/council/triage.h"

#include <ostream>

namespace selfdirect::council {

int run_triage(const TriageOptions& options, std::ostream& out, std::ostream& err) {
    auto key = load_council_key(options.key_file, options.passphrase_file);
    if (!key) {
        err << "selfdirect-council: cannot read council key " << options.key_file.string() << ": "
            << key.error().code << ": " << key.error().message << "\n";
        return kExitUsage;
    }
    auto store = StoredSource::open(options.store);
    if (!store) {
        err << "selfdirect-council: cannot open store " << options.store << ": " << store.error().code << ": "
            << store.error().message << "\n";
        return kExitUsage;
    }
    auto opened = open_all_records(store.value(), key.value(), err);
    if (!opened) {
        err << "selfdirect-council: cannot read store: " << opened.error().code << ": " << opened.error().message
            << "\n";
        return kExitUsage;
    }
    out << format_triage(triage(latest_revisions(std::move(opened->records))));
    return opened->failed == 0 ? kExitOk : kExitSomeFailed;
}

} // namespace selfdirect::council
