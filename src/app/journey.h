// The resident's journey through one form as a state machine: which page is showing, what has been
// answered, what is waiting for the vault. Pure logic (no threads, no ImGui, no disk): it turns UI
// actions into commands for the vault worker and vault results into the next page, so every rule
// here ("an answer is durable before the screen moves on") is tested without a window.
#pragma once

#include "core/answers.h"
#include "core/assessment_summary.h"
#include "core/catalogue.h"
#include "core/questionnaire.h"
#include "ui/view_model.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace selfdirect::app {

// Which visit a command belongs to. Every result carries its command's visit back, and a result
// whose visit has ended is dropped: "Finish and clear" (or the idle wipe) while the vault is still
// working must not let the late answer of the last person's work move the next person's screen.
// Ids are unique in the process (never reused), so a result from an ended visit can never pass for
// the current one, whichever journey or flow made it.
using VisitId = std::uint64_t;
VisitId new_visit_id();

struct Command {
    enum class Kind { SaveAnswer, ForgetAnswer, Submit, EndSession, IssueResumeCode, Resume };
    Kind kind = Kind::SaveAnswer;
    std::string link_id;            // SaveAnswer / ForgetAnswer
    core::AnswerValue value;        // SaveAnswer
    core::Answers answers;          // Submit: everything to seal
    const core::Questionnaire* form = nullptr; // SaveAnswer / Submit: the form being answered
    std::string code;               // Resume: what the person typed
    VisitId visit = 0;              // whose visit: the result comes back with it
    // Submit from the result page: what that page was built from (core::assess ran once, for the
    // page); sealed with the answers, and its safeguarding flag decides the record's priority.
    std::optional<core::AssessmentSummary> summary = std::nullopt;
};

class Journey {
public:
    explicit Journey(const core::Questionnaire& form);

    ui::AppView view() const;
    // Form text in this language where the form has a translation ("en-x-easyread"), else English;
    // "en-x-pseudo" pseudo-localises the form's English (tests: see core::pseudo_localise). The
    // journey's own words (progress, sections, errors) come from `ui_catalogue` (null: English),
    // which must outlive the journey or the next call.
    void set_language(std::string tag, const core::Catalogue* ui_catalogue = nullptr) {
        language_ = std::move(tag);
        catalogue_ = ui_catalogue;
    }
    // A resumed session: its saved answers, and the first question still unanswered (or the check page).
    void restore(core::Answers answers);
    bool started() const { return !answers_.empty(); }
    ui::Screen screen() const { return screen_; }
    const core::Questionnaire& form() const { return form_; }
    // Applies what the person did. Returns the work the vault must finish before the page moves on.
    std::optional<Command> apply(const ui::Action& action);
    // The vault made the answer durable (or failed: the page stays, with a message). `visit` is the
    // command's: a result from before the last reset() is dropped.
    void on_answer_saved(VisitId visit, bool ok, const std::string& message_for_person);
    // Returns whether the result was this visit's submission (false: dropped, nothing changed).
    bool on_submitted(VisitId visit, bool ok, const std::string& reference, const std::string& message_for_person);
    // Back to the first question with nothing remembered: a new person, a new visit.
    void reset();
    // The visit of the commands this journey returns now.
    VisitId visit() const { return visit_; }

    const core::Answers& answers() const { return answers_; }
    bool busy() const { return busy_; }

private:
    void advance_after_save();
    // Questions switched off by enableWhen are skipped, left off the check page and never required.
    bool enabled(std::size_t index) const;
    void answers_changed(); // recomputes enabled_ after any change to answers_
    std::optional<std::size_t> next_enabled(std::size_t from) const;
    std::optional<std::size_t> previous_enabled(std::size_t before) const;
    void go_to_question(std::size_t index, bool returning_to_check);

    std::string text_of(const core::Item& item) const;
    std::string option_text(const core::AnswerOption& option) const;
    // Form text in the current language: its translation, or the English (pseudo-localised in the
    // pseudo-locale).
    std::string form_text(const std::string& english, const core::Translations& translations) const;
    // What the check page shows for an answer.
    std::string answer_text(const core::Item& item, const core::AnswerValue& value) const;
    // An error for the page, in the screen's language (the form engine's messages included).
    std::string message_text(const std::string& english) const;
    std::string tr(std::string_view english) const;

    // Where each asked item sits: its top-level section and the display items shown above it.
    struct Placement {
        int section = -1;                          // index into sections_, -1 outside any group
        std::vector<const core::Item*> notes;      // display items (enableWhen still applies)
    };

    const core::Questionnaire& form_;
    std::vector<const core::Item*> items_;
    std::vector<Placement> placement_;             // parallel to items_
    std::vector<const core::Item*> sections_;      // top-level groups
    std::string language_ = "en";
    const core::Catalogue* catalogue_ = nullptr;
    core::Answers answers_;
    std::set<std::string> enabled_;                // linkIds enableWhen leaves on, for answers_
    ui::Screen screen_ = ui::Screen::Question;
    std::size_t index_ = 0;
    bool returning_to_check_ = false;
    int pending_option_ = -1;       // choice made on this page, not yet saved
    int pending_bool_ = -1;
    std::optional<Command> in_flight_;
    VisitId visit_ = 0;             // set by reset()
    bool busy_ = false;
    std::string error_;             // English (a catalogue msgid): translated when shown, so a
                                    // language change reaches it too
    std::string reference_;
};

} // namespace selfdirect::app
