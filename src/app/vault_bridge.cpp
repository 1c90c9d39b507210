// Vault commands on the worker thread (see vault_bridge.h).
#include "app/vault_bridge.h"

#include "core/answers.h"
#include "core/assessment_summary.h"
#include "core/catalogue.h"
#include "core/record_reference.h"
#include "core/response_builder.h"
#include "core/wiped_text.h"

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

// Stored beside the answers so a resume code reopens the right form (link ids of different forms may
// overlap). Not an answer: never sent, never shown.
constexpr const char* kFormMarker = "__form";

std::string expiry_text(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm); // the flow writes it out in the person's language
    return buf;
}

} // namespace

std::string message_for_person(const std::string& error_code) {
    using core::tr_noop;
    if (error_code == "vault.disk_full" || error_code == "vault.io")
        return tr_noop("We could not save that answer. Your answers so far are safe. Please tell a member of staff.");
    if (error_code == "resume.typo") return tr_noop("That code has a mistake in it. Please check each letter and try again.");
    if (error_code == "resume.wrong_code") return tr_noop("That code does not match. Please check it and try again.");
    if (error_code == "resume.destroyed")
        return tr_noop("That code was typed wrongly too many times, so the saved answers were deleted to keep them safe. "
                       "You can start again.");
    if (error_code == "resume.expired")
        return tr_noop("That code has expired, so the saved answers were deleted. You can start again.");
    return tr_noop("Something went wrong. Your answers so far are safe. Please tell a member of staff.");
}

VaultBridge::VaultBridge(vault::DeviceVault& vault, std::vector<const core::Questionnaire*> forms,
                         std::vector<vault::CouncilPublicKey> councils, MainThreadQueue& ui_queue, Hooks hooks)
    : vault_(vault), forms_(std::move(forms)), councils_(std::move(councils)), ui_queue_(ui_queue), hooks_(std::move(hooks)) {}

VaultBridge::~VaultBridge() {
    // A person who walks away mid-form leaves nothing readable behind when the app stops.
    worker_.post([this] { end_session(); });
}

void VaultBridge::execute(Command command, KioskFlow& flow) {
    worker_.post([this, c = std::move(command), &flow] {
        switch (c.kind) {
        case Command::Kind::SaveAnswer: save(c, flow); break;
        case Command::Kind::ForgetAnswer: forget(c, flow); break;
        case Command::Kind::Submit: submit(c, flow); break;
        case Command::Kind::EndSession: end_session(); break;
        case Command::Kind::IssueResumeCode: issue_code(c, flow); break;
        case Command::Kind::Resume: resume(c, flow); break;
        }
    });
}

void VaultBridge::post(std::function<void()> apply) {
    ui_queue_.post(std::move(apply));
    hooks_.wake_ui();
}

bool VaultBridge::ensure_session(std::string& error_code, const core::Questionnaire* form) {
    if (session_) return true;
    auto s = vault_.begin_session();
    if (!s) {
        error_code = s.error().code;
        std::fprintf(stderr, "selfdirect: vault: cannot start a session: %s\n", s.error().message.c_str());
        return false;
    }
    session_ = *s;
    if (form) {
        auto marked = vault_.save_answer(*session_, kFormMarker, vault::SecureBytes::from_string(form->id));
        if (!marked) {
            error_code = marked.error().code;
            return false;
        }
    }
    return true;
}

void VaultBridge::save(const Command& c, KioskFlow& flow) {
    std::string code;
    bool ok = ensure_session(code, c.form);
    if (ok) {
        auto r = vault_.save_answer(*session_, c.link_id, vault::SecureBytes::from_string(core::answer_to_json(c.value)));
        if (!r) {
            ok = false;
            code = r.error().code;
            std::fprintf(stderr, "selfdirect: vault: answer not saved: %s\n", r.error().code.c_str()); // no content
        }
    }
    post([&flow, visit = c.visit, ok, code] { flow.on_answer_saved(visit, ok, ok ? std::string() : message_for_person(code)); });
}

