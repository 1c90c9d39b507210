// The removable-media bundle's manifest (docs/sync-protocol.md, "Removable media"): its fields, its
// caps, and a strict parser that treats the text as hostile (the council imports sticks that have been
// in unknown hands). Shared by the device's writer and the council's reader, and fuzzed on its own
// (tests/fuzz/fuzz_bundle_manifest.cpp).
#pragma once

#include "core/result.h"
#include "vault/bytes.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::sync::bundle {

inline constexpr const char* kFormat = "selfdirect-bundle";
inline constexpr int kVersion = 1;
inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kSignatureFile = "manifest.sig";
inline constexpr const char* kEnvelopeDir = "envelopes";
inline constexpr std::size_t kMaxManifestBytes = 1024 * 1024;
inline constexpr std::size_t kMaxEntries = 10000;
inline constexpr std::size_t kMaxEnvelopeBytes = 4u * 1024u * 1024u;

struct ManifestEntry {
    std::string file; // "envelopes/NNNNNN.sdev"
    std::string record_id;
    std::uint32_t revision = 0;
    std::string envelope_hash; // 64 lower-case hex
    std::size_t size = 0;
};

struct Manifest {
    std::string device_id;
    vault::Bytes sign_public_key; // 32
    std::int64_t created_unix = 0;
    std::vector<ManifestEntry> entries;
};

// "envelopes/000001.sdev" for index 0.
std::string entry_file_name(std::size_t index);
// True for exactly "envelopes/" + six digits (not all zero) + ".sdev": no "..", no absolute path,
// no other directory.
bool is_entry_file_name(std::string_view name);

// The exact bytes written to manifest.json (fields in the documented order, no spaces): starts
// {"format":"selfdirect-bundle", which is what the device key agrees to sign.
std::string manifest_json(const Manifest& manifest);
// "bundle.bad_manifest" on anything not exactly a valid manifest: wrong format/version, wrong
// types, a bad device id, key or hash, a revision out of range, a size over the cap, more than
// kMaxEntries entries, a file name other than envelopes/NNNNNN.sdev, or a file named twice.
Result<Manifest> parse_manifest(std::string_view json_text);

} // namespace selfdirect::sync::bundle
