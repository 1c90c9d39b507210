// Draws the attract page (see attract_screen.h).
#include "ui/screens/attract_screen.h"

#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>

namespace selfdirect::ui {

void draw_attract_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    heading(reg, st, "attract.heading", "Tell us about the help you need");
    body_text(reg, "attract.intro", "Answer some questions about your day-to-day life. "
                                    "We will show you an estimate of the support you could get.");
    ImGui::Spacing();

    body_text(reg, "attract.language", "Language");
    for (const LanguageChoice& l : view.languages) {
        if (choice_button(reg, st, "language." + l.tag, l.label, view.settings.language == l.tag))
            out.push_back(Action::language(l.tag));
    }
    ImGui::Spacing();
    body_text(reg, "attract.text-size", "Text size");
    const int sizes[] = {100, 150, 200};
    const char* names[] = {"Standard text", "Large text", "Largest text"};
    for (int i = 0; i < 3; ++i) {
        if (i > 0) ImGui::SameLine();
        const bool on = view.settings.text_percent == sizes[i];
        if (big_button(reg, st, "text-size." + std::to_string(sizes[i]), (on ? "[x] " : "") + std::string(names[i]), false))
            out.push_back(Action::text_size(sizes[i]));
    }
    ImGui::Spacing();
    if (big_button(reg, st, "contrast.toggle", view.settings.high_contrast ? "High contrast: on" : "High contrast: off"))
        out.push_back(Action::of(Action::Kind::ToggleContrast));
    ImGui::SameLine();
    if (big_button(reg, st, "read-aloud.toggle", view.settings.read_aloud ? "Read aloud: on" : "Read aloud: off"))
        out.push_back(Action::of(Action::Kind::ToggleReadAloud));
}

void draw_attract_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    if (big_button(reg, st, "nav.begin", "Start", true)) out.push_back(Action::of(Action::Kind::Begin));
}

} // namespace selfdirect::ui
