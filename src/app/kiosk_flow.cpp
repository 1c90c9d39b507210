// Kiosk visit state machine (see kiosk_flow.h).
#include "app/kiosk_flow.h"
#include "app/date_words.h"
#include "app/local_time.h"

namespace selfdirect::app {

using core::tr_noop;
using ui::Action;
using ui::Screen;

namespace {

Command end_session_command(VisitId ended) { return Command{Command::Kind::EndSession, {}, {}, {}, nullptr, {}, ended}; }

bool is_form_page(Screen s) { return s == Screen::Question || s == Screen::Check; }

// A resume code as read-aloud says it: one character at a time, a pause between groups
// ("7 K 3 M, Q 9 X A, ..."), which is how a person writes it down. It also means the code never
// reaches eSpeak's buffers, which we cannot wipe, as one string (docs/security.md).
std::string spelled_code(std::string_view code) {
    std::string out;
    for (char ch : code) {
        if (ch == '-') {
            out += ',';
            continue;
        }
        if (!out.empty()) out += ' ';
        out += ch;
    }
    return out;
}

} // namespace

KioskFlow::KioskFlow(const core::Questionnaire& resident_form, const core::Questionnaire* carer_form,
                     ResultExplainer explain, KioskTexts texts, bool offers_resume_codes)
    : resident_(std::make_unique<Journey>(resident_form)),
      carer_(carer_form ? std::make_unique<Journey>(*carer_form) : nullptr),
      active_(resident_.get()),
      explain_(std::move(explain)),
      texts_(std::move(texts)),
      offers_resume_codes_(offers_resume_codes) {
    apply_language();
}

bool KioskFlow::busy() const { return busy_ || exporting_ || active().busy(); }

bool KioskFlow::offers_language(const std::string& tag) const {
    for (const auto& l : texts_.languages)
        if (l.tag == tag) return true;
    return false;
}

const core::Catalogue& KioskFlow::catalogue() const {
    if (auto it = texts_.catalogues.find(settings_.language); it != texts_.catalogues.end()) return it->second;
    return settings_.language == "en-x-pseudo" ? pseudo_ : english_;
}

void KioskFlow::apply_language() {
    resident_->set_language(settings_.language, &catalogue());
    if (carer_) carer_->set_language(settings_.language, &catalogue());
}

void KioskFlow::set_start_settings(const ui::SettingsView& settings) {
    start_settings_ = settings;
    if (!offers_language(start_settings_.language)) start_settings_.language = ui::SettingsView{}.language;
    settings_ = start_settings_;
    style_changed_ = true;
    apply_language();
}

void KioskFlow::start(Journey& journey) {
    active_ = &journey;
    active_->reset();
    apply_language();
    screen_ = Screen::Question; // the journey's own page (first question)
    error_.clear();
}

void KioskFlow::forget_everything() {
    visit_ = new_visit_id(); // results still on their way belong to the person who has gone
    resident_->reset();
    if (carer_) carer_->reset();
    active_ = resident_.get();
    screen_ = Screen::Attract;
    settings_ = start_settings_;
    apply_language();
    result_.reset();
    summary_.reset();
    receipt_ = ui::ReceiptView{};
    resume_code_ = ui::ResumeCodeView{};
    idle_ = ui::IdleWarningView{};
    error_.clear();
    busy_ = false;
    someone_helps_ = false;
    contact_ = ContactChoice::NotAsked;
    style_changed_ = true; // back to the start's text size, standard contrast
    wipe_requested_ = true; // the ImGui context held this person's text: destroy it
}

ui::AppView KioskFlow::view() const {
    ui::AppView v;
    if (is_form_page(screen_)) {
        v = active().view(); // Question or Check, with the journey's own error
        if (v.screen == Screen::Receipt) v.screen = Screen::Check; // the flow shows its own confirmation
    } else {
        v.form_title = active().view().form_title;
        v.screen = screen_;
    }
    v.catalogue = &catalogue();
    v.settings = settings_;
    v.languages = texts_.languages;
    v.carer_journey_available = carer_ != nullptr;
    v.can_save_for_later = offers_resume_codes_ && is_form_page(screen_);
    if (result_) v.result = *result_;
    v.receipt = receipt_;
    // What happens next, in the language on screen now.
    v.receipt.next_steps.push_back(tr("Your answers are awaiting council verification."));
    if (texts_.service_standards)
        for (std::string& s : texts_.service_standards(catalogue(), contact_)) v.receipt.next_steps.push_back(std::move(s));
    v.resume_code = resume_code_;
    v.resume_code.expires = date_text(resume_code_.expires);
    if (!v.resume_code.error.empty()) v.resume_code.error = tr(v.resume_code.error);
    v.idle = idle_;
    if (screen_ == Screen::StaffStatus) v.sync = sync_view();
    v.busy = busy();
    if (!error_.empty()) v.error = tr(error_);
    v.spoken = spoken_text(v);
    return v;
}

std::string KioskFlow::spoken_text(const ui::AppView& v) const {
    switch (v.screen) {
    case Screen::Attract: return tr("Welcome. Tell us what help you need. Touch Start to begin.");
    case Screen::Start: return tr("Before you start.") + " " + v.form_title;
    case Screen::ResumeEntry: return tr("Continue with your code. Type the code you were given.");
    case Screen::Question: {
        std::string s = v.question.section.empty() ? std::string() : v.question.section + ". ";
        for (const auto& note : v.question.notes) s += note + " ";
        s += v.question.text;
        for (std::size_t i = 0; i < v.question.options.size(); ++i)
            s += ". " + core::fill(tr("Option {number}: {option}"),
                                   {{"number", std::to_string(i + 1)}, {"option", v.question.options[i]}});
        return s;
    }
    case Screen::Check: return tr("Check your answers.");
    case Screen::Result: {
        // What is on the page, top down: the figure and what the person may pay, or the advice instead.
        std::string s = v.result.heading + ".";
        for (const std::string* part : {&v.result.weekly_text, &v.result.yearly_text})
            if (!part->empty()) s += " " + *part + ".";
        if (!v.result.charging_text.empty()) s += " " + v.result.charging_text;
        for (const std::string& line : v.result.advice_lines) s += " " + line;
        return s + " " + v.result.estimate_note;
    }
    case Screen::Receipt: return core::fill(tr("Thank you. Your reference is {reference}"), {{"reference", v.receipt.reference}});
    case Screen::ResumeCode: return core::fill(tr("Your code is {code}"), {{"code", spelled_code(v.resume_code.code())}});
    case Screen::StaffStatus: return tr("Device status (for staff)") + ". " + v.sync.state;
    }
    return {};
}

std::optional<Command> KioskFlow::apply(const Action& action) {
    // The idle warning answers first: any answer to it keeps everything.
    if (idle_.showing) {
        idle_ = ui::IdleWarningView{};
        if (action.kind == Action::Kind::MoreTime) return std::nullopt;
    }
    // Always allowed, even while the vault is busy (a person must always be able to leave): what is
    // still in flight is dropped when it comes back, by its visit.
    if (action.kind == Action::Kind::FinishAndClear) {
        const VisitId ended = visit_;
        forget_everything();
        return end_session_command(ended); // harmless when there was no session
    }
    if (busy()) return std::nullopt; // one thing at a time

    switch (action.kind) {
    case Action::Kind::SetTextSize:
        if (action.index == 100 || action.index == 150 || action.index == 200) {
            settings_.text_percent = action.index;
            style_changed_ = true;
        }
        return std::nullopt;
    case Action::Kind::ToggleContrast:
        settings_.high_contrast = !settings_.high_contrast;
        style_changed_ = true;
        return std::nullopt;
    case Action::Kind::ToggleReadAloud:
        settings_.read_aloud = !settings_.read_aloud;
        return std::nullopt;
    case Action::Kind::SetLanguage:
        if (offers_language(action.link_id)) settings_.language = action.link_id;
        apply_language();
        return std::nullopt;
    case Action::Kind::ReadPageAloud: return std::nullopt; // the app speaks view().spoken
    case Action::Kind::Begin:
        if (screen_ == Screen::Attract) screen_ = Screen::Start;
        return std::nullopt;
    case Action::Kind::OpenStaffStatus:
        if (screen_ == Screen::Attract) screen_ = Screen::StaffStatus, export_result_.clear();
        return std::nullopt;
    case Action::Kind::ExportToMedia:
        if (screen_ == Screen::StaffStatus && export_available_ && !exporting_) exporting_ = export_requested_ = true;
        return std::nullopt;
    case Action::Kind::StartResident:
        if (screen_ == Screen::Start) start(*resident_);
        return std::nullopt;
    case Action::Kind::StartCarer:
        if ((screen_ == Screen::Start || screen_ == Screen::Receipt) && carer_) start(*carer_);
        return std::nullopt;
    case Action::Kind::StartCarerFromReceipt:
        if (screen_ == Screen::Receipt && carer_) start(*carer_);
        return std::nullopt;
    case Action::Kind::ContinueWithCode:
        if (screen_ == Screen::Start) screen_ = Screen::ResumeEntry, error_.clear();
        return std::nullopt;
    case Action::Kind::SubmitCode:
        if (screen_ != Screen::ResumeEntry) return std::nullopt;
        if (action.text.empty()) {
            error_ = tr_noop("Please type your code.");
            return std::nullopt;
        }
        busy_ = true;
        error_.clear();
        return Command{Command::Kind::Resume, {}, {}, {}, nullptr, action.text, visit_};
    case Action::Kind::SaveForLater:
        if (!offers_resume_codes_ || !is_form_page(screen_)) return std::nullopt;
        before_code_ = screen_;
        screen_ = Screen::ResumeCode;
        resume_code_ = ui::ResumeCodeView{};
        busy_ = true;
        return Command{Command::Kind::IssueResumeCode, {}, {}, {}, &active().form(), {}, visit_};
    case Action::Kind::ShowResult: {
        if (screen_ != Screen::Question || active().screen() != Screen::Check) return std::nullopt;
        auto explained = explain_ ? explain_(active().form(), active().answers(), catalogue()) : std::nullopt;
        result_.reset();
        summary_.reset();
        if (explained) result_ = std::move(explained->view), summary_ = std::move(explained->summary);
        if (result_) {
            screen_ = Screen::Result;
            return std::nullopt;
        }
        return active().apply(Action::of(Action::Kind::Submit)); // no RAS for this form: send now
    }
    case Action::Kind::Back:
        if (screen_ == Screen::Start || screen_ == Screen::StaffStatus) screen_ = Screen::Attract;
        else if (screen_ == Screen::ResumeEntry) screen_ = Screen::Start, error_.clear();
        else if (screen_ == Screen::Result) screen_ = Screen::Question; // the journey is still on Check
        else if (screen_ == Screen::ResumeCode) screen_ = before_code_ == Screen::Check ? Screen::Question : before_code_;
        else if (is_form_page(screen_)) return active().apply(action);
        return std::nullopt;
    case Action::Kind::Submit:
        if (screen_ == Screen::Result) { // the journey is on Check
            auto command = active().apply(action);
            if (command && command->kind == Command::Kind::Submit) command->summary = summary_;
            return command;
        }
        if (is_form_page(screen_)) return active().apply(action);
        return std::nullopt;
    default:
        if (is_form_page(screen_)) return active().apply(action);
        return std::nullopt;
    }
}

void KioskFlow::on_answer_saved(VisitId visit, bool ok, const std::string& message) {
    active().on_answer_saved(visit, ok, message); // the journey drops another visit's result
}

void KioskFlow::on_submitted(VisitId visit, bool ok, const std::string& reference, const std::string& message) {
    // Remember, before the result is dropped, whether the RAS table raised its carer-offer flag
    // (someone helps this person: the form's own rule, not an English label of an answer).
    bool helps = false;
    if (active_ == resident_.get() && result_) {
        for (const auto& notice : result_->notices) helps = helps || notice.id == "carer-offer";
    }
    // Read before the journey lets go of the answers: whether this person agreed to be contacted.
    const ContactChoice contact = contact_choice(active().form(), active().answers());
    // Not this journey's submission in this visit (the person finished and cleared first): the
    // reference belongs to someone who has gone and must not reach the screen.
    if (!active().on_submitted(visit, ok, reference, message)) return;
    if (!ok) return; // the journey shows the message on the check page
    someone_helps_ = helps;
    contact_ = contact;
    receipt_ = ui::ReceiptView{};
    receipt_.reference = reference;
    receipt_.worker_will_contact = contact == ContactChoice::Agreed || contact == ContactChoice::NotAsked;
    receipt_.offer_carer_assessment = someone_helps_ && carer_ != nullptr;
    result_.reset();
    summary_.reset();
    screen_ = Screen::Receipt;
}

ui::SyncStatusView KioskFlow::sync_view() const {
    const SyncStatus& s = sync_;
    ui::SyncStatusView v;
    const auto count = [](int n) { return std::to_string(n); };
    if (s.problem == SyncProblem::NotSetUp) v.state = tr("Not set up to send yet");
    else if (s.problem == SyncProblem::EnrolmentRefused) v.state = tr("Not registered with the council's server yet");
    else if (s.waiting == 0) v.state = tr("Everything is sent");
    else if (s.problem != SyncProblem::None) v.state = tr("Waiting to try again");
    else v.state = tr("Waiting to send");
    v.lines.push_back(core::fill(tr("Waiting to be sent: {n}"), {{"n", count(s.waiting)}}));
    v.lines.push_back(core::fill(tr("Confirmed by the council and kept for now: {n}"), {{"n", count(s.confirmed)}}));
    if (s.held > 0) v.lines.push_back(core::fill(tr("Refused by the council's server, kept here for the council to sort out: {n}"),
                                                 {{"n", count(s.held)}}));
    if (s.last_success_unix > 0) {
        const LocalDateTime at = local_date_time(s.last_success_unix);
        v.lines.push_back(core::fill(tr("Last confirmed: {date} at {time}"), {{"date", date_text(at.date)}, {"time", at.time}}));
    } else {
        v.lines.push_back(tr("Last confirmed: never"));
    }
    if (s.problem == SyncProblem::EnrolmentRefused)
        v.lines.push_back(tr("Put this device's enrolment code in its profile (sync.enrolment_code)."));
    if (s.problem != SyncProblem::None) {
        // Longer than the tablet header's words for the same kind (sync_status_text.cpp), and for staff.
        std::string words;
        switch (s.problem) {
        case SyncProblem::None: break;
        case SyncProblem::NotSetUp:
            words = tr("This device is not set up to send yet: its profile needs the council's server address, "
                       "enrolment code and receipt key.");
            break;
        case SyncProblem::EnrolmentRefused:
            words = tr("The council's server refused this device's enrolment code, or no longer accepts this device. "
                       "Ask the council for a new code.");
            break;
        case SyncProblem::Unreachable:
            words = tr("The council's server could not be reached. The records are safe on this device and will be sent "
                       "when it can be reached.");
            break;
        case SyncProblem::NoAnswer:
            words = tr("The council's server was reached but did not answer in time. The records are safe on this "
                       "device and will be sent when it answers.");
            break;
        case SyncProblem::ServerStorage:
            words = tr("The council's server could not store records just now. This device will try again.");
            break;
        case SyncProblem::ServerTrouble:
            words = tr("The council's server turned the records away just now. This device will try again; if this "
                       "goes on, tell the council's IT team.");
            break;
        case SyncProblem::AnswerUnverifiable:
            words = tr("The council's server gave an answer this device could not check. The records stay here. Tell "
                       "the council's IT team.");
            break;
        case SyncProblem::Held:
            words = tr("The council's server refused a record, or already has a different copy of it. It is kept here "
                       "for the council to sort out.");
            break;
        case SyncProblem::Other:
            words = core::fill(tr("Something went wrong while sending ({code}). The records stay on this device."),
                               {{"code", s.problem_code}});
            break;
        }
        v.lines.push_back(core::fill(tr("Last problem: {problem}"), {{"problem", words}}));
    }
    v.can_export = export_available_;
    if (exporting_) {
        v.export_result = tr("Copying to the USB stick…");
    } else if (export_result_ == "ok") {
        v.export_result = core::fill(tr("Copied {n} records to {where}. They stay on this device, waiting to be sent, until "
                                        "the council's server confirms them."),
                                     {{"n", std::to_string(export_records_)}, {"where", export_where_}});
    } else if (export_result_ == "failed") {
        std::string why = export_error_ == "bundle.empty" ? tr("There is nothing waiting to be sent.")
                        : export_error_ == "bundle.disk_full" ? tr("The USB stick is full.")
                        : export_error_ == "bundle.verify_failed"
                            ? tr("What was written could not be read back correctly. Do not use this USB stick.")
                            : core::fill(tr("The USB stick could not be written ({code})."), {{"code", export_error_}});
        v.export_result = core::fill(tr("Nothing was copied. {why}"), {{"why", why}});
    }
    return v;
}

void KioskFlow::on_exported(bool ok, int records, const std::string& where, const std::string& error_code) {
    exporting_ = false;
    export_result_ = ok ? "ok" : "failed";
    export_records_ = records;
    export_where_ = where;
    export_error_ = error_code;
}

std::string KioskFlow::date_text(const std::string& iso) const { return date_words(catalogue(), iso); }

void KioskFlow::on_resume_code(VisitId visit, bool ok, core::WipedText code, const std::string& expires,
                               const std::string& message) {
    if (visit != visit_) return; // asked for by a person who has gone
    busy_ = false;
    if (screen_ != Screen::ResumeCode) return;
    // Its QR symbol is encoded here, once; forget_everything() lets go of both (wiped).
    resume_code_.shown = ok ? ui::show_resume_code(std::move(code)) : nullptr;
    resume_code_.expires = ok ? expires : std::string();
    resume_code_.error = ok ? std::string() : message;
}

void KioskFlow::on_resumed(VisitId visit, bool ok, const std::string& form_id, core::Answers answers,
                           const std::string& message) {
    if (visit != visit_) return; // typed by a person who has gone: their answers are not this person's
    busy_ = false;
    if (screen_ != Screen::ResumeEntry) return;
    if (!ok) {
        error_ = message;
        return;
    }
    Journey* journey = resident_.get();
    if (carer_ && carer_->form().id == form_id) journey = carer_.get();
    start(*journey);
    active_->restore(std::move(answers));
}

void KioskFlow::show_idle_warning(int seconds_left) {
    idle_.showing = true;
    idle_.seconds_left = seconds_left < 0 ? 0 : seconds_left;
}

Command KioskFlow::idle_timeout() {
    const VisitId ended = visit_;
    forget_everything();
    return end_session_command(ended);
}

} // namespace selfdirect::app
