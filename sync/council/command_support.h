// What several selfdirect-council subcommands need alike: the time now, an existing receiver store
// opened with the one error line a council officer sees when it cannot be, and the council key with
// the store of records it opens (decrypt, export and triage start the same way).
#pragma once

#include "sync/council/council_key_file.h"
#include "sync/council/council_records.h"
#include "sync/server/envelope_store.h"

#include <filesystem>
#include <optional>

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

namespace selfdirect::council {

// Seconds since the Unix epoch, UTC.
std::int64_t now_unix();

// The store at `location` (sqlite:PATH, PATH or postgresql://…), which must already exist; null
// after writing "selfdirect-council: cannot open the store: CODE: MESSAGE" to `err`.
std::unique_ptr<sync::EnvelopeStore> open_existing_store(const std::string& location, std::ostream& err);

// The council key (unwrapped with the passphrase) and the store of records it is to open.
struct KeyAndStore {
    vault::CouncilKeyPair key;
    StoredSource store;
};

// Both, or nullopt after one line on `err` naming which could not be used and why (the caller exits
// with kExitUsage): "selfdirect-council: cannot read council key FILE: CODE: MESSAGE" or
// "selfdirect-council: cannot open store LOCATION: CODE: MESSAGE".
std::optional<KeyAndStore> open_key_and_store(const std::filesystem::path& key_file,
                                              const std::filesystem::path& passphrase_file,
                                              const std::string& store_location, std::ostream& err);

} // namespace selfdirect::council
