// The child of the kill test (see kill_test.cpp): opens the vault in DATA_DIR with the test session
// hooks and saves answers and submits records in an endless loop, writing one line to stdout
// *before* each operation ("s link value", "u") and one *after* it returned ok ("S link value",
// "U record_id"), so the parent knows exactly what the vault promised when the SIGKILL lands.
// Usage: crash_kill_child DATA_DIR COUNCIL_KEY_ID COUNCIL_PUBLIC_KEY_BASE64
#include "vault/device_vault.h"

#include <cstdio>
#include <string>
#include <unistd.h>

using namespace selfdirect::vault;

namespace {

// One write(2) per line: lines shorter than PIPE_BUF reach the pipe whole or not at all.
void say(const std::string& line) {
    const std::string text = line + "\n";
    if (::write(STDOUT_FILENO, text.data(), text.size()) != static_cast<ssize_t>(text.size())) _exit(4);
}

int fail(const char* what, const selfdirect::Error& error) {
    std::fprintf(stderr, "kill_child: %s: %s: %s\n", what, error.code.c_str(), error.message.c_str());
    return 3;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s DATA_DIR COUNCIL_KEY_ID COUNCIL_PUBLIC_KEY_BASE64\n", argv[0]);
        return 2;
    }
    CouncilPublicKey council{argv[2], {}};
    if (!from_base64(argv[3], council.public_key)) return 2;

    DeviceVaultOptions options;
    options.test_fixed_session_id = "kill-test-session";
    options.test_fixed_session_key = SecureBytes(std::string(32, 'k').data(), 32);
    options.test_keep_drafts = true;
    auto vault = DeviceVault::open(argv[1], "kiosk-kill", options);
    if (!vault.ok()) return fail("open", vault.error());
    auto session = (*vault)->begin_session();
    if (!session.ok()) return fail("begin_session", session.error());
    say("o");

    const std::string run = std::to_string(::getpid());
    for (long op = 0;; ++op) {
        if (op % 6 == 5) {
            say("u");
            auto entry = (*vault)->submit(*session, SecureBytes::from_string("{\"op\":" + std::to_string(op) + "}"),
                                          "form", "1", council);
            if (!entry.ok()) return fail("submit", entry.error());
            say("U " + entry->record_id);
            session = (*vault)->begin_session();
            if (!session.ok()) return fail("begin_session", session.error());
        } else {
            const std::string link = "q" + std::to_string(op % 4);
            const std::string value = "v" + run + "-" + std::to_string(op);
            say("s " + link + " " + value);
            auto saved = (*vault)->save_answer(*session, link, SecureBytes::from_string(value));
            if (!saved.ok()) return fail("save_answer", saved.error());
            say("S " + link + " " + value);
        }
    }
}
