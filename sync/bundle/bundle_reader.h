// Reads a removable-media bundle as hostile input (docs/sync-protocol.md, "Removable media";
// tamper cases 20 and 21 of security-reliability.md §6.3). Before any signature check it refuses
// symlinks, device files, FIFOs and anything not a regular file or the one envelopes/ directory, a
// missing or oversized manifest, more than 10 000 entries, names other than envelopes/NNNNNN.sdev,
// files not named in the manifest, missing files, and sizes over 4 MiB or unlike the manifest's.
// Then manifest.sig must verify with the manifest's key, which must be the key the caller trusts for
// the manifest's device id, and every file's BLAKE2b-256 must be the manifest's. Only then are the
// envelopes returned; the council import feeds each one to the receiver's ingest path.
#pragma once

#include "core/result.h"
#include "sync/bundle/bundle_manifest.h"
#include "vault/bytes.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace selfdirect::sync::bundle {

struct BundleEnvelope {
    ManifestEntry entry;
    vault::Bytes envelope;
};

struct Bundle {
    Manifest manifest;
    std::vector<BundleEnvelope> envelopes; // in manifest order
};

// The signing key the reader may accept for a device id (the enrolled, non-revoked key), or nullopt.
using SignerLookup = std::function<std::optional<vault::Bytes>(const std::string& device_id)>;

// Error codes: "bundle.unsafe" (a symlink, non-regular file, unexpected name or directory),
// "bundle.too_large" (manifest over 1 MiB, an envelope over 4 MiB, more than 10 000 files),
// "bundle.missing_file", "bundle.extra_file", "bundle.size_mismatch", "bundle.bad_manifest",
// "bundle.unknown_device" (no trusted key for the device id, or another key), "bundle.bad_signature",
// "bundle.hash_mismatch", "bundle.io".
Result<Bundle> read_bundle(const std::filesystem::path& dir, const SignerLookup& trusted_key);

} // namespace selfdirect::sync::bundle
