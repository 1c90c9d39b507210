// Parses and checks the device profile (toml++). Every refusal names file, line and key.
#include "vault/device_profile.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace selfdirect::vault {
namespace {

struct Checker {
    std::filesystem::path source;

    Error fail(std::uint32_t line, const std::string& key, const std::string& what) const {
        std::string where = source.string() + ":" + (line ? std::to_string(line) : std::string("?"));
        return make_error("profile.invalid", where + ": key '" + key + "': " + what);
    }

    // Refuses keys this version does not know: a typo must not silently fall back to a default.
    Result<void> only_known(const toml::table& table, const std::string& prefix, const std::set<std::string>& known) const {
        for (const auto& [key, node] : table) {
            if (!known.count(std::string(key.str())))
                return fail(node.source().begin.line, prefix + std::string(key.str()), "unknown key (is it misspelt?)");
        }
        return {};
    }

    template <typename T>
    Result<T> get(const toml::table& table, const std::string& section, const char* key, bool required, T fallback,
                  std::uint32_t section_line) const {
        const toml::node* node = table.get(key);
        std::string name = section + "." + key;
        if (!node) {
            if (required) return fail(section_line, name, "is missing");
            return fallback;
        }
        if constexpr (std::is_same_v<T, double>) {
            if (auto v = node->value<double>(); v && (node->is_floating_point() || node->is_integer())) return *v;
            return fail(node->source().begin.line, name, "must be a number");
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
            if (node->is_integer()) return *node->value<std::int64_t>();
            return fail(node->source().begin.line, name, "must be a whole number");
        } else {
            if (node->is_string()) return *node->value<std::string>();
            return fail(node->source().begin.line, name, "must be a quoted string");
        }
    }
};

const toml::table* section(const toml::table& root, const char* name) {
    const toml::node* n = root.get(name);
    return n ? n->as_table() : nullptr;
}

} // namespace

