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
receipt_key = "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk="

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
    CHECK(p->sync_receipt_key == Bytes(32, 9));
    CHECK(p->sync_enrolment_code.empty());
    CHECK(p->sync_retention_days == 14);
    CHECK(p->sync_ca_file.empty());
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

TEST_CASE("the sync keys are read, with the CA file resolved against the profile") {
    auto p = parse_device_profile(replace(kGood, "url = \"http://127.0.0.1:8470\"",
                                          "url = \"https://sync.example.gov.uk\"\nenrolment_code = \"7G2K-QM4T-X9PA-HW3D\"\n"
                                          "retention_days = 30\nca_file = \"certs/council-ca.pem\""),
                                  "/etc/selfdirect/device.toml");
    REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error().message));
    CHECK(p->sync_enrolment_code == "7G2K-QM4T-X9PA-HW3D");
    CHECK(p->sync_retention_days == 30);
    CHECK(p->sync_ca_file == "/etc/selfdirect/certs/council-ca.pem");
}

TEST_CASE("a missing or malformed receipt key, a bad retention or a bad enrolment code is refused naming the key") {
    const std::string key_line = "receipt_key = \"CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk=\"";
    auto missing = error_of(replace(kGood, key_line + "\n", ""));
    CHECK(missing.find("'sync.receipt_key'") != std::string::npos);
    CHECK(missing.find("is missing") != std::string::npos);
    auto short_key = error_of(replace(kGood, key_line, "receipt_key = \"AAAA\""));
    CHECK(short_key.find("device.toml:11:") != std::string::npos);
    CHECK(short_key.find("'sync.receipt_key'") != std::string::npos);
    CHECK(error_of(replace(kGood, key_line, key_line + "\nretention_days = -1")).find("'sync.retention_days'") !=
          std::string::npos);
    CHECK(error_of(replace(kGood, key_line, key_line + "\nretention_days = \"14\"")).find("'sync.retention_days'") !=
          std::string::npos);
    CHECK(error_of(replace(kGood, key_line, key_line + "\nenrolment_code = \"has space\"")).find("'sync.enrolment_code'") !=
          std::string::npos);
    CHECK(error_of(replace(kGood, key_line, key_line + "\nreceipt_secret = \"x\"")).find("'sync.receipt_secret'") !=
          std::string::npos);
}

TEST_CASE("a profile without any council key is refused") {
    auto msg = error_of(kGood.substr(0, kGood.find("[[council_keys]]")));
    CHECK(msg.find("'council_keys'") != std::string::npos);
    CHECK(msg.find(":?:") == std::string::npos); // a line is always named
}

TEST_CASE("a council key that is not 32 bytes of base64 is refused") {
    auto msg = error_of(replace(kGood, "Lko4DBcR/eO+NQ6AjwM7FnUcEcunlbQK5T5aydEoGmA=", "AAAA"));
    CHECK(msg.find("device.toml:15:") != std::string::npos);
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

TEST_CASE("result.show_budget is always, when_indicated or never, when_indicated by default, and the council's advice and young carers' contacts are read") {
    auto p = parse_device_profile(kGood, "/etc/selfdirect/device.toml");
    REQUIRE(p.ok());
    CHECK(p->show_budget == ShowBudget::WhenIndicated);
    CHECK(p->advice_website.empty());
    CHECK(p->young_carers_contact.empty());
    for (const auto& [text, value] : {std::pair{"always", ShowBudget::Always}, std::pair{"when_indicated", ShowBudget::WhenIndicated},
                                      std::pair{"never", ShowBudget::Never}}) {
        auto q = parse_device_profile(kGood + "\n[result]\nshow_budget = \"" + text + "\"\n", "/etc/selfdirect/device.toml");
        REQUIRE_MESSAGE(q.ok(), text);
        CHECK(q->show_budget == value);
    }
    auto c = parse_device_profile(kGood + "\n[council]\nname = \"Anytown Council\"\nadvice_website = \"www.anytown.gov.uk/care\"\n"
                                          "young_carers_contact = \"Anytown Young Carers on 01234 400400\"\n",
                                  "/etc/selfdirect/device.toml");
    REQUIRE(c.ok());
    CHECK(c->advice_website == "www.anytown.gov.uk/care");
    CHECK(c->young_carers_contact == "Anytown Young Carers on 01234 400400");

    CHECK(error_of(kGood + "\n[result]\nshow_budget = \"sometimes\"\n").find("key 'result.show_budget': must be") != std::string::npos);
    CHECK(error_of(kGood + "\n[result]\nshow_budget = true\n").find("result.show_budget") != std::string::npos);
    CHECK(error_of(kGood + "\n[result]\nshow_figure = \"never\"\n").find("result.show_figure': unknown key") != std::string::npos);
}
