// Draws the current question from its view-model and turns taps into actions.
#include "ui/screens/question_screen.h"

#include "ui/widgets/kiosk_widgets.h"
#include "ui/widgets/onscreen_keyboard.h"

#include <imgui.h>

namespace selfdirect::ui {

namespace {

// The on-screen keyboard a question starts with: numbers for a number or a phone number, the email
// layout (with @ and .) for an address, letters otherwise. The person can still switch.
KeyboardLayout keyboard_for(const QuestionView& q) {
    if (q.type == core::ItemType::Integer || q.type == core::ItemType::Decimal) return KeyboardLayout::Numbers;
    if (q.entry_format.find('@') != std::string::npos) return KeyboardLayout::Email;
    const bool digits = !q.entry_format.empty() &&
                        q.entry_format.find_first_not_of("0123456789#+-() ") == std::string::npos;
    return digits ? KeyboardLayout::Numbers : KeyboardLayout::Letters;
}

} // namespace

void draw_question_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    const QuestionView& q = view.question;
    if (!q.section.empty()) body_text(reg, "question.section", q.section);
    body_text(reg, "question.progress", q.progress);
    int n = 0;
    for (const std::string& note : q.notes) body_text(reg, "question.note." + std::to_string(++n), note);
    heading(reg, st, "question.text", q.text);
    ImGui::Spacing();

    switch (q.type) {
    case core::ItemType::Choice:
        for (int i = 0; i < static_cast<int>(q.options.size()); ++i) {
            if (choice_button(reg, st, "option." + std::to_string(i + 1), q.options[i], i == q.selected_option))
                out.push_back(Action::choose_option(i));
        }
        break;
    case core::ItemType::Boolean:
        if (choice_button(reg, st, "option.yes", view.tr("Yes"), q.bool_value == 1)) out.push_back(Action::choose_bool(true));
        if (choice_button(reg, st, "option.no", view.tr("No"), q.bool_value == 0)) out.push_back(Action::choose_bool(false));
        break;
    case core::ItemType::Unsupported:
        body_text(reg, "question.unsupported",
                  view.tr("You cannot answer this one here: it needs something this kiosk cannot take, such as a "
                          "file or a photo. A worker will ask you about it."));
        break;
    default:
        // The buffer belongs to this question only: a new question starts from its saved answer.
        if (st.editing_link_id != q.link_id) {
            st.editing_link_id = q.link_id;
            st.text_buffer = q.initial_text;
            st.keyboard.layout = keyboard_for(q);
            st.keyboard.alpha_layout = st.keyboard.layout == KeyboardLayout::Email ? KeyboardLayout::Email : KeyboardLayout::Letters;
        }
        text_area(reg, st, "answer.text", view.tr("Your answer"), st.text_buffer);
        // No physical keyboard is assumed at a kiosk: the on-screen one edits the same buffer.
        ImGui::Spacing();
        KeyboardOptions keys;
        keys.catalogue = view.catalogue;
        onscreen_keyboard(reg, st, st.keyboard, st.text_buffer, keys);
        break;
    }

    if (!view.error.empty()) {
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.83f, 0.22f, 0.02f, 1.0f));
        body_text(reg, "error", view.error);
        ImGui::PopStyleColor();
    }

}

void draw_question_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    const QuestionView& q = view.question;
    if (q.can_go_back) {
        if (big_button(reg, st, "nav.back", view.tr("Back"), false, 0.0f, !view.busy)) out.push_back(Action::of(Action::Kind::Back));
    }
    const std::string_view next_label = q.returning_to_check ? view.tr("Save and go back to check") : view.tr("Next");
    if (q.can_go_back) beside_if_room(big_button_width(next_label));
    if (big_button(reg, st, "nav.next", next_label, true, 0.0f, !view.busy)) {
        const bool typed = q.type != core::ItemType::Choice && q.type != core::ItemType::Boolean;
        out.push_back(Action::next(typed ? st.text_buffer : std::string()));
    }
}

} // namespace selfdirect::ui
