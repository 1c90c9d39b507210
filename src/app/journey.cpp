// Journey state machine (see journey.h).
#include "app/journey.h"

#include "core/enable_when.h"

#include <atomic>
#include <functional>

namespace selfdirect::app {

using ui::Action;

namespace {

// The questions a person is asked: hidden and calculated items are the form's business, not theirs.
// An item of a type the kiosk cannot take (an attachment) still gets its page, which says so, so the
// count matches the form and the person knows a worker will ask about it.
std::vector<const core::Item*> asked_items(const core::Questionnaire& form) {
    std::vector<const core::Item*> out;
    std::function<void(const core::Item&)> walk = [&](const core::Item& item) {
        const bool question = item.type != core::ItemType::Group && item.type != core::ItemType::Display;
        if (question && !item.hidden && !item.calculated_expression) out.push_back(&item);
        for (const core::Item& child : item.items) walk(child);
    };
    for (const core::Item& top : form.items) walk(top);
    return out;
}

} // namespace

VisitId new_visit_id() {
    static std::atomic<VisitId> last{0};
    return ++last;
}

Journey::Journey(const core::Questionnaire& form) : form_(form), items_(asked_items(form)) {
    // Document order, depth first: display items wait for the next asked question and are shown
    // above it ("why we ask", a section's introduction, the safeguarding help text).
    placement_.resize(items_.size());
    std::vector<const core::Item*> pending;
    std::size_t next = 0;
    std::function<void(const core::Item&, int)> walk = [&](const core::Item& item, int section) {
        if (item.type == core::ItemType::Display && !item.hidden) pending.push_back(&item);
        if (next < items_.size() && items_[next] == &item) {
            placement_[next].section = section;
            placement_[next].notes = std::move(pending);
            pending.clear();
            ++next;
        }
        for (const core::Item& child : item.items) walk(child, section);
    };
    for (const core::Item& top : form_.items) {
        int section = -1;
        if (top.type == core::ItemType::Group) {
            section = static_cast<int>(sections_.size());
            sections_.push_back(&top);
        }
        walk(top, section);
    }
    reset();
}

std::string Journey::form_text(const std::string& english, const core::Translations& translations) const {
    if (auto it = translations.find(language_); it != translations.end()) return it->second;
    if (catalogue_ && catalogue_->is_pseudo()) return core::pseudo_localise(english);
    return english;
}

std::string Journey::text_of(const core::Item& item) const { return form_text(item.text, item.text_translations); }

std::string Journey::option_text(const core::AnswerOption& option) const {
    return form_text(option.display, option.display_translations);
}

std::string Journey::answer_text(const core::Item& item, const core::AnswerValue& value) const {
    // An option in the words the person chose it by; Yes and No in the screen's language.
    if (const core::AnswerOption* o = core::find_option(item, value)) return option_text(*o);
    if (const auto* b = std::get_if<bool>(&value)) return *b ? tr("Yes") : tr("No");
    return core::display_answer(value);
}

std::string Journey::message_text(const std::string& english) const {
    // The form engine's three messages with a number in them arrive filled in, in English: find
    // which one it is from the item's own limit and fill the translated pattern instead.
    if (index_ < items_.size()) {
        const core::Item& item = *items_[index_];
        struct Pattern { const char* text; const char* name; std::string value; };
        std::vector<Pattern> patterns;
        if (item.min_value) patterns.push_back({core::tr_noop("The answer must be at least {min}."), "min", core::display_answer(*item.min_value)});
        if (item.max_value) patterns.push_back({core::tr_noop("The answer must be at most {max}."), "max", core::display_answer(*item.max_value)});
        if (item.max_length)
            patterns.push_back({core::tr_noop("The answer must be {length} characters or fewer."), "length", std::to_string(*item.max_length)});
        for (const Pattern& p : patterns) {
            if (core::fill(p.text, {{p.name, p.value}}) == english) return core::fill(tr(p.text), {{p.name, p.value}});
        }
    }
    return tr(english);
}

std::string Journey::tr(std::string_view english) const {
    return std::string(catalogue_ ? catalogue_->tr(english) : english);
}

void Journey::restore(core::Answers answers) {
    reset();
    answers_ = std::move(answers);
    answers_changed();
    for (std::size_t i = 0; i < items_.size(); ++i) {
        if (enabled(i) && !answers_.count(items_[i]->link_id)) {
            screen_ = ui::Screen::Question;
            go_to_question(i, false);
            return;
        }
    }
    screen_ = ui::Screen::Check;
}

// enableWhen is evaluated over the whole form, so it is worked out once per change of the answers,
// not once per question asked about (the check page asks about every question, every frame).
void Journey::answers_changed() { enabled_ = core::enabled_link_ids(form_, answers_); }

bool Journey::enabled(std::size_t index) const {
    return index < items_.size() && enabled_.count(items_[index]->link_id) == 1;
}

std::optional<std::size_t> Journey::next_enabled(std::size_t from) const {
    for (std::size_t i = from; i < items_.size(); ++i)
        if (enabled(i)) return i;
    return std::nullopt;
}

std::optional<std::size_t> Journey::previous_enabled(std::size_t before) const {
    for (std::size_t i = before; i-- > 0;)
        if (enabled(i)) return i;
    return std::nullopt;
}

void Journey::reset() {
    visit_ = new_visit_id(); // whatever is still in flight belongs to the visit that ended
    answers_.clear();
    answers_changed();
    const auto first = next_enabled(0);
    screen_ = first ? ui::Screen::Question : ui::Screen::Check;
    in_flight_.reset();
    busy_ = false;
    error_.clear();
    reference_.clear();
    go_to_question(first.value_or(items_.size()), false);
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
    if (const core::AnswerOption* o = core::find_option(*items_[index_], it->second)) {
        pending_option_ = static_cast<int>(o - items_[index_]->options.data());
    } else if (const auto* b = std::get_if<bool>(&it->second)) {
        pending_bool_ = *b ? 1 : 0;
    }
}

ui::AppView Journey::view() const {
    ui::AppView v;
    v.catalogue = catalogue_;
    v.form_title = form_text(form_.title, form_.title_translations);
    v.screen = screen_;
    v.busy = busy_;
    if (!error_.empty()) v.error = message_text(error_);
    if (screen_ == ui::Screen::Question && index_ < items_.size()) {
        const core::Item& item = *items_[index_];
        ui::QuestionView& q = v.question;
        q.link_id = item.link_id;
        q.progress = core::fill(tr("Question {number} of {total}"),
                                {{"number", std::to_string(index_ + 1)}, {"total", std::to_string(items_.size())}});
        const Placement& place = placement_[index_];
        if (place.section >= 0) {
            q.section = core::fill(tr("Section {number} of {total}: {title}"),
                                   {{"number", std::to_string(place.section + 1)},
                                    {"total", std::to_string(sections_.size())},
                                    {"title", text_of(*sections_[static_cast<std::size_t>(place.section)])}});
        }
        const auto& on = enabled_;
        for (const core::Item* note : place.notes)
            if (on.count(note->link_id)) q.notes.push_back(text_of(*note));
        q.text = text_of(item);
        q.type = item.type;
        q.entry_format = item.entry_format;
        for (const auto& o : item.options) q.options.push_back(option_text(o));
        q.selected_option = pending_option_;
        q.bool_value = pending_bool_;
        if (auto it = answers_.find(item.link_id); it != answers_.end())
            if (item.type != core::ItemType::Choice && item.type != core::ItemType::Boolean)
                q.initial_text = core::display_answer(it->second);
        q.can_go_back = previous_enabled(index_).has_value() || returning_to_check_;
        q.returning_to_check = returning_to_check_;
    } else if (screen_ == ui::Screen::Check) {
        for (std::size_t i = 0; i < items_.size(); ++i) {
            if (!enabled(i)) continue; // a question the answers switched off is not shown, nor sent
            const core::Item* item = items_[i];
            ui::CheckRow row{item->link_id, text_of(*item), ""};
            if (auto it = answers_.find(item->link_id); it != answers_.end()) row.answer = answer_text(*item, it->second);
            if (!core::takes_answers(*item)) row.answer = tr("A worker will ask you about this");
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
        if (item.type == core::ItemType::Unsupported) { // nothing can be answered here: the page only says so
            advance_after_save();
            return std::nullopt;
        }
        std::optional<core::AnswerValue> value;
        if (item.type == core::ItemType::Choice && pending_option_ >= 0 && pending_option_ < static_cast<int>(item.options.size())) {
            const auto& o = item.options[static_cast<std::size_t>(pending_option_)];
            value = core::option_answer(o);
        } else if (item.type == core::ItemType::Boolean && pending_bool_ >= 0) {
            value = pending_bool_ == 1;
        } else if (item.type != core::ItemType::Choice && item.type != core::ItemType::Boolean && !action.text.empty()) {
            auto typed = core::answer_from_text(item, action.text);
            if (!typed) {
                error_ = typed.error().message;
                return std::nullopt;
            }
            value = std::move(*typed);
        }
        if (!value) {
            if (item.required) {
                error_ = item.type == core::ItemType::Text || item.type == core::ItemType::String
                             ? core::tr_noop("Please type an answer.")
                             : core::tr_noop("Please choose an answer.");
                return std::nullopt;
            }
            // An optional question left empty: forget any earlier answer, durably, before moving on.
            if (!answers_.count(item.link_id)) {
                advance_after_save();
                return std::nullopt;
            }
            Command c{Command::Kind::ForgetAnswer, item.link_id, {}, {}, &form_, {}, visit_};
            in_flight_ = c;
            busy_ = true;
            return c;
        }
        if (auto ok = core::validate_answer(item, *value); !ok) {
            error_ = ok.error().message;
            return std::nullopt;
        }
        Command c{Command::Kind::SaveAnswer, item.link_id, *value, {}, &form_, {}, visit_};
        in_flight_ = c;
        busy_ = true;
        error_.clear();
        return c;
    }
    case Action::Kind::Back:
        if (screen_ == ui::Screen::Check) {
            if (auto last = previous_enabled(items_.size())) go_to_question(*last, false), screen_ = ui::Screen::Question;
        } else if (screen_ == ui::Screen::Question && returning_to_check_) {
            screen_ = ui::Screen::Check, error_.clear();
        } else if (screen_ == ui::Screen::Question) {
            if (auto previous = previous_enabled(index_)) go_to_question(*previous, false);
        }
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
        for (std::size_t i = 0; i < items_.size(); ++i) {
            const core::Item* item = items_[i];
            if (item->required && core::takes_answers(*item) && enabled(i) && !answers_.count(item->link_id)) {
                error_ = core::tr_noop("Please answer every question marked as needed before you send.");
                return std::nullopt;
            }
        }
        Command c{Command::Kind::Submit, {}, {}, answers_, &form_, {}, visit_};
        in_flight_ = c;
        busy_ = true;
        error_.clear();
        return c;
    }
    case Action::Kind::FinishAndClear: {
        const VisitId ended = visit_;
        reset();
        return Command{Command::Kind::EndSession, {}, {}, {}, nullptr, {}, ended};
    }
    // The kiosk flow's own actions (start, resume, settings, result, staff): never a journey's. Named
    // rather than `default:` so a new kind must be placed here or handled above.
    case Action::Kind::Begin: case Action::Kind::StartResident: case Action::Kind::StartCarer:
    case Action::Kind::ContinueWithCode: case Action::Kind::SubmitCode: case Action::Kind::SetTextSize:
    case Action::Kind::ToggleContrast: case Action::Kind::ToggleReadAloud: case Action::Kind::SetLanguage:
    case Action::Kind::ReadPageAloud: case Action::Kind::OpenStaffStatus: case Action::Kind::ExportToMedia:
    case Action::Kind::ShowResult: case Action::Kind::StartCarerFromReceipt: case Action::Kind::SaveForLater:
    case Action::Kind::MoreTime:
        break;
    }
    return std::nullopt;
}

