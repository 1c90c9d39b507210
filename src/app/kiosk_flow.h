// The kiosk's whole visit as one state machine around the form journeys: attract page (language,
// text size, contrast, read-aloud) -> start page (what this is; me / I look after someone / my code)
// -> the questions and "check your answers" (Journey) -> the indicative budget explained -> send ->
// confirmation with a reference, and the carer's assessment offered when someone helps the person.
// "Save and come back later" and the idle warning can interrupt any page. Pure logic like Journey:
// no clock, no threads, no ImGui; the app feeds it actions, vault results and idle ticks.
#pragma once

#include "app/contact_choice.h"
#include "app/journey.h"
#include "app/sync_problem.h"
#include "core/catalogue.h"
#include "core/wiped_text.h"
#include "ui/view_model.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace selfdirect::app {

struct KioskTexts {
    std::string council_name = "the council";
    // The council's service standards in the language of `catalogue` ("A worker from Anytown Council
    // will contact you within 20 working days." ...), for the confirmation page; may be empty. They
    // depend on `contact`: nobody is promised a call they said they did not want.
    std::function<std::vector<std::string>(const core::Catalogue& catalogue, ContactChoice contact)> service_standards;
    // The choices on the attract page, each named in its own language.
    std::vector<ui::LanguageChoice> languages = {{"en", "English"}, {"en-x-easyread", "Easy Read English"}};
    // The UI catalogue of each language by tag. A tag without one shows English, except
    // "en-x-pseudo", which is always core::Catalogue::pseudo().
    std::map<std::string, core::Catalogue, std::less<>> catalogues;
};

// The result page, and the summary of the one assessment it was built from (what the person was
// shown), which travels with the record when they send it from that page.
struct ExplainedResult {
    // Not explicit: an explainer that only builds the page (a test's, or one with nothing to
    // summarise) may return a ResultView, and the record then carries no summary.
    ExplainedResult(ui::ResultView v, std::optional<core::AssessmentSummary> s = std::nullopt)
        : view(std::move(v)), summary(std::move(s)) {}
    ui::ResultView view;
    std::optional<core::AssessmentSummary> summary;
};

// Builds the result page for a form's answers in the language of `catalogue`, or nothing when the
// form has no RAS table.
using ResultExplainer = std::function<std::optional<ExplainedResult>(const core::Questionnaire&, const core::Answers&,
                                                                     const core::Catalogue& catalogue)>;

// What the sync worker last reported, for the staff status page: counts and times, never anything
// about a person. The app fills it from the worker's report (staff_sync_status, sync_status_text.h).
struct SyncStatus {
    int waiting = 0;                      // sealed here, not yet confirmed by the council's server
    int confirmed = 0;                    // confirmed by a signed receipt and still kept (retention)
    int held = 0;                         // refused or in conflict at the council: need staff, not retries
    std::int64_t last_success_unix = 0;   // 0: never; put into local words only on the page
    SyncProblem problem = SyncProblem::None; // the last problem's kind, the same one the tablet header uses
    std::string problem_code;             // its error code, shown only when the kind has no words (Other)
};

class KioskFlow {
public:
    // `carer_form` may be null (no carer's assessment offered on this device).
    KioskFlow(const core::Questionnaire& resident_form, const core::Questionnaire* carer_form, ResultExplainer explain,
              KioskTexts texts, bool offers_resume_codes = true);
    // The journeys point at the flow's catalogues: it stays where it was made.
    KioskFlow(const KioskFlow&) = delete;
    KioskFlow& operator=(const KioskFlow&) = delete;

    ui::AppView view() const;
    // How every visit starts, and what the kiosk goes back to when it forgets a person: the
    // device's language and text size (tests start in the pseudo-locale at 200 %). A language that
    // is not one of KioskTexts::languages is ignored.
    void set_start_settings(const ui::SettingsView& settings);
    // The UI catalogue of the language on screen now.
    const core::Catalogue& catalogue() const;
    // What the person did. Returns vault work; the page waits (busy) for the matching on_* call.
    std::optional<Command> apply(const ui::Action& action);

