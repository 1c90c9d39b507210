// Bundle manifest encoding and strict parsing (see bundle_manifest.h).
#include "sync/bundle/bundle_manifest.h"
#include "sync/protocol/untrusted_json.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <limits>
#include <set>

namespace selfdirect::sync::bundle {

namespace {

Error bad(const std::string& what) { return make_error("bundle.bad_manifest", what); }

bool valid_device_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.' || c == ':';
        if (!ok) return false;
    }
    return true;
}

bool valid_hash(std::string_view hash) {
    if (hash.size() != 64) return false;
    for (char c : hash) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

bool valid_uuid(std::string_view id) {
    if (id.size() != 36) return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

// An integer field within [lo, hi]; JSON floats, strings and out-of-range numbers are refused.
bool int_field(const nlohmann::json& object, const char* key, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer()) return false;
    if (it->is_number_unsigned()) {
        const auto v = it->get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
        out = static_cast<std::int64_t>(v);
    } else {
        out = it->get<std::int64_t>();
    }
    return out >= lo && out <= hi;
}

bool string_field(const nlohmann::json& object, const char* key, std::string& out) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
}

} // namespace

std::string entry_file_name(std::size_t index) {
    char name[32];
    std::snprintf(name, sizeof name, "%06zu", index + 1);
    return std::string(kEnvelopeDir) + "/" + name + ".sdev";
}

bool is_entry_file_name(std::string_view name) {
    constexpr std::string_view prefix = "envelopes/";
    constexpr std::string_view suffix = ".sdev";
    if (name.size() != prefix.size() + 6 + suffix.size()) return false;
    if (name.substr(0, prefix.size()) != prefix || name.substr(name.size() - suffix.size()) != suffix) return false;
    const std::string_view digits = name.substr(prefix.size(), 6);
    for (char c : digits) {
        if (c < '0' || c > '9') return false;
    }
    return digits != "000000";
}

std::string manifest_json(const Manifest& manifest) {
    nlohmann::ordered_json out;
    out["format"] = kFormat;
    out["version"] = kVersion;
    out["device_id"] = manifest.device_id;
    out["sign_public_key"] = vault::to_base64(manifest.sign_public_key);
    out["created_unix"] = manifest.created_unix;
    auto entries = nlohmann::ordered_json::array();
    for (const auto& e : manifest.entries) {
        nlohmann::ordered_json entry;
        entry["file"] = e.file;
        entry["record_id"] = e.record_id;
        entry["revision"] = e.revision;
        entry["envelope_hash"] = e.envelope_hash;
        entry["size"] = e.size;
        entries.push_back(std::move(entry));
    }
    out["entries"] = std::move(entries);
    return out.dump();
}

Result<Manifest> parse_manifest(std::string_view json_text) {
    if (json_text.size() > kMaxManifestBytes) return bad("manifest over 1 MiB");
    const auto root = sync::parse_untrusted_json(json_text);
    if (root.is_discarded() || !root.is_object()) return bad("manifest is not a JSON object");
    std::string format;
    std::int64_t version = 0;
    if (!string_field(root, "format", format) || format != kFormat) return bad("not a selfdirect bundle manifest");
    if (!int_field(root, "version", kVersion, kVersion, version)) return bad("unsupported manifest version");

    Manifest m;
    if (!string_field(root, "device_id", m.device_id) || !valid_device_id(m.device_id)) return bad("bad device_id");
    std::string key;
    if (!string_field(root, "sign_public_key", key) || key.size() > 64 || !vault::from_base64(key, m.sign_public_key) ||
        m.sign_public_key.size() != 32)
        return bad("bad sign_public_key");
    if (!int_field(root, "created_unix", 0, std::numeric_limits<std::int64_t>::max(), m.created_unix))
        return bad("bad created_unix");
    const auto entries = root.find("entries");
    if (entries == root.end() || !entries->is_array()) return bad("entries must be an array");
    if (entries->size() > kMaxEntries) return bad("more than 10000 entries");
    std::set<std::string> files;
    for (const auto& item : *entries) {
        if (!item.is_object()) return bad("an entry is not an object");
        ManifestEntry e;
        std::int64_t revision = 0;
        std::int64_t size = 0;
        if (!string_field(item, "file", e.file) || !is_entry_file_name(e.file))
            return bad("an entry's file is not envelopes/NNNNNN.sdev");
        if (!files.insert(e.file).second) return bad("a file is named twice");
        if (!string_field(item, "record_id", e.record_id) || !valid_uuid(e.record_id)) return bad("bad record_id");
        if (!int_field(item, "revision", 1, std::numeric_limits<std::int32_t>::max(), revision)) return bad("bad revision");
        if (!string_field(item, "envelope_hash", e.envelope_hash) || !valid_hash(e.envelope_hash))
            return bad("bad envelope_hash");
        if (!int_field(item, "size", 1, static_cast<std::int64_t>(kMaxEnvelopeBytes), size)) return bad("bad size");
        e.revision = static_cast<std::uint32_t>(revision);
        e.size = static_cast<std::size_t>(size);
        m.entries.push_back(std::move(e));
    }
    return m;
}

} // namespace selfdirect::sync::bundle
