// A full disk or an I/O error while saving reaches the resident as "your answers so far are safe;
// please tell a member of staff", not as a crash or a technical code (issue 4, faults).
#include "app/vault_bridge.h"
#include "vault/device_vault.h"
#include "vault/fault_vfs.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

using namespace selfdirect;

TEST_CASE("a save that hits a full disk is shown as: your answers so far are safe, please tell a member of staff") {
    auto vfs = vault::FaultVfs::create("app-disk-full");
    REQUIRE(vfs.ok());
    std::string pattern = (std::filesystem::temp_directory_path() / "selfdirect-app-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    {
        vault::DeviceVaultOptions options;
        options.vfs = (*vfs)->name();
        auto v = vault::DeviceVault::open(std::filesystem::path(pattern) / "data", "kiosk-01", options);
        REQUIRE(v.ok());
        auto s = (*v)->begin_session();
        REQUIRE(s.ok());
        vault::FaultPlan full;
        full.full_after_bytes = 0;
        (*vfs)->set_plan(full);
        auto saved = (*v)->save_answer(*s, "q1", vault::SecureBytes::from_string("\"yes\""));
        REQUIRE_FALSE(saved.ok());
        CHECK(saved.error().code == "vault.disk_full");
        const std::string message = app::message_for_person(saved.error().code);
        CHECK(message.find("Your answers so far are safe") != std::string::npos);
        CHECK(message.find("tell a member of staff") != std::string::npos);
        CHECK(message.find("vault.") == std::string::npos); // no technical code shown to the person
    }
    CHECK(app::message_for_person("vault.io").find("Your answers so far are safe") != std::string::npos);
    std::error_code ignored;
    std::filesystem::remove_all(pattern, ignored);
}
