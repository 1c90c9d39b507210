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

std::optional<KeyAndStore> open_key_and_store(const std::filesystem::path& key_file,
                                              const std::filesystem::path& passphrase_file,
                                              const std::string& store_location, std::ostream& err) {
    auto key = load_council_key(key_file, passphrase_file);
    if (!key) {
        err << "selfdirect-council: cannot read council key " << key_file.string() << ": " << key.error().code << ": "
            << key.error().message << "\n";
        return std::nullopt;
    }
    auto store = StoredSource::open(store_location);
    if (!store) {
        err << "selfdirect-council: cannot open store " << store_location << ": " << store.error().code << ": "
            << store.error().message << "\n";
        return std::nullopt;
    }
    return KeyAndStore{std::move(key).value(), std::move(store).value()};
}

} // namespace selfdirect::council