void Journey::on_answer_saved(VisitId visit, bool ok, const std::string& message_for_person) {
    if (visit != visit_) return; // the person it was saved for has gone
    if (!in_flight_ || (in_flight_->kind != Command::Kind::SaveAnswer && in_flight_->kind != Command::Kind::ForgetAnswer)) return;
    busy_ = false;
    if (!ok) {
        error_ = message_for_person;
        in_flight_.reset();
        return;
    }
    if (in_flight_->kind == Command::Kind::SaveAnswer) answers_[in_flight_->link_id] = in_flight_->value;
    else answers_.erase(in_flight_->link_id);
    answers_changed();
    in_flight_.reset();
    advance_after_save();
}

void Journey::advance_after_save() {
    // The answer just saved may switch later questions on or off: the next one is the next enabled.
    const auto next = returning_to_check_ ? std::nullopt : next_enabled(index_ + 1);
    if (!next) {
        screen_ = ui::Screen::Check;
        returning_to_check_ = false;
        error_.clear();
    } else {
        go_to_question(*next, false);
    }
}

bool Journey::on_submitted(VisitId visit, bool ok, const std::string& reference, const std::string& message_for_person) {
    if (visit != visit_) return false; // sent for a person who has gone: their reference is not this person's
    if (!in_flight_ || in_flight_->kind != Command::Kind::Submit) return false;
    in_flight_.reset();
    busy_ = false;
    if (!ok) {
        error_ = message_for_person;
        return true;
    }
    answers_.clear(); // sealed for the council; the device keeps no readable copy
    answers_changed();
    reference_ = reference;
    screen_ = ui::Screen::Receipt;
    return true;
}

} // namespace selfdirect::app
