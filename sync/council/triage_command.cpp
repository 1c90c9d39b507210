// `selfdirect-council triage`: opens every stored record with the council key and lists them in the
// order a worker should pick them up (triage.h): safeguarding first, then carers who cannot carry
// on caring, then the rest, then records without an assessment summary. Only the latest revision of
// each record is listed. Records that cannot be opened are named on stderr and the exit is 1.
#include "sync/council/commands.h"
#include "sync/council/command_support.h"

#include "sync/council/council_key_file.h"
#include "sync/council/council_records.h"
#include "sync/council/triage.h"

#include <ostream>

namespace selfdirect::council {

int run_triage(const TriageOptions& options, std::ostream& out, std::ostream& err) {
    auto opened_store = open_key_and_store(options.key_file, options.passphrase_file, options.store, err);
    if (!opened_store) return kExitUsage;
    auto& [key, store] = *opened_store;
    auto opened = open_all_records(store, key, err);
    if (!opened) {
        err << "selfdirect-council: cannot read store: " << opened.error().code << ": " << opened.error().message
            << "\n";
        return kExitUsage;
    }
    out << format_triage(triage(latest_revisions(std::move(opened->records))));
    return opened->failed == 0 ? kExitOk : kExitSomeFailed;
}

} // namespace selfdirect::council
