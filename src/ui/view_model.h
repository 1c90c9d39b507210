// What the screens read (view-models) and what they emit (actions). The app owns every piece of
// state and builds a fresh view-model each frame; screens never hold answers of their own beyond
// the text a person is typing right now (UiState), and never touch SQL, keys or the network.
#pragma once

#include "core/catalogue.h"
#include "core/questionnaire.h"
#include "core/wiped_text.h"
#include "ui/result_view.h"
#include "ui/widgets/qr_code.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::ui {

// The kiosk's pages in journey order (GOV.UK patterns: start page, one thing per page, check your
// answers, confirmation). The idle warning is an overlay on any page, not a page of its own.
enum class Screen { Attract, Start, ResumeEntry, Question, Check, Result, Receipt, ResumeCode, StaffStatus };

// How the person set up the screen on the attract page; they keep it until the kiosk forgets them.
struct SettingsView {
    int text_percent = 100;            // 100, 150 or 200
    bool high_contrast = false;
    bool read_aloud = false;
    std::string language = "en";       // "en", "en-x-easyread", ... ("en-x-pseudo" in tests)
};

struct LanguageChoice {
    std::string tag;                   // "en-x-easyread"
    std::string label;                 // in its own language: "Easy Read English", "Polski"
};

struct QuestionView {
    std::string link_id;
    std::string progress;              // "Question 2 of 3"
    std::string section;               // "Section 3 of 13: Eating and drinking" ("" for a flat form)
    std::vector<std::string> notes;    // display items of the section shown above the question
    std::string text;
    core::ItemType type = core::ItemType::String;
    std::vector<std::string> options;  // choice labels, in order
    int selected_option = -1;          // choice: index into options
    int bool_value = -1;               // boolean: -1 unanswered, 0 no, 1 yes
    std::string initial_text;          // string/text: the saved answer, if any
    bool can_go_back = false;
    bool returning_to_check = false;   // the person came here from "Check your answers"
    std::string entry_format;          // the form's entryFormat hint ("name@example.com"): picks the keyboard
};

struct CheckRow {
    std::string link_id;
    std::string question;
    std::string answer;                // "" when not answered
};

struct CheckView {
    std::vector<CheckRow> rows;
};

struct ReceiptView {
    std::string reference;
    std::vector<std::string> next_steps;   // what happens next, with the council's service standards
    bool offer_carer_assessment = false;   // the person said someone helps them
    bool worker_will_contact = true;       // false: they chose not to be contacted, or gave no way to
};

// A resume code on screen: the code in memory that is wiped when it goes, and its QR symbol,
// encoded once when the code arrives (not every frame) and wiped with it.
struct ShownResumeCode {
    core::WipedText code;                  // "7K3M-Q9XA-2BCD-EFGH"
    QrMatrix qr;                           // width 0: could not be encoded (the page shows the text)
};
// Wraps a code for the screen and encodes its QR symbol (defined with the page that draws it).
std::shared_ptr<const ShownResumeCode> show_resume_code(core::WipedText code);

// "Save and come back later": the code is shown once, large, and never stored in the clear.
struct ResumeCodeView {
    // Shared, not copied: every frame's view points at the one wiped copy, which goes when the flow
    // forgets the person (docs/security.md, "The resume code in memory"). Null: asking the vault.
    std::shared_ptr<const ShownResumeCode> shown;
    std::string expires;                   // "29 November 2026" (the page says "Use it by ...")
    std::string error;
    std::string_view code() const { return shown ? shown->code.view() : std::string_view(); }
};

struct IdleWarningView {
    bool showing = false;
    int seconds_left = 0;
};

// The device's sync status, for staff only (never on a resident's page): the records waiting, being
// sent and confirmed, when the council last confirmed one, and the last problem in plain words.
struct SyncStatusView {
    std::string state;              // "Everything is sent" / "Sending 150 of 2,000 records" / "Waiting to try again"
    std::vector<std::string> lines; // counts, last success, last problem: already in the screen's language
    bool can_export = false;        // a USB export directory is configured (sync.export_dir)
    std::string export_result;      // what the last export did, in words ("" before one)
};

struct AppView {
    // The UI catalogue of the person's language (owned by the app, outliving the frame); null shows
    // English. Screens write every fixed string as view.tr("English"), so xgettext -ktr finds it.
    const core::Catalogue* catalogue = nullptr;
    // The translation of `english`, or `english` itself. The view points into the catalogue or at
    // the argument, so pass string literals.
    std::string_view tr(std::string_view english) const { return catalogue ? catalogue->tr(english) : english; }

    Screen screen = Screen::Question;
    std::string form_title;
    SettingsView settings;
    std::vector<LanguageChoice> languages;
    bool carer_journey_available = false;
    bool can_save_for_later = false;   // a resume code can be issued (a kiosk, mid-form)
    QuestionView question;
    CheckView check;
    ResultView result;
    ReceiptView receipt;
    ResumeCodeView resume_code;
    IdleWarningView idle;
    SyncStatusView sync;               // StaffStatus only
    // Tablets only (a worker's device): the sync status in plain words for the header, on every
    // page ("All records sent · last 14:02", "Sending 20 of 50 records"). Always empty on a kiosk,
    // so residents never see sync or its errors; the header draws nothing when it is empty.
    std::string sync_header;
    std::string spoken;                // what read-aloud says for this page (heading, question, options)
    bool busy = false;                 // saving or submitting: buttons wait
    std::string error;                 // a message for the person, already in plain words
};

struct Action {
    enum class Kind {
        ChooseOption, ChooseBool, Next, Back, ChangeAnswer, Submit, FinishAndClear,
        // Attract and start pages
        Begin, StartResident, StartCarer, ContinueWithCode, SubmitCode, SetTextSize, ToggleContrast,
        ToggleReadAloud, SetLanguage, ReadPageAloud, OpenStaffStatus, ExportToMedia,
        // Check -> result -> send; the confirmation page's carer offer
        ShowResult, StartCarerFromReceipt,
        // Save and come back later; the idle warning
        SaveForLater, MoreTime,
    };
    Kind kind = Kind::Next;
    int index = -1;          // ChooseOption
    bool flag = false;       // ChooseBool
    std::string text;        // Next on a text question: what was typed
    std::string link_id;     // ChangeAnswer; SetLanguage: the tag

    static Action of(Kind k) { Action a; a.kind = k; return a; }
    static Action choose_option(int i) { Action a; a.kind = Kind::ChooseOption; a.index = i; return a; }
    static Action choose_bool(bool v) { Action a; a.kind = Kind::ChooseBool; a.flag = v; return a; }
    static Action next(std::string typed) { Action a; a.kind = Kind::Next; a.text = std::move(typed); return a; }
    static Action change(std::string id) { Action a; a.kind = Kind::ChangeAnswer; a.link_id = std::move(id); return a; }
    static Action text_size(int percent) { Action a; a.kind = Kind::SetTextSize; a.index = percent; return a; }
    static Action language(std::string tag) { Action a; a.kind = Kind::SetLanguage; a.link_id = std::move(tag); return a; }
    static Action code(std::string typed) { Action a; a.kind = Kind::SubmitCode; a.text = std::move(typed); return a; }
};

using ActionSink = std::vector<Action>;

} // namespace selfdirect::ui
