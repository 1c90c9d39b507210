// Kiosk widget implementations on top of Dear ImGui 1.86.
#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace selfdirect::ui {
namespace {

Rect last_item_rect() {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    return {a.x, a.y, b.x, b.y};
}

float target_height(const UiState& st) { return std::max(kMinTargetPx, 64.0f * st.scale); }

// "label##id": ImGui shows the label and identifies the widget by the whole string, so two
// buttons that both read "Change" stay distinct.
std::string imgui_label(const std::string& label, const std::string& id) { return label + "##" + id; }

} // namespace

bool big_button(WidgetRegistry& reg, const UiState& st, const std::string& id, const std::string& label, bool primary,
                float width, bool enabled) {
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    float w = std::max(width, ImGui::CalcTextSize(label.c_str()).x + pad.x * 4);
    w = std::max(w, kMinTargetPx);
    if (primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.0f, 0.44f, 0.24f, 1.0f));        // GOV.UK green
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.0f, 0.36f, 0.20f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.0f, 0.30f, 0.16f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    }
    if (!enabled) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.5f);
    bool pressed = ImGui::Button(imgui_label(label, id).c_str(), ImVec2(w, target_height(st)));
    if (!enabled) ImGui::PopStyleVar();
    if (primary) ImGui::PopStyleColor(4);
    reg.add(id, label, last_item_rect(), true, ImGui::IsItemVisible());
    return pressed && enabled;
}

bool choice_button(WidgetRegistry& reg, const UiState& st, const std::string& id, const std::string& label, bool selected) {
    const float w = ImGui::GetContentRegionAvail().x;
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.11f, 0.44f, 0.72f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    }
    ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.0f, 0.5f));
    std::string shown = (selected ? "(*)  " : "( )  ") + label;
    bool pressed = ImGui::Button(imgui_label(shown, id).c_str(), ImVec2(w, target_height(st)));
    ImGui::PopStyleVar();
    if (selected) ImGui::PopStyleColor(2);
    reg.add(id, label, last_item_rect(), true, ImGui::IsItemVisible());
    return pressed;
}

void heading(WidgetRegistry& reg, const UiState& st, const std::string& id, const std::string& text) {
    if (st.fonts.heading) ImGui::PushFont(st.fonts.heading);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    if (st.fonts.heading) ImGui::PopFont();
    reg.add(id, text, last_item_rect(), false, ImGui::IsItemVisible());
}

void body_text(WidgetRegistry& reg, const std::string& id, const std::string& text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    reg.add(id, text, last_item_rect(), false, ImGui::IsItemVisible());
}

bool text_area(WidgetRegistry& reg, const UiState& st, const std::string& id, const std::string& label, std::string& buffer) {
    const float h = std::max(kMinTargetPx, 200.0f * st.scale);
    ImGui::InputTextMultiline(("##" + id).c_str(), &buffer, ImVec2(ImGui::GetContentRegionAvail().x, h));
    bool focused = ImGui::IsItemActive();
    reg.add(id, label, last_item_rect(), true, ImGui::IsItemVisible());
    return focused;
}

} // namespace selfdirect::ui
