// The device profile: the TOML file in firmware-config/ that says what this device is (id, kiosk or
// tablet), where its data lives, where the council's sync server is and which council public keys
// records are sealed to. It lives in the vault because it carries key material and is read from disk.
// A profile with an unknown key, a value of the wrong type or no council key is refused with the
// file, line and key named: a kiosk must not start half-configured.
#pragma once

#include "core/result.h"
#include "vault/envelope.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::vault {

enum class DeviceMode { Kiosk, Tablet };

// [result] show_budget: when the result page shows a money figure (docs/configuration.md).
enum class ShowBudget { Always, WhenIndicated, Never };

struct DeviceProfile {
    std::filesystem::path source;      // the file it came from
    std::string device_id;
    DeviceMode mode = DeviceMode::Kiosk;
    std::string locale = "en-GB";
    double text_scale = 1.0;           // 1.0 .. 2.0
    int idle_timeout_seconds = 120;    // quiet time before the idle warning
    int idle_warning_seconds = 30;     // how long the warning shows before the kiosk forgets the person
    std::filesystem::path data_dir;    // absolute; a relative path in the file is relative to the file
    std::string sync_url;
    // [sync] (issue 6, protocol v2; docs/configuration.md): the receiver's receipt public key pinned
    // here (Ed25519, 32 bytes; required), a one-time enrolment code from `selfdirect-council enrol`
    // (used once, then the device is enrolled), how long acknowledged envelopes are kept, and the CA
    // file trusted for https:// instead of the system store (relative paths: to the profile file).
    Bytes sync_receipt_key;
    std::string sync_enrolment_code;
    int sync_retention_days = 14;
    std::filesystem::path sync_ca_file;
    // Where staff mount a USB stick for removable-media export (absolute; empty: no export button).
    std::filesystem::path sync_export_dir;
    std::vector<CouncilPublicKey> council_keys; // at least one; the first is current

    // [council] (optional): who the person is dealing with and the council's service standards,
    // shown on the result and confirmation pages.
    std::string council_name = "the council";
    std::string council_phone;             // the adult social care front door
    std::string safeguarding_phone;        // to report abuse or neglect now
    int contact_within_working_days = 20;  // a worker contacts the person within this
    int support_plan_within_weeks = 4;     // a support plan is agreed within this
    std::string advice_website;            // the council's information and advice (Care Act s.4, s.13(5))
    std::string young_carers_contact;      // the young carers' service: "Anytown Young Carers on 01234 567890"

    // [result] (optional): what the result page shows. The default shows a figure only to someone
    // whose eligibility is indicated; the others get the council's information and advice instead.
    ShowBudget show_budget = ShowBudget::WhenIndicated;
};

// Error code "profile.invalid"; the message reads "FILE:LINE: key 'section.key': what is wrong".
Result<DeviceProfile> parse_device_profile(std::string_view toml_text, const std::filesystem::path& source);
Result<DeviceProfile> load_device_profile(const std::filesystem::path& path);

} // namespace selfdirect::vault
