// Fuzzes the removable-media bundle manifest parser (sync/bundle/bundle_manifest.h): the council
// reads manifests from sticks that have been in unknown hands, before any signature is checked.
// parse_manifest must refuse or accept without crashing; an accepted manifest must respect every cap
// and name only envelopes/NNNNNN.sdev files (no "..", no absolute path), and must survive
// manifest_json and a second parse unchanged (the writer's bytes are what the device signs).
#include "fuzz_check.h"
#include "sync/bundle/bundle_manifest.h"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace bundle = selfdirect::sync::bundle;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = bundle::parse_manifest(text);
    if (!parsed.ok()) {
        FUZZ_CHECK(parsed.error().code == "bundle.bad_manifest", "every refusal has the documented code");
        return 0;
    }
    const auto& m = *parsed;
    FUZZ_CHECK(m.sign_public_key.size() == 32, "an accepted key is 32 bytes");
    FUZZ_CHECK(m.entries.size() <= bundle::kMaxEntries, "the entry cap holds");
    std::set<std::string> files;
    for (const auto& e : m.entries) {
        FUZZ_CHECK(bundle::is_entry_file_name(e.file), "only envelopes/NNNNNN.sdev names are accepted");
        FUZZ_CHECK(e.file.find("..") == std::string::npos && e.file[0] != '/', "no traversal survives");
        FUZZ_CHECK(files.insert(e.file).second, "no file is named twice");
        FUZZ_CHECK(e.size >= 1 && e.size <= bundle::kMaxEnvelopeBytes, "sizes are within the cap");
        FUZZ_CHECK(e.revision >= 1 && e.revision <= 0x7fffffffu, "revisions are in range");
        FUZZ_CHECK(e.envelope_hash.size() == 64, "hashes are 64 hex characters");
    }
    const std::string again = bundle::manifest_json(m);
    auto reparsed = bundle::parse_manifest(again);
    FUZZ_CHECK(reparsed.ok(), "what the writer writes, the reader reads");
    FUZZ_CHECK(bundle::manifest_json(*reparsed) == again, "the manifest round-trips byte for byte");
    return 0;
}
