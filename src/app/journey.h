// The resident's journey through one form as a state machine: which page is showing, what has been
// answered, what is waiting for the vault. Pure logic (no threads, no ImGui, no disk): it turns UI
// actions into commands for the vault worker and vault results into the next page, so every rule
// here ("an answer is durable before the screen moves on") is tested without a window.
#pragma once

#include "core/answers.h"
#include "core/questionnaire.h"
#include "ui/view_model.h"

#include <optional>
#include <string>
#include <vector>

namespace selfdirect::app {

struct Command {
    enum class Kind { SaveAnswer, ForgetAnswer, Submit, EndSession };
    Kind kind = Kind::SaveAnswer;
    std::string link_id;            // SaveAnswer / ForgetAnswer
    core::AnswerValue value;        // SaveAnswer
    core::Answers answers;          // Submit: everything to seal
};

class Journey {
public:
    explicit Journey(const core::Questionnaire& form);

    ui::AppView view() const;
    // Applies what the person did. Returns the work the vault must finish before the page moves on.
    std::optional<Command> apply(const ui::Action& action);
    // The vault made the answer durable (or failed: the page stays, with a message).
    void on_answer_saved(bool ok, const std::string& message_for_person);
    void on_submitted(bool ok, const std::string& reference, const std::string& message_for_person);
    // Back to the first question with nothing remembered: a new person.
    void reset();

    const core::Answers& answers() const { return answers_; }
    bool busy() const { return busy_; }

private:
    void advance_after_save();
    // Questions switched off by enableWhen are skipped, left off the check page and never required.
    bool enabled(std::size_t index) const;
    std::optional<std::size_t> next_enabled(std::size_t from) const;
    std::optional<std::size_t> previous_enabled(std::size_t before) const;
    void go_to_question(std::size_t index, bool returning_to_check);

    const core::Questionnaire& form_;
    std::vector<const core::Item*> items_;
    core::Answers answers_;
    ui::Screen screen_ = ui::Screen::Question;
    std::size_t index_ = 0;
    bool returning_to_check_ = false;
    int pending_option_ = -1;       // choice made on this page, not yet saved
    int pending_bool_ = -1;
    std::optional<Command> in_flight_;
    bool busy_ = false;
    std::string error_;
    std::string reference_;
};

} // namespace selfdirect::app
