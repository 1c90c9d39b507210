// Device side of sync: sends every pending outbox envelope to the council's selfdirect-sync and
// marks a row acknowledged only after the server says it durably stored it (or already had it).
// Runs on a worker thread, never the UI thread.
#pragma once

#include "core/result.h"
#include "vault/device_vault.h"

#include <string>

namespace selfdirect::sync {

struct UploadReport {
    int pending = 0;       // rows found in the outbox
    int acknowledged = 0;  // rows the server stored or already had
    int failed = 0;        // rows left for the next attempt
    std::string last_error; // for staff / logs; never personal data
};

// `base_url` like "http://127.0.0.1:8470". Fails only when the outbox cannot be read; network
// failures are counted in the report (the rows stay queued).
Result<UploadReport> upload_outbox(vault::DeviceVault& vault, const std::string& base_url);

} // namespace selfdirect::sync
