// The helpers the council subcommands share (see command_support.h).
#include "sync/council/command_support.h"

#include <chrono>
#include <ostream>

namespace selfdirect::council {

std::int64_t now_unix() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::unique_ptr<sync::EnvelopeStore> open_existing_store(const std::string& location, std::ostream& err) {
    auto store = sync::open_envelope_store(location, sync::StoreOptions{.create = false});
    if (!store) {
        err << "selfdirect-council: cannot open the store: " << store.error().code << ": " << store.error().message
            << "\n";
        return nullptr;
    }
    return std::move(store).value();
}

} // namespace selfdirect::council
