// Fuzzes the device profile reader: the TOML file a council installer (or anyone with access to the
// kiosk's disk) edits, read at every start. A broken file must give a "profile.invalid" Error,
// never a crash or an escaping exception. A profile that is accepted must hold only values the
// app can use, so the target checks every documented range (device.id 1-64 bytes, mode, text_scale
// 1.0-2.0, idle 15-3600 s, absolute data_dir, http(s) URL, at least one 32-byte council key whose id
// a council key file can carry), and that writing the profile back as TOML reads back the same.
// toml++ is Debian's compiled library, so its own code runs uninstrumented: this guards our checks.
#include "fuzz_check.h"
#include "vault/device_profile.h"
#include "vault/envelope.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace {

using namespace selfdirect::vault;

const std::filesystem::path kSource = "/etc/selfdirect/fuzz-device.toml";

// A TOML basic string. Our strings came out of toml++, so they are valid UTF-8.
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string profile_toml(const DeviceProfile& p) {
    char scale[64];
    std::snprintf(scale, sizeof scale, "%.17g", p.text_scale);
    std::string s = "[device]\nid = " + quoted(p.device_id) + "\nmode = " +
                    (p.mode == DeviceMode::Kiosk ? "\"kiosk\"" : "\"tablet\"") + "\nlocale = " + quoted(p.locale) +
                    "\ntext_scale = " + scale + "\nidle_timeout_seconds = " + std::to_string(p.idle_timeout_seconds) +
                    "\nidle_warning_seconds = " + std::to_string(p.idle_warning_seconds) +
                    "\ndata_dir = " + quoted(p.data_dir.string()) + "\n[sync]\nurl = " + quoted(p.sync_url) + "\nreceipt_key = " + quoted(to_base64(p.sync_receipt_key)) +
                    "\nenrolment_code = " + quoted(p.sync_enrolment_code) +
                    "\nretention_days = " + std::to_string(p.sync_retention_days) +
                    (p.sync_ca_file.empty() ? std::string() : "\nca_file = " + quoted(p.sync_ca_file.string())) + "\n" +
                    "[council]\nname = " + quoted(p.council_name) + "\nphone = " + quoted(p.council_phone) +
                    "\nsafeguarding_phone = " + quoted(p.safeguarding_phone) +
                    "\ncontact_within_working_days = " + std::to_string(p.contact_within_working_days) +
                    "\nsupport_plan_within_weeks = " + std::to_string(p.support_plan_within_weeks) + "\n";
    for (const auto& k : p.council_keys)
        s += "[[council_keys]]\nid = " + quoted(k.key_id) + "\npublic_key = " + quoted(to_base64(k.public_key)) + "\n";
    return s;
}

bool same_profile(const DeviceProfile& a, const DeviceProfile& b) {
    if (a.device_id != b.device_id || a.mode != b.mode || a.locale != b.locale || a.text_scale != b.text_scale ||
        a.idle_timeout_seconds != b.idle_timeout_seconds || a.idle_warning_seconds != b.idle_warning_seconds ||
        a.data_dir != b.data_dir || a.sync_url != b.sync_url || a.sync_receipt_key != b.sync_receipt_key ||
        a.sync_enrolment_code != b.sync_enrolment_code || a.sync_retention_days != b.sync_retention_days ||
        a.sync_ca_file != b.sync_ca_file || a.council_name != b.council_name ||
        a.council_phone != b.council_phone || a.safeguarding_phone != b.safeguarding_phone ||
        a.contact_within_working_days != b.contact_within_working_days ||
        a.support_plan_within_weeks != b.support_plan_within_weeks ||
        a.council_keys.size() != b.council_keys.size())
        return false;
    for (std::size_t i = 0; i < a.council_keys.size(); ++i)
        if (a.council_keys[i].key_id != b.council_keys[i].key_id ||
            a.council_keys[i].public_key != b.council_keys[i].public_key)
            return false;
    return true;
}

void check_profile(const DeviceProfile& p) {
    FUZZ_CHECK(!p.device_id.empty() && p.device_id.size() <= 64, "device.id is 1-64 bytes");
    FUZZ_CHECK(p.mode == DeviceMode::Kiosk || p.mode == DeviceMode::Tablet, "mode is kiosk or tablet");
    FUZZ_CHECK(p.text_scale >= 1.0 && p.text_scale <= 2.0, "text_scale is a number from 1.0 to 2.0");
    FUZZ_CHECK(p.idle_timeout_seconds >= 15 && p.idle_timeout_seconds <= 3600, "idle timeout is 15-3600 s");
    FUZZ_CHECK(p.data_dir.is_absolute(), "data_dir is absolute");
    FUZZ_CHECK(p.sync_url.rfind("http://", 0) == 0 || p.sync_url.rfind("https://", 0) == 0, "sync.url is http(s)");
    FUZZ_CHECK(!p.council_keys.empty(), "there is at least one council key");
    for (const auto& k : p.council_keys) {
        FUZZ_CHECK(k.public_key.size() == 32, "a council public key is 32 bytes");
        FUZZ_CHECK(is_valid_key_id(k.key_id), "a council key id is one a council key file can carry");
    }
    auto again = parse_device_profile(profile_toml(p), kSource);
    FUZZ_CHECK(again.ok(), "an accepted profile, written back as TOML, is accepted again");
    FUZZ_CHECK(same_profile(p, *again), "an accepted profile, written back and read again, is the same");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto profile = parse_device_profile(text, kSource);
    if (!profile) {
        FUZZ_CHECK(profile.error().code == "profile.invalid", "every refusal has the code profile.invalid");
        return 0;
    }
    check_profile(*profile);
    return 0;
}