    // The vault's results. `visit` is the command's (Command::visit): a result whose visit has ended
    // ("Finish and clear" or the idle wipe came first) is dropped, so it never reaches the next person.
    void on_answer_saved(VisitId visit, bool ok, const std::string& message);
    void on_submitted(VisitId visit, bool ok, const std::string& reference, const std::string& message);
    // `expires`: the local date the code stops working, "YYYY-MM-DD".
    // `code` stays in wiped memory from the vault to the screen: no std::string copy of it is made.
    void on_resume_code(VisitId visit, bool ok, core::WipedText code, const std::string& expires, const std::string& message);
    // A code was accepted: the saved answers, and which form they belong to.
    void on_resumed(VisitId visit, bool ok, const std::string& form_id, core::Answers answers, const std::string& message);

    // Idle: the app's timer says the warning is showing with this many seconds left...
    void show_idle_warning(int seconds_left);
    // ...and, when nobody answered it, forgets the person. Returns the vault work (end the session).
    Command idle_timeout();
    bool idle_warning_showing() const { return idle_.showing; }
    // The sync worker's latest report (for the staff page; residents never see it).
    void set_sync_status(const SyncStatus& status) { sync_ = status; }
    bool showing_staff_status() const { return screen_ == ui::Screen::StaffStatus; }
    // Removable media: whether the device has an export directory (the staff page offers the
    // button), the app's question whether staff asked for one, and what it did.
    void set_export_available(bool available) { export_available_ = available; }
    bool take_export_request() { bool r = export_requested_; export_requested_ = false; return r; }
    void on_exported(bool ok, int records, const std::string& where, const std::string& error_code);
    // True when there is a person's work on screen that idleness should protect (not the attract page).
    bool in_visit() const { return screen_ != ui::Screen::Attract; }

    bool busy() const;
    const ui::SettingsView& settings() const { return settings_; }
    // The app applies text size and contrast between frames; it asks once per change.
    bool take_style_change() { bool c = style_changed_; style_changed_ = false; return c; }
    bool take_wipe_request() { bool w = wipe_requested_; wipe_requested_ = false; return w; }

private:
    Journey& active() { return *active_; }
    const Journey& active() const { return *active_; }
    void forget_everything();
    void start(Journey& journey);
    std::string spoken_text(const ui::AppView& v) const;
    bool offers_language(const std::string& tag) const;
    // Gives both journeys the current language and its catalogue.
    void apply_language();
    std::string tr(std::string_view english) const { return std::string(catalogue().tr(english)); }
    // A resume code's expiry date ("2026-11-29", local) written out in the language on screen.
    std::string date_text(const std::string& iso) const;
    ui::SyncStatusView sync_view() const;

    std::unique_ptr<Journey> resident_;
    std::unique_ptr<Journey> carer_;
    Journey* active_ = nullptr;
    ResultExplainer explain_;
    KioskTexts texts_;
    bool offers_resume_codes_;

    ui::Screen screen_ = ui::Screen::Attract; // Question/Check: the journey decides which
    VisitId visit_ = new_visit_id();          // the flow's own commands (resume codes); new for each person
    ui::SettingsView start_settings_;
    ui::SettingsView settings_;
    core::Catalogue english_ = core::Catalogue::english();
    core::Catalogue pseudo_ = core::Catalogue::pseudo();
    std::optional<ui::ResultView> result_;
    std::optional<core::AssessmentSummary> summary_; // of the assessment result_ shows
    ui::ReceiptView receipt_;
    ui::ResumeCodeView resume_code_;
    ui::Screen before_code_ = ui::Screen::Question; // where "save for later" was asked from
    ui::IdleWarningView idle_;
    std::string error_;                       // English: translated when shown
    bool busy_ = false;                       // waiting for a resume code / resume / submit from the result page
    bool style_changed_ = false;
    bool wipe_requested_ = false;
    bool someone_helps_ = false;              // remembered for the confirmation page's carer offer
    ContactChoice contact_ = ContactChoice::NotAsked; // what the sent form said, for the confirmation page
    SyncStatus sync_;
    bool export_available_ = false;
    bool export_requested_ = false;
    bool exporting_ = false;
    std::string export_result_;               // English with figures filled in later: see on_exported
    int export_records_ = 0;
    std::string export_where_;
    std::string export_error_;
};

} // namespace selfdirect::app
