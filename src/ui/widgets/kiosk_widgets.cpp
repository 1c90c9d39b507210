// Kiosk widget implementations on top of Dear ImGui 1.86.
#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

namespace selfdirect::ui {
namespace {

Rect last_item_rect() {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    return {a.x, a.y, b.x, b.y};
}

// Where the current window clips what is drawn now (its inner area, or a table cell).
Rect clip_rect() {
    const ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 a = draw->GetClipRectMin(), b = draw->GetClipRectMax();
    return {a.x, a.y, b.x, b.y};
}

float target_height(const UiState& st) { return std::max(kMinTargetPx, 64.0f * st.scale); }

// A button whose label wraps inside it. ImGui's own Button draws its label on one line and clips
// it at the frame, so a long translation or double text size would cut words off; here the button
// grows taller instead (never under `min_h`). The label is drawn centred (`centre`) or from the
// left; ImGui identifies the button by "##id" alone, so two buttons that both read "Change" stay
// distinct and a button keeps its identity when its label changes ("Send" -> "Sending...").
bool wrapping_button(const std::string& id, std::string_view label, float w, float min_h, bool centre) {
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const char* begin = label.data();
    const char* end = begin + label.size();
    const float wrap = std::max(1.0f, w - pad.x * 2);
    const ImVec2 text = ImGui::CalcTextSize(begin, end, false, wrap);
    const float h = std::max(min_h, text.y + pad.y * 2);
    const bool pressed = ImGui::Button(("##" + id).c_str(), ImVec2(w, h));
    const ImVec2 a = ImGui::GetItemRectMin();
    const float x = centre ? a.x + std::max(pad.x, (w - text.x) * 0.5f) : a.x + pad.x;
    ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x, a.y + (h - text.y) * 0.5f),
                                        ImGui::GetColorU32(ImGuiCol_Text), begin, end, wrap);
    return pressed;
}

} // namespace

// ImGui rounds a text's width up to a whole pixel, so a line that only just fits the work area
// would end up to a pixel past its edge, where it is clipped (the pseudo-locale at 200 % found it:
// one receipt reference in about a hundred). The room therefore ends a whole pixel inside the edge.
float text_room() {
    const float left = ImGui::GetCursorScreenPos().x;
    return std::max(1.0f, std::floor(left + ImGui::GetContentRegionAvail().x) - 1.0f - left);
}

void wrapped_text(std::string_view text) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_room()); // window-local, as ImGui wants
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
}

float big_button_width(std::string_view label) {
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    return std::max(ImGui::CalcTextSize(label.data(), label.data() + label.size()).x + pad.x * 4, kMinTargetPx);
}

void beside_if_room(float next_width) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + spacing + next_width <= right_edge) ImGui::SameLine();
}

bool big_button(WidgetRegistry& reg, const UiState& st, const std::string& id, std::string_view label, bool primary,
                float width, bool enabled) {
    // As wide as the label needs, but never wider than the rest of the line: a longer label wraps.
    const float w = std::min(std::max(width, big_button_width(label)),
                             std::max(kMinTargetPx, ImGui::GetContentRegionAvail().x));
    if (primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.0f, 0.44f, 0.24f, 1.0f));        // GOV.UK green
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.0f, 0.36f, 0.20f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.0f, 0.30f, 0.16f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    }
    if (!enabled) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.5f);
    bool pressed = wrapping_button(id, label, w, target_height(st), true);
    if (!enabled) ImGui::PopStyleVar();
    if (primary) ImGui::PopStyleColor(4);
    reg.add(id, std::string(label), last_item_rect(), true, ImGui::IsItemVisible(), clip_rect());
    return pressed && enabled;
}

bool choice_button(WidgetRegistry& reg, const UiState& st, const std::string& id, std::string_view label, bool selected) {
    const float w = ImGui::GetContentRegionAvail().x;
    if (selected) {
        // Hovered and pressed too: after a tap the pointer stays on the chosen option, and white text
        // on the theme's light hover grey would be 1.3:1 (contrast_and_targets_test.py).
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.11f, 0.44f, 0.72f, 1.0f));        // #1d70b8, 5.2:1
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.08f, 0.35f, 0.58f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.06f, 0.29f, 0.48f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    }
    std::string shown = std::string(selected ? "(*)  " : "( )  ") + std::string(label);
    bool pressed = wrapping_button(id, shown, w, target_height(st), false);
    if (selected) ImGui::PopStyleColor(4);
    reg.add(id, std::string(label), last_item_rect(), true, ImGui::IsItemVisible(), clip_rect());
    return pressed;
}

void heading(WidgetRegistry& reg, const UiState& st, const std::string& id, std::string_view text) {
    if (st.fonts.heading) ImGui::PushFont(st.fonts.heading);
    wrapped_text(text);
    if (st.fonts.heading) ImGui::PopFont();
    reg.add(id, std::string(text), last_item_rect(), false, ImGui::IsItemVisible(), clip_rect());
}

void body_text(WidgetRegistry& reg, const std::string& id, std::string_view text) {
    wrapped_text(text);
    reg.add(id, std::string(text), last_item_rect(), false, ImGui::IsItemVisible(), clip_rect());
}

bool text_area(WidgetRegistry& reg, const UiState& st, const std::string& id, std::string_view label, std::string& buffer) {
    const float h = std::max(kMinTargetPx, 200.0f * st.scale);
    ImGui::InputTextMultiline(("##" + id).c_str(), &buffer, ImVec2(ImGui::GetContentRegionAvail().x, h));
    bool focused = ImGui::IsItemActive();
    reg.add(id, std::string(label), last_item_rect(), true, ImGui::IsItemVisible(), clip_rect());
    return focused;
}

} // namespace selfdirect::ui