void VaultBridge::forget(const Command& c, KioskFlow& flow) {
    std::string code;
    bool ok = ensure_session(code, c.form);
    if (ok) {
        auto r = vault_.delete_answer(*session_, c.link_id);
        if (!r) ok = false, code = r.error().code;
    }
    post([&flow, visit = c.visit, ok, code] { flow.on_answer_saved(visit, ok, ok ? std::string() : message_for_person(code)); });
}

void VaultBridge::submit(const Command& c, KioskFlow& flow) {
    std::string code, reference;
    bool ok = c.form != nullptr && ensure_session(code, c.form);
    if (ok) {
        core::ResponseMeta meta;
        meta.authored = now_iso8601();
        std::string response = core::build_questionnaire_response(*c.form, c.answers, meta);
        if (c.summary) {
            // Built from JSON core wrote a moment ago: this cannot fail unless core is broken.
            auto carried = core::with_summary(response, *c.summary);
            if (carried) response = std::move(*carried);
            else std::fprintf(stderr, "selfdirect: assessment summary not attached: %s\n", carried.error().code.c_str());
        }
        auto json = vault::SecureBytes::from_string(response);
        const bool safeguarding = c.summary && c.summary->raised("safeguarding");
        auto entry = vault_.submit(*session_, json, c.form->id, c.form->version, councils_, safeguarding);
        if (entry) {
            reference = core::reference_for_record(entry->record_id);
            session_.reset(); // submit wiped the session key; the next person gets a new one
        } else {
            ok = false;
            code = entry.error().code;
            std::fprintf(stderr, "selfdirect: vault: submission not sealed: %s\n", entry.error().code.c_str());
        }
    }
    post([&flow, visit = c.visit, ok, reference, code] {
        flow.on_submitted(visit, ok, reference, ok ? std::string() : message_for_person(code));
    });
    if (ok && hooks_.record_submitted) hooks_.record_submitted();
}

void VaultBridge::issue_code(const Command& c, KioskFlow& flow) {
    std::string code;
    bool ok = ensure_session(code, c.form);
    // From the vault's guarded memory straight into wiped memory for the screen: no std::string copy.
    auto shown = std::make_shared<core::WipedText>();
    std::string expires;
    if (ok) {
        auto issued = vault_.issue_resume_code(*session_);
        if (issued) {
            *shown = core::WipedText(issued->code.view());
            expires = expiry_text(issued->expires_unix);
        } else {
            ok = false;
            code = issued.error().code;
        }
    }
    post([&flow, visit = c.visit, ok, shown, expires, code] {
        flow.on_resume_code(visit, ok, std::move(*shown), expires, ok ? std::string() : message_for_person(code));
    });
}

void VaultBridge::resume(const Command& c, KioskFlow& flow) {
    end_session(); // whatever was on screen before belongs to nobody now
    auto s = vault_.resume_session(vault::SecureBytes::from_string(c.code));
    if (!s) {
        const std::string code = s.error().code;
        post([&flow, visit = c.visit, code] { flow.on_resumed(visit, false, {}, {}, message_for_person(code)); });
        return;
    }
    session_ = *s;
    auto loaded = vault_.load_answers(*session_);
    if (!loaded) {
        const std::string code = loaded.error().code;
        post([&flow, visit = c.visit, code] { flow.on_resumed(visit, false, {}, {}, message_for_person(code)); });
        return;
    }
    std::string form_id;
    if (auto it = loaded->find(kFormMarker); it != loaded->end()) form_id = std::string(it->second.view());
    const core::Questionnaire* form = nullptr;
    for (const core::Questionnaire* f : forms_)
        if (f->id == form_id) form = f;
    core::Answers answers;
    if (form) {
        for (const auto& [link_id, bytes] : *loaded) {
            if (link_id == kFormMarker || !core::find_item(*form, link_id)) continue;
            if (auto value = core::answer_from_json(bytes.view())) answers[link_id] = std::move(*value);
        }
    }
    post([&flow, visit = c.visit, form_id, answers = std::move(answers)]() mutable {
        flow.on_resumed(visit, true, form_id, std::move(answers), {});
    });
}

void VaultBridge::end_session() {
    if (!session_) return;
    if (auto r = vault_.end_session(*session_); !r)
        std::fprintf(stderr, "selfdirect: vault: session not ended cleanly: %s\n", r.error().code.c_str());
    session_.reset();
}

} // namespace selfdirect::app
