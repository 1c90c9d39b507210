// Exports the device's pending outbox to removable media (docs/sync-protocol.md, "Removable media"):
// envelopes/NNNNNN.sdev, manifest.json and manifest.sig (signed by the device key), written under a
// temporary name with every file fsync'ed, renamed into place, the parent fsync'ed, then read back
// through the hostile reader and every hash checked before the export counts as done. An export is
// never a receipt: the rows stay queued for the network; only exported_unix is recorded.
#pragma once

#include "core/result.h"
#include "vault/device_vault.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace selfdirect::sync::bundle {

struct ExportResult {
    std::filesystem::path dir; // the finished bundle directory
    std::size_t envelopes = 0;
};

// Writes selfdirect-bundle-<device_id>-<YYYYMMDDThhmmssZ>/ under `parent` (the stick's mount point).
// Errors: "bundle.empty" (nothing pending), "bundle.too_many" (over 10 000 rows: export again after
// the first stick is imported), "bundle.exists", "bundle.io" / "bundle.disk_full",
// "bundle.verify_failed" (the read-back did not match: the stick is not trustworthy).
Result<ExportResult> export_bundle(vault::DeviceVault& vault, const std::filesystem::path& parent, std::int64_t now_unix);

} // namespace selfdirect::sync::bundle
