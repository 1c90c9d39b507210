// Draws the attract page (see attract_screen.h).
#include "ui/screens/attract_screen.h"

#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>

#include <string>

namespace selfdirect::ui {

using core::tr_noop;

void draw_attract_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    heading(reg, st, "attract.heading", view.tr("Tell us about the help you need"));
    // Staff: five taps on the heading within three seconds open the device's status page. Nothing a
    // resident finds by accident, and no keyboard needed on a touch-only kiosk.
    if (ImGui::IsItemClicked()) {
        const double now = ImGui::GetTime();
        if (st.staff_taps == 0 || now - st.staff_first_tap > 3.0) st.staff_taps = 0, st.staff_first_tap = now;
        if (++st.staff_taps >= 5) {
            st.staff_taps = 0;
            out.push_back(Action::of(Action::Kind::OpenStaffStatus));
        }
    }
    body_text(reg, "attract.intro", view.tr("Answer some questions about your day-to-day life. "
                                            "We will show you an estimate of the support you could get."));
    ImGui::Spacing();

    // Each language's name is written in that language (LanguageChoice::label), so a person finds
    // their own whatever the screen shows now.
    body_text(reg, "attract.language", view.tr("Language"));
    for (const LanguageChoice& l : view.languages) {
        if (choice_button(reg, st, "language." + l.tag, l.label, view.settings.language == l.tag))
            out.push_back(Action::language(l.tag));
    }
    ImGui::Spacing();
    body_text(reg, "attract.text-size", view.tr("Text size"));
    const int sizes[] = {100, 150, 200};
    const char* names[] = {tr_noop("Standard text"), tr_noop("Large text"), tr_noop("Largest text")};
    for (int i = 0; i < 3; ++i) {
        const bool on = view.settings.text_percent == sizes[i];
        // The "[x]" marker stays outside the translated words.
        const std::string label = (on ? "[x] " : "") + std::string(view.tr(names[i]));
        if (i > 0) beside_if_room(big_button_width(label));
        if (big_button(reg, st, "text-size." + std::to_string(sizes[i]), label, false))
            out.push_back(Action::text_size(sizes[i]));
    }
    ImGui::Spacing();
    if (big_button(reg, st, "contrast.toggle",
                   view.settings.high_contrast ? view.tr("High contrast: on") : view.tr("High contrast: off")))
        out.push_back(Action::of(Action::Kind::ToggleContrast));
    const std::string_view aloud = view.settings.read_aloud ? view.tr("Read aloud: on") : view.tr("Read aloud: off");
    beside_if_room(big_button_width(aloud));
    if (big_button(reg, st, "read-aloud.toggle", aloud)) out.push_back(Action::of(Action::Kind::ToggleReadAloud));
}

void draw_attract_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    if (big_button(reg, st, "nav.begin", view.tr("Start"), true)) out.push_back(Action::of(Action::Kind::Begin));
}

} // namespace selfdirect::ui
