// Regression tests for bugs fuzz_device_profile found (tests/fuzz, docs/testing.md "Fuzzing").
#include "vault/device_profile.h"

#include <doctest/doctest.h>

#include <string>

using namespace selfdirect::vault;

namespace {

std::string profile(const std::string& text_scale, const std::string& key_id) {
    return "[device]\nid = \"kiosk-1\"\nmode = \"kiosk\"\ntext_scale = " + text_scale +
           "\ndata_dir = \"data\"\n[sync]\nurl = \"http://127.0.0.1:8470\"\n"
           "receipt_key = \"CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk=\"\n[[council_keys]]\nid = " + key_id +
           "\npublic_key = \"Lko4DBcR/eO+NQ6AjwM7FnUcEcunlbQK5T5aydEoGmA=\"\n";
}

} // namespace

TEST_CASE("a device profile with text_scale = nan is refused") {
    // nan is valid TOML, and `nan < 1.0 || nan > 2.0` is false: it used to pass the range check.
    REQUIRE(parse_device_profile(profile("1.5", "\"c-1\""), "/etc/selfdirect/device.toml").ok());
    for (const char* nan : {"nan", "-nan", "+nan"}) {
        auto p = parse_device_profile(profile(nan, "\"c-1\""), "/etc/selfdirect/device.toml");
        REQUIRE_FALSE(p.ok());
        CHECK(p.error().message.find("device.toml:4:") != std::string::npos);
        CHECK(p.error().message.find("'device.text_scale'") != std::string::npos);
    }
}

TEST_CASE("a council key id that no council key file can carry is refused") {
    // The id goes into every envelope; the council's key files only hold ids is_valid_key_id
    // accepts, so a device configured with any other id sealed records nobody could open.
    for (const char* id : {"\"\"", "\"demo council\"", "\"demo-council-]\"", "\"é\""}) {
        auto p = parse_device_profile(profile("1.0", id), "/etc/selfdirect/device.toml");
        REQUIRE_FALSE(p.ok());
        CHECK(p.error().code == "profile.invalid");
        CHECK(p.error().message.find("device.toml:10:") != std::string::npos);
        CHECK(p.error().message.find("'council_keys.id'") != std::string::npos);
    }
}
