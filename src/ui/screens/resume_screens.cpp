// Draws the resume-code pages (see resume_screens.h).
#include "ui/screens/resume_screens.h"

#include "core/resume_code_format.h"
#include "ui/widgets/kiosk_widgets.h"
#include "ui/widgets/onscreen_keyboard.h"
#include "ui/widgets/qr_code.h"

#include <imgui.h>

#include <algorithm>

namespace selfdirect::ui {

std::shared_ptr<const ShownResumeCode> show_resume_code(core::WipedText code) {
    auto shown = std::make_shared<ShownResumeCode>();
    if (auto qr = qr_matrix(code.view())) shown->qr = std::move(*qr);
    shown->code = std::move(code);
    return shown;
}

void draw_resume_code_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    const ResumeCodeView& c = view.resume_code;
    heading(reg, st, "resume.heading", view.tr("Your code to come back later"));
    if (!c.error.empty()) {
        body_text(reg, "error", c.error);
        return;
    }
    if (!c.shown || c.shown->code.empty()) {
        body_text(reg, "resume.wait", view.tr("Making your code..."));
        return;
    }
    body_text(reg, "resume.intro", view.tr("Write this code down or take a photo of it. You need it to see your answers again."));
    // The code in the heading font, twice its size: it must be read, copied and photographed.
    if (st.fonts.heading) ImGui::PushFont(st.fonts.heading);
    // One line, never cut off: as large as the width allows, up to twice the heading size. (One and
    // a half times left one real 16-character code in nine up to 109 px short of the width at double
    // text size: narrow letters hit the cap before the edge.)
    // Drawn from the wiped buffer itself; ImGui keeps glyphs, not the text.
    const std::string_view code = c.code();
    const float natural = ImGui::CalcTextSize(code.data(), code.data() + code.size()).x;
    const float avail = text_room();
    ImGui::SetWindowFontScale(natural > 0.0f ? std::clamp(avail / natural, 0.5f, 2.0f) : 2.0f);
    ImGui::TextUnformatted(code.data(), code.data() + code.size());
    const ImVec2 clip0 = ImGui::GetWindowDrawList()->GetClipRectMin(), clip1 = ImGui::GetWindowDrawList()->GetClipRectMax();
    reg.add("resume.code", std::string(code), {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                                    ImGui::GetItemRectMax().y}, false, ImGui::IsItemVisible(), {clip0.x, clip0.y, clip1.x, clip1.y});
    ImGui::SetWindowFontScale(1.0f);
    if (st.fonts.heading) ImGui::PopFont();
    // Beside the code it reads, not in the footer: the footer keeps to the page's two ways on.
    if (big_button(reg, st, "resume.read", view.tr("Read the code aloud"))) out.push_back(Action::of(Action::Kind::ReadPageAloud));
    body_text(reg, "resume.expires", core::fill(view.tr("Use it by {date}"), {{"date", c.expires}}));
    body_text(reg, "resume.privacy", view.tr("Anyone with this code can see your answers, so keep it safe. "
                                             "If it is typed wrongly 5 times, the answers are deleted."));
    const float qr = std::min(ImGui::GetContentRegionAvail().x, 240.0f * st.scale);
    if (c.shown->qr.width > 0) {
        qr_code(reg, st, "resume.qr", c.shown->qr, std::string(code), qr);
    } else {
        qr_code(reg, st, "resume.qr", code, qr); // cannot be encoded: shows the text instead
    }
}

void draw_resume_code_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    if (big_button(reg, st, "nav.back", view.tr("Go back to my answers"), false, 0.0f, !view.busy))
        out.push_back(Action::of(Action::Kind::Back));
    const std::string_view leave = view.tr("Finish and come back later");
    beside_if_room(big_button_width(leave));
    if (big_button(reg, st, "nav.leave", leave, true, 0.0f, !view.busy))
        out.push_back(Action::of(Action::Kind::FinishAndClear));
}

void draw_resume_entry_screen(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    heading(reg, st, "resume-entry.heading", view.tr("Continue with your code"));
    // The example is made from the code format (core/resume_code_format.h), so it has the shape of
    // the codes the vault issues in every language; translations keep the {example} placeholder.
    body_text(reg, "resume-entry.intro",
              core::fill(view.tr("Type the code you were given. It looks like {example}."),
                         {{"example", core::example_resume_code()}}));
    if (st.editing_link_id != "__resume_code") {
        st.editing_link_id = "__resume_code";
        st.text_buffer.clear();
    }
    text_area(reg, st, "resume-entry.code", view.tr("Your code"), st.text_buffer);
    ImGui::Spacing();
    KeyboardOptions keys;
    keys.max_chars = 32;
    keys.catalogue = view.catalogue;
    onscreen_keyboard(reg, st, st.keyboard, st.text_buffer, keys);
    if (!view.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.83f, 0.22f, 0.02f, 1.0f));
        body_text(reg, "error", view.error);
        ImGui::PopStyleColor();
    }
}

void draw_resume_entry_actions(const AppView& view, UiState& st, ActionSink& out, WidgetRegistry& reg) {
    if (big_button(reg, st, "nav.back", view.tr("Back"), false, 0.0f, !view.busy)) out.push_back(Action::of(Action::Kind::Back));
    const std::string_view go = view.busy ? view.tr("Checking...") : view.tr("Continue");
    beside_if_room(big_button_width(go));
    if (big_button(reg, st, "nav.next", go, true, 0.0f, !view.busy))
        out.push_back(Action::code(st.text_buffer));
}

} // namespace selfdirect::ui
