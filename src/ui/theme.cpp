// Kiosk theme: style colours and FreeType fonts for the current ImGui context.
#include "ui/theme.h"

#include <imgui.h>
#include <imgui_freetype.h>

#include <filesystem>

namespace selfdirect::ui {

bool apply_theme(UiState& st, const std::string& font_path, bool high_contrast, const ImWchar* glyph_ranges) {
    ImGuiStyle& style = ImGui::GetStyle();
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(32, 24);
    style.FramePadding = ImVec2(16, 12);
    style.ItemSpacing = ImVec2(16, 16);
    style.FrameRounding = 4.0f;
    style.ScrollbarSize = 32.0f;
    style.Colors[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_Text] = ImVec4(0.04f, 0.05f, 0.05f, 1.0f);                 // #0b0c0c
    style.Colors[ImGuiCol_Button] = ImVec4(0.95f, 0.95f, 0.96f, 1.0f);
    style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.87f, 0.88f, 0.89f, 1.0f);
    style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.80f, 0.81f, 0.82f, 1.0f);
    style.Colors[ImGuiCol_Border] = ImVec4(0.04f, 0.05f, 0.05f, 1.0f);
    style.FrameBorderSize = 2.0f;
    if (high_contrast) {
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_PopupBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.8f, 0.8f, 0.8f, 1);
        style.Colors[ImGuiCol_Button] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.2f, 0.2f, 0.2f, 1);
        style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.3f, 0.3f, 0.3f, 1);
        style.Colors[ImGuiCol_FrameBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_Border] = ImVec4(1, 0.87f, 0, 1);      // yellow outlines
        style.Colors[ImGuiCol_NavHighlight] = ImVec4(1, 0.87f, 0, 1);
        style.Colors[ImGuiCol_Separator] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_ScrollbarGrab] = ImVec4(1, 0.87f, 0, 1);
    } else {
        // GOV.UK focus colour: a thick yellow-and-black focus ring is always visible.
        style.Colors[ImGuiCol_NavHighlight] = ImVec4(0.04f, 0.05f, 0.05f, 1.0f);
    }

    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;   // no imgui.ini: nothing about a session is written to disk
    io.LogFilename = nullptr;
    io.ConfigInputTextCursorBlink = false; // no blink: no timer wake-ups while typing, kinder to read
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.Fonts->Clear();
    io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    std::error_code ec;
    if (font_path.empty() || !std::filesystem::exists(font_path, ec)) {
        st.fonts = {};
        io.Fonts->AddFontDefault();
        return false;
    }
    static const ImWchar kLatin[] = {0x0020, 0x024F, 0x2010, 0x205E, 0x20AC, 0x20AC, 0}; // constant table
    const ImWchar* ranges = glyph_ranges ? glyph_ranges : kLatin;
    st.fonts.body = io.Fonts->AddFontFromFileTTF(font_path.c_str(), 28.0f * st.scale, nullptr, ranges);
    st.fonts.heading = io.Fonts->AddFontFromFileTTF(font_path.c_str(), 40.0f * st.scale, nullptr, ranges);
    return st.fonts.body && st.fonts.heading;
}

} // namespace selfdirect::ui
