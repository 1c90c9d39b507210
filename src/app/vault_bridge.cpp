// Vault commands on the worker thread (see vault_bridge.h).
#include "app/vault_bridge.h"

#include "core/response_builder.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace selfdirect::app {
namespace {

std::string now_iso8601() {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// A short reference a person can read out on the phone: "SD-" and the record id's first 8 hex digits.
std::string reference_for(const std::string& record_id) {
    std::string hex;
    for (char ch : record_id)
        if (ch != '-' && hex.size() < 8) hex += static_cast<char>(ch >= 'a' && ch <= 'f' ? ch - 32 : ch);
    return "SD-" + hex.substr(0, 4) + "-" + hex.substr(4);
}

} // namespace

std::string message_for_person(const std::string& error_code) {
    if (error_code == "vault.disk_full" || error_code == "vault.io")
        return "We could not save that answer. Your answers so far are safe. Please tell a member of staff.";
    return "Something went wrong. Your answers so far are safe. Please tell a member of staff.";
}

VaultBridge::VaultBridge(vault::DeviceVault& vault, const core::Questionnaire& form, std::vector<vault::CouncilPublicKey> councils,
                         MainThreadQueue& ui_queue, Hooks hooks)
    : vault_(vault), form_(form), councils_(std::move(councils)), ui_queue_(ui_queue), hooks_(std::move(hooks)) {}

VaultBridge::~VaultBridge() {
    // A person who walks away mid-form leaves nothing readable behind when the app stops.
    worker_.post([this] { end_session(); });
}

void VaultBridge::execute(Command command, Journey& journey) {
    worker_.post([this, c = std::move(command), &journey] {
        switch (c.kind) {
        case Command::Kind::SaveAnswer: save(c, journey); break;
        case Command::Kind::ForgetAnswer: forget(c, journey); break;
        case Command::Kind::Submit: submit(c, journey); break;
        case Command::Kind::EndSession: end_session(); break;
        }
    });
}

bool VaultBridge::ensure_session(std::string& error_code) {
    if (session_) return true;
    auto s = vault_.begin_session();
    if (!s) {
        error_code = s.error().code;
        std::fprintf(stderr, "selfdirect: vault: cannot start a session: %s\n", s.error().message.c_str());
        return false;
    }
    session_ = *s;
    return true;
}

void VaultBridge::save(const Command& c, Journey& journey) {
    std::string code;
    bool ok = ensure_session(code);
    if (ok) {
        auto r = vault_.save_answer(*session_, c.link_id, vault::SecureBytes::from_string(core::answer_to_json(c.value)));
        if (!r) {
            ok = false;
            code = r.error().code;
            std::fprintf(stderr, "selfdirect: vault: answer not saved: %s\n", r.error().code.c_str()); // no content
        }
    }
    ui_queue_.post([&journey, ok, code] { journey.on_answer_saved(ok, ok ? std::string() : message_for_person(code)); });
    hooks_.wake_ui();
}

void VaultBridge::forget(const Command& c, Journey& journey) {
    std::string code;
    bool ok = ensure_session(code);
    if (ok) {
        auto r = vault_.delete_answer(*session_, c.link_id);
        if (!r) ok = false, code = r.error().code;
    }
    ui_queue_.post([&journey, ok, code] { journey.on_answer_saved(ok, ok ? std::string() : message_for_person(code)); });
    hooks_.wake_ui();
}

void VaultBridge::submit(const Command& c, Journey& journey) {
    std::string code, reference;
    bool ok = ensure_session(code);
    if (ok) {
        core::ResponseMeta meta;
        meta.authored = now_iso8601();
        auto json = vault::SecureBytes::from_string(core::build_questionnaire_response(form_, c.answers, meta));
        auto entry = vault_.submit(*session_, json, form_.id, form_.version, councils_);
        if (entry) {
            reference = reference_for(entry->record_id);
            session_.reset(); // submit wiped the session key; the next person gets a new one
        } else {
            ok = false;
            code = entry.error().code;
            std::fprintf(stderr, "selfdirect: vault: submission not sealed: %s\n", entry.error().message.c_str());
        }
    }
    ui_queue_.post([&journey, ok, reference, code] {
        journey.on_submitted(ok, reference, ok ? std::string() : message_for_person(code));
    });
    if (ok && hooks_.record_submitted) hooks_.record_submitted();
    hooks_.wake_ui();
}

void VaultBridge::end_session() {
    if (!session_) return;
    if (auto r = vault_.end_session(*session_); !r)
        std::fprintf(stderr, "selfdirect: vault: session not ended cleanly: %s\n", r.error().code.c_str());
    session_.reset();
}

} // namespace selfdirect::app
