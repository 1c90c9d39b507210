// The device profile is read strictly: a kiosk must not start half-configured, and a council
// administrator must be told the file, line and key of any mistake.
#include "vault/device_profile.h"

#include <doctest/doctest.h>

#include <string>

using namespace selfdirect::vault;

namespace {

const std::string kGood = R"([device]
id = "kiosk-1"
mode = "kiosk"
locale = "en-GB"
text_scale = 1.5
idle_timeout_seconds = 90
data_dir = "data"

[sync]
url = "http://127.0.0.1:8470"

[[council_keys]]
id = "c-1"
public_key = "Lko4DBcR/eO+NQ6AjwM7FnUcEcunlbQK5T5aydEoGmA="

[[council_keys]]
id = "c-0"
public_key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
    auto p = parse_device_profile(text, "/etc/selfdirect/device.toml");
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().code == "profile.invalid");
    return p.error().message;
}

} // namespace

TEST_CASE("a complete profile is read with every value and the data directory resolved against the file") {
    auto p = parse_device_profile(kGood, "/etc/selfdirect/device.toml");
    REQUIRE(p.ok());
    CHECK(p->device_id == "kiosk-1");
    CHECK(p->mode == DeviceMode::Kiosk);
    CHECK(p->text_scale == doctest::Approx(1.5));
    CHECK(p->idle_timeout_seconds == 90);
    CHECK(p->data_dir == "/etc/selfdirect/data");
    CHECK(p->sync_url == "http://127.0.0.1:8470");
    REQUIRE(p->council_keys.size() == 2);
    CHECK(p->council_keys[0].key_id == "c-1");
    CHECK(p->council_keys[0].public_key.size() == 32);
}

TEST_CASE("an unknown key is refused with its file, line and full name") {
    auto msg = error_of(replace(kGood, "locale = \"en-GB\"", "locale = \"en-GB\"\nidle_timout = 3"));
    CHECK(msg.find("/etc/selfdirect/device.toml:5:") == 0);
    CHECK(msg.find("'device.idle_timout'") != std::string::npos);
}

TEST_CASE("an unknown key inside a council key entry is refused") {
    auto msg = error_of(replace(kGood, "id = \"c-1\"", "id = \"c-1\"\nsecret_key = \"x\""));
    CHECK(msg.find("'council_keys.secret_key'") != std::string::npos);
}

TEST_CASE("a value of the wrong type is refused naming line and key") {
    auto msg = error_of(replace(kGood, "idle_timeout_seconds = 90", "idle_timeout_seconds = \"90\""));
    CHECK(msg.find("device.toml:6:") != std::string::npos);
    CHECK(msg.find("'device.idle_timeout_seconds'") != std::string::npos);
}

TEST_CASE("a value out of range is refused") {
    CHECK(error_of(replace(kGood, "text_scale = 1.5", "text_scale = 3.0")).find("'device.text_scale'") != std::string::npos);
    CHECK(error_of(replace(kGood, "mode = \"kiosk\"", "mode = \"phone\"")).find("'device.mode'") != std::string::npos);
    CHECK(error_of(replace(kGood, "http://127.0.0.1:8470", "ftp://x")).find("'sync.url'") != std::string::npos);
}

TEST_CASE("a profile without any council key is refused") {
    auto msg = error_of(kGood.substr(0, kGood.find("[[council_keys]]")));
    CHECK(msg.find("'council_keys'") != std::string::npos);
    CHECK(msg.find(":?:") == std::string::npos); // a line is always named
}

TEST_CASE("a council key that is not 32 bytes of base64 is refused") {
    auto msg = error_of(replace(kGood, "Lko4DBcR/eO+NQ6AjwM7FnUcEcunlbQK5T5aydEoGmA=", "AAAA"));
    CHECK(msg.find("device.toml:14:") != std::string::npos);
    CHECK(msg.find("'council_keys.public_key'") != std::string::npos);
}

TEST_CASE("a missing required key names its section") {
    auto msg = error_of(replace(kGood, "id = \"kiosk-1\"\n", ""));
    CHECK(msg.find("'device.id'") != std::string::npos);
    CHECK(msg.find("is missing") != std::string::npos);
}

TEST_CASE("TOML that does not parse is refused with the line") {
    auto msg = error_of("[device]\nid = \"unterminated\n");
    CHECK(msg.find("device.toml:2:") != std::string::npos);
}

TEST_CASE("the shipped profiles in firmware-config are valid") {
    for (const char* name : {"demo-kiosk.toml", "example-tablet.toml"}) {
        auto p = load_device_profile(std::string(SELFDIRECT_SOURCE_DIR) + "/firmware-config/" + name);
        CHECK_MESSAGE(p.ok(), name, ": ", (p.ok() ? std::string() : p.error().message));
    }
}
