// What several selfdirect-council subcommands need alike: the time now, and an existing receiver
// store opened with the one error line a council officer sees when it cannot be.
#pragma once

#include "sync/server/envelope_store.h"

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

} // namespace selfdirect::council