Result<DeviceProfile> parse_device_profile(std::string_view toml_text, const std::filesystem::path& source) {
    Checker c{source};
    toml::table root;
    try {
        root = toml::parse(toml_text, source.string());
    } catch (const toml::parse_error& e) {
        return make_error("profile.invalid", source.string() + ":" + std::to_string(e.source().begin.line) +
                                                 ": not valid TOML: " + std::string(e.description()));
    }

    if (auto r = c.only_known(root, "", {"device", "sync", "council_keys", "council", "result"}); !r) return r.error();
    for (const char* name : {"device", "sync"}) {
        const toml::node* n = root.get(name);
        if (!n) return c.fail(1, name, "section [" + std::string(name) + "] is missing");
        if (!n->is_table()) return c.fail(n->source().begin.line, name, "must be a [section]");
    }
    const toml::table& dev = *section(root, "device");
    const toml::table& sync = *section(root, "sync");
    const std::uint32_t dev_line = dev.source().begin.line, sync_line = sync.source().begin.line;

    if (auto r = c.only_known(dev, "device.", {"id", "mode", "locale", "text_scale", "idle_timeout_seconds", "idle_warning_seconds", "data_dir"}); !r)
        return r.error();
    if (auto r = c.only_known(sync, "sync.", {"url", "receipt_key", "enrolment_code", "retention_days", "ca_file", "export_dir"}); !r)
        return r.error();

    DeviceProfile p;
    p.source = source;
    auto id = c.get<std::string>(dev, "device", "id", true, "", dev_line);
    if (!id) return id.error();
    if (id->empty() || id->size() > 64) return c.fail(dev.get("id")->source().begin.line, "device.id", "must be 1 to 64 characters");
    p.device_id = *id;

    auto mode = c.get<std::string>(dev, "device", "mode", true, "", dev_line);
    if (!mode) return mode.error();
    if (*mode == "kiosk") p.mode = DeviceMode::Kiosk;
    else if (*mode == "tablet") p.mode = DeviceMode::Tablet;
    else return c.fail(dev.get("mode")->source().begin.line, "device.mode", "must be \"kiosk\" or \"tablet\"");

    auto locale = c.get<std::string>(dev, "device", "locale", false, "en-GB", dev_line);
    if (!locale) return locale.error();
    p.locale = *locale;

    auto scale = c.get<double>(dev, "device", "text_scale", false, 1.0, dev_line);
    if (!scale) return scale.error();
    // Written so that nan (valid TOML) fails too: every comparison with nan is false (found by fuzz_device_profile).
    if (!(*scale >= 1.0 && *scale <= 2.0)) return c.fail(dev.get("text_scale")->source().begin.line, "device.text_scale", "must be between 1.0 and 2.0");
    p.text_scale = *scale;

    auto idle = c.get<std::int64_t>(dev, "device", "idle_timeout_seconds", false, 120, dev_line);
    if (!idle) return idle.error();
    if (*idle < 15 || *idle > 3600)
        return c.fail(dev.get("idle_timeout_seconds")->source().begin.line, "device.idle_timeout_seconds", "must be between 15 and 3600");
    p.idle_timeout_seconds = static_cast<int>(*idle);

    auto warn = c.get<std::int64_t>(dev, "device", "idle_warning_seconds", false, 30, dev_line);
    if (!warn) return warn.error();
    if (*warn < 10 || *warn > 600)
        return c.fail(dev.get("idle_warning_seconds")->source().begin.line, "device.idle_warning_seconds", "must be between 10 and 600");
    p.idle_warning_seconds = static_cast<int>(*warn);

    if (const toml::node* council_node = root.get("council")) {
        const toml::table* council = council_node->as_table();
        if (!council) return c.fail(council_node->source().begin.line, "council", "must be a [council] table");
        const std::uint32_t line = council->source().begin.line;
        if (auto r = c.only_known(*council, "council.", {"name", "phone", "safeguarding_phone", "contact_within_working_days",
                                                        "support_plan_within_weeks", "advice_website",
                                                        "young_carers_contact"}); !r)
            return r.error();
        auto name = c.get<std::string>(*council, "council", "name", false, p.council_name, line);
        if (!name) return name.error();
        auto phone = c.get<std::string>(*council, "council", "phone", false, "", line);
        if (!phone) return phone.error();
        auto safe = c.get<std::string>(*council, "council", "safeguarding_phone", false, "", line);
        if (!safe) return safe.error();
        auto days = c.get<std::int64_t>(*council, "council", "contact_within_working_days", false, 20, line);
        if (!days) return days.error();
        if (*days < 1 || *days > 365)
            return c.fail(council->get("contact_within_working_days")->source().begin.line, "council.contact_within_working_days", "must be between 1 and 365");
        auto weeks = c.get<std::int64_t>(*council, "council", "support_plan_within_weeks", false, 4, line);
        if (!weeks) return weeks.error();
        if (*weeks < 1 || *weeks > 52)
            return c.fail(council->get("support_plan_within_weeks")->source().begin.line, "council.support_plan_within_weeks", "must be between 1 and 52");
        if (name->empty() || name->size() > 120) return c.fail(line, "council.name", "must be 1 to 120 characters");
        p.council_name = *name;
        p.council_phone = *phone;
        p.safeguarding_phone = *safe;
        p.contact_within_working_days = static_cast<int>(*days);
        p.support_plan_within_weeks = static_cast<int>(*weeks);
        for (auto [key, field] : {std::pair{"advice_website", &p.advice_website},
                                  std::pair{"young_carers_contact", &p.young_carers_contact}}) {
            auto value = c.get<std::string>(*council, "council", key, false, "", line);
            if (!value) return value.error();
            if (value->size() > 200)
                return c.fail(council->get(key)->source().begin.line, std::string("council.") + key, "must be at most 200 characters");
            *field = *value;
        }
    }

    if (const toml::node* result_node = root.get("result")) {
        const toml::table* result = result_node->as_table();
        if (!result) return c.fail(result_node->source().begin.line, "result", "must be a [result] table");
        if (auto r = c.only_known(*result, "result.", {"show_budget"}); !r) return r.error();
        auto show = c.get<std::string>(*result, "result", "show_budget", false, "when_indicated", result->source().begin.line);
        if (!show) return show.error();
        if (*show == "always") p.show_budget = ShowBudget::Always;
        else if (*show == "when_indicated") p.show_budget = ShowBudget::WhenIndicated;
        else if (*show == "never") p.show_budget = ShowBudget::Never;
        else
            return c.fail(result->get("show_budget")->source().begin.line, "result.show_budget",
                          "must be \"always\", \"when_indicated\" or \"never\"");
    }

    auto data_dir = c.get<std::string>(dev, "device", "data_dir", true, "", dev_line);
    if (!data_dir) return data_dir.error();
    std::filesystem::path dd(*data_dir);
    p.data_dir = dd.is_absolute() ? dd : (source.parent_path() / dd).lexically_normal();

    auto url = c.get<std::string>(sync, "sync", "url", true, "", sync_line);
    if (!url) return url.error();
    if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0)
        return c.fail(sync.get("url")->source().begin.line, "sync.url", "must start with http:// or https://");
    p.sync_url = *url;

    // The receipt key is what makes a receipt a receipt: without it the device could never trust one.
    auto receipt_key = c.get<std::string>(sync, "sync", "receipt_key", true, "", sync_line);
    if (!receipt_key) return receipt_key.error();
    if (receipt_key->size() > 64 || !from_base64(*receipt_key, p.sync_receipt_key) || p.sync_receipt_key.size() != 32)
        return c.fail(sync.get("receipt_key")->source().begin.line, "sync.receipt_key",
                      "must be the receiver's base64 Ed25519 receipt public key (32 bytes, from receipt.pk)");
    auto code = c.get<std::string>(sync, "sync", "enrolment_code", false, "", sync_line);
    if (!code) return code.error();
    if (code->size() > 32 || std::any_of(code->begin(), code->end(), [](char ch) { return ch < 0x21 || ch > 0x7e; }))
        return c.fail(sync.get("enrolment_code")->source().begin.line, "sync.enrolment_code",
                      "must be the code from selfdirect-council enrol, like 7G2K-QM4T-X9PA-HW3D");
    p.sync_enrolment_code = *code;
    auto retention = c.get<std::int64_t>(sync, "sync", "retention_days", false, 14, sync_line);
    if (!retention) return retention.error();
    if (*retention < 0 || *retention > 3650)
        return c.fail(sync.get("retention_days")->source().begin.line, "sync.retention_days", "must be between 0 and 3650");
    p.sync_retention_days = static_cast<int>(*retention);
    auto ca = c.get<std::string>(sync, "sync", "ca_file", false, "", sync_line);
    if (!ca) return ca.error();
    if (!ca->empty()) {
        std::filesystem::path ca_path(*ca);
        p.sync_ca_file = ca_path.is_absolute() ? ca_path : (source.parent_path() / ca_path).lexically_normal();
    }
    auto export_dir = c.get<std::string>(sync, "sync", "export_dir", false, "", sync_line);
    if (!export_dir) return export_dir.error();
    if (!export_dir->empty()) {
        if (!std::filesystem::path(*export_dir).is_absolute())
            return c.fail(sync.get("export_dir")->source().begin.line, "sync.export_dir",
                          "must be an absolute path (where the USB stick is mounted, e.g. /media/usb)");
        p.sync_export_dir = *export_dir;
    }

    const toml::node* keys = root.get("council_keys");
    // A missing section has no line of its own: point at the end of the file, where it would go.
    const auto last_line = static_cast<std::uint32_t>(std::count(toml_text.begin(), toml_text.end(), '\n'));
    if (!keys) return c.fail(last_line, "council_keys", "no council public key: add a [[council_keys]] entry with id and public_key");
    const toml::array* arr = keys->as_array();
    if (!arr || arr->empty()) return c.fail(keys->source().begin.line, "council_keys", "must be one or more [[council_keys]] tables");
    for (const toml::node& entry : *arr) {
        const toml::table* t = entry.as_table();
        const std::uint32_t line = entry.source().begin.line;
        if (!t) return c.fail(line, "council_keys", "each entry must be a [[council_keys]] table");
        if (auto r = c.only_known(*t, "council_keys.", {"id", "public_key"}); !r) return r.error();
        auto kid = c.get<std::string>(*t, "council_keys", "id", true, "", line);
        if (!kid) return kid.error();
        // The id goes into every envelope header and must match the council's key file, which
        // only holds ids is_valid_key_id accepts: any other id seals records nobody can open.
        if (!is_valid_key_id(*kid))
            return c.fail(t->get("id")->source().begin.line, "council_keys.id",
                          "must be 1 to 64 characters of A-Z a-z 0-9 - _ . : (as in the council's key file)");
        auto pk = c.get<std::string>(*t, "council_keys", "public_key", true, "", line);
        if (!pk) return pk.error();
        CouncilPublicKey key{*kid, {}};
        if (!from_base64(*pk, key.public_key) || key.public_key.size() != 32)
            return c.fail(t->get("public_key")->source().begin.line, "council_keys.public_key",
                          "must be a base64 X25519 public key (32 bytes)");
        p.council_keys.push_back(std::move(key));
    }
    return p;
}

Result<DeviceProfile> load_device_profile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("profile.invalid", path.string() + ": cannot be read");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_device_profile(ss.str(), std::filesystem::absolute(path));
}

} // namespace selfdirect::vault
