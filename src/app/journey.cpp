// Journey state machine (see journey.h).
#include "app/journey.h"

namespace selfdirect::app {

using ui::Action;

Journey::Journey(const core::Questionnaire& form) : form_(form), items_(core::answerable_items(form)) { reset(); }

void Journey::reset() {
    answers_.clear();
    screen_ = items_.empty() ? ui::Screen::Check : ui::Screen::Question;
    in_flight_.reset();
    busy_ = false;
    error_.clear();
    reference_.clear();
    go_to_question(0, false);
}

void Journey::go_to_question(std::size_t index, bool returning_to_check) {
    index_ = index;
    returning_to_check_ = returning_to_check;
    pending_option_ = -1;
    pending_bool_ = -1;
    error_.clear();
    if (index_ >= items_.size()) return;
    // Show what was saved before, so Back and Change keep the person's answer selected.
    auto it = answers_.find(items_[index_]->link_id);
    if (it == answers_.end()) return;
    if (const auto* c = std::get_if<core::Coding>(&it->second)) {
        const auto& opts = items_[index_]->options;
        for (std::size_t i = 0; i < opts.size(); ++i)
            if (opts[i].code == c->code && opts[i].system == c->system) pending_option_ = static_cast<int>(i);
    } else if (const auto* b = std::get_if<bool>(&it->second)) {
        pending_bool_ = *b ? 1 : 0;
    }
}

ui::AppView Journey::view() const {
    ui::AppView v;
    v.form_title = form_.title;
    v.screen = screen_;
    v.busy = busy_;
    v.error = error_;
    if (screen_ == ui::Screen::Question && index_ < items_.size()) {
        const core::Item& item = *items_[index_];
        ui::QuestionView& q = v.question;
        q.link_id = item.link_id;
        q.progress = "Question " + std::to_string(index_ + 1) + " of " + std::to_string(items_.size());
        q.text = item.text;
        q.type = item.type;
        for (const auto& o : item.options) q.options.push_back(o.display);
        q.selected_option = pending_option_;
        q.bool_value = pending_bool_;
        if (auto it = answers_.find(item.link_id); it != answers_.end())
            if (const auto* s = std::get_if<std::string>(&it->second)) q.initial_text = *s;
        q.can_go_back = index_ > 0 || returning_to_check_;
        q.returning_to_check = returning_to_check_;
    } else if (screen_ == ui::Screen::Check) {
        for (const core::Item* item : items_) {
            ui::CheckRow row{item->link_id, item->text, ""};
            if (auto it = answers_.find(item->link_id); it != answers_.end()) row.answer = core::display_answer(it->second);
            v.check.rows.push_back(std::move(row));
        }
    } else if (screen_ == ui::Screen::Receipt) {
        v.receipt.reference = reference_;
    }
    return v;
}

std::optional<Command> Journey::apply(const Action& action) {
    if (busy_ && action.kind != Action::Kind::FinishAndClear) return std::nullopt; // one thing at a time
    switch (action.kind) {
    case Action::Kind::ChooseOption:
        pending_option_ = action.index;
        error_.clear();
        return std::nullopt;
    case Action::Kind::ChooseBool:
        pending_bool_ = action.flag ? 1 : 0;
        error_.clear();
        return std::nullopt;
    case Action::Kind::Next: {
        if (screen_ != ui::Screen::Question || index_ >= items_.size()) return std::nullopt;
        const core::Item& item = *items_[index_];
        std::optional<core::AnswerValue> value;
        if (item.type == core::ItemType::Choice && pending_option_ >= 0 && pending_option_ < static_cast<int>(item.options.size())) {
            const auto& o = item.options[static_cast<std::size_t>(pending_option_)];
            value = core::Coding{o.system, o.code, o.display};
        } else if (item.type == core::ItemType::Boolean && pending_bool_ >= 0) {
            value = pending_bool_ == 1;
        } else if (item.type != core::ItemType::Choice && item.type != core::ItemType::Boolean && !action.text.empty()) {
            value = action.text;
        }
        if (!value) {
            if (item.required) {
                error_ = item.type == core::ItemType::Text || item.type == core::ItemType::String ? "Please type an answer."
                                                                                                   : "Please choose an answer.";
                return std::nullopt;
            }
            // An optional question left empty: forget any earlier answer, durably, before moving on.
            if (!answers_.count(item.link_id)) {
                advance_after_save();
                return std::nullopt;
            }
            Command c{Command::Kind::ForgetAnswer, item.link_id, {}, {}};
            in_flight_ = c;
            busy_ = true;
            return c;
        }
        if (auto ok = core::validate_answer(item, *value); !ok) {
            error_ = ok.error().message;
            return std::nullopt;
        }
        Command c{Command::Kind::SaveAnswer, item.link_id, *value, {}};
        in_flight_ = c;
        busy_ = true;
        error_.clear();
        return c;
    }
    case Action::Kind::Back:
        if (screen_ == ui::Screen::Check && !items_.empty()) go_to_question(items_.size() - 1, false), screen_ = ui::Screen::Question;
        else if (screen_ == ui::Screen::Question && returning_to_check_) screen_ = ui::Screen::Check, error_.clear();
        else if (screen_ == ui::Screen::Question && index_ > 0) go_to_question(index_ - 1, false);
        return std::nullopt;
    case Action::Kind::ChangeAnswer:
        for (std::size_t i = 0; i < items_.size(); ++i) {
            if (items_[i]->link_id == action.link_id) {
                screen_ = ui::Screen::Question;
                go_to_question(i, true);
            }
        }
        return std::nullopt;
    case Action::Kind::Submit: {
        if (screen_ != ui::Screen::Check) return std::nullopt;
        for (const core::Item* item : items_) {
            if (item->required && !answers_.count(item->link_id)) {
                error_ = "Please answer every question marked as needed before you send.";
                return std::nullopt;
            }
        }
        Command c{Command::Kind::Submit, {}, {}, answers_};
        in_flight_ = c;
        busy_ = true;
        error_.clear();
        return c;
    }
    case Action::Kind::FinishAndClear:
        reset();
        return Command{Command::Kind::EndSession, {}, {}, {}};
    }
    return std::nullopt;
}

void Journey::on_answer_saved(bool ok, const std::string& message_for_person) {
    if (!in_flight_ || (in_flight_->kind != Command::Kind::SaveAnswer && in_flight_->kind != Command::Kind::ForgetAnswer)) return;
    busy_ = false;
    if (!ok) {
        error_ = message_for_person;
        in_flight_.reset();
        return;
    }
    if (in_flight_->kind == Command::Kind::SaveAnswer) answers_[in_flight_->link_id] = in_flight_->value;
    else answers_.erase(in_flight_->link_id);
    in_flight_.reset();
    advance_after_save();
}

void Journey::advance_after_save() {
    if (returning_to_check_ || index_ + 1 >= items_.size()) {
        screen_ = ui::Screen::Check;
        returning_to_check_ = false;
        error_.clear();
    } else {
        go_to_question(index_ + 1, false);
    }
}

void Journey::on_submitted(bool ok, const std::string& reference, const std::string& message_for_person) {
    if (!in_flight_ || in_flight_->kind != Command::Kind::Submit) return;
    in_flight_.reset();
    busy_ = false;
    if (!ok) {
        error_ = message_for_person;
        return;
    }
    answers_.clear(); // sealed for the council; the device keeps no readable copy
    reference_ = reference;
    screen_ = ui::Screen::Receipt;
}

} // namespace selfdirect::app
