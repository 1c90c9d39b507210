// Full keyboard and switch navigation on top of Dear ImGui 1.86, which lacks it. Both backends run
// this shim around every frame, so every page is usable with a keyboard or a switch-access device
// (one or two switches that send Tab / Space / Enter), not only by touch.
//
// What 1.86 does by itself (imgui.cpp NavUpdate, NavUpdateCreateTabbingRequest, ButtonBehavior):
//   - Space activates the focused control (ImGuiNavInput_Activate). Enter is ImGuiNavInput_Input,
//     which starts editing a text field but never presses a button. Keypad Enter does nothing.
//   - Tab moves only between text fields ("Inputable" items), and only inside one window: the
//     page's scrolling content is a child window, so Tab could never reach a button at all.
//   - Arrows move by direction; with no focused control the first arrow focuses the first one.
//   - A control keeps its ImGui id from page to page ("Next"), or loses it ("Yes" on the next
//     question is another control): a new page may start with nothing focused, or with focus left
//     over from the last page.
//   - The focus ring is 2 px, and it only shows after a nav key once the pointer was used.
//
// What this shim adds (the rules a keyboard or switch user can rely on):
//   - Enter and keypad Enter activate the focused control, like Space, unless a text field is
//     being edited (there Enter types a new line, as a person expects in a text box).
//   - Tab / Shift+Tab move to the next / previous control of the page in reading order (the order
//     the page draws them: header, content, footer), every control counts, and it wraps around at
//     the end. It works from inside a text field too: Tab leaves the field with the text kept (no
//     keyboard trap; Escape would throw the typing away). Done by widening ImGui's own tabbing
//     request (ImGuiNavMoveFlags_FocusApi: every item counts, as SetKeyboardFocusHere does) rather
//     than by faking arrow keys: arrows go by direction, so "next" after a row of buttons would
//     depend on pixel distances, and a script or a switch user could not predict it.
//     This needs the content child window to be ImGuiWindowFlags_NavFlattened (root_view.cpp).
//   - When the focused control is not on screen any more (a new page: root_view gives every page
//     its own id scope), focus moves to the page's first control, at once if the keyboard was in
//     use, otherwise on the first nav key (which then only shows where focus is, so a stray key
//     press after touching the screen never presses anything unseen).
//   - Any nav key shows the focus, and the focused control gets a thick ring (4 px in the theme's
//     ImGuiCol_NavHighlight with a 2 px contrasting inner line, so it shows on a white page, on a
//     black high-contrast page, and on a green or blue button alike; WCAG 2.4.7 / 2.4.11).
//
// Uses imgui_internal.h (NavId, NavWindow, the tabbing request), which only this file does: 1.86 has
// no public API for any of it. The ImGui context hooks keep the per-frame work inside NewFrame and
// EndFrame, so the app loop only calls before_new_frame() from the backend's new_frame().
#pragma once

#include "ui/widget_registry.h"

#include <optional>

struct ImGuiContext;
struct ImGuiContextHook;

namespace selfdirect::ui::platform {

class KeyboardNav {
public:
    KeyboardNav() = default;
    ~KeyboardNav() { detach(); }
    KeyboardNav(const KeyboardNav&) = delete;
    KeyboardNav& operator=(const KeyboardNav&) = delete;

    // Installs the hooks in the *current* ImGui context (after ImGui::CreateContext); call again
    // after a context is destroyed and recreated (the kiosk wipe).
    void attach();
    // Removes the hooks, if the context they were installed in is still current.
    void detach();

    // Call after the backend has written this frame's keys into ImGuiIO and before ImGui::NewFrame.
    void before_new_frame();

private:
    struct Keys {
        bool tab = false, enter = false, space = false, arrow = false, shift = false;
        bool any() const { return tab || enter || space || arrow; }
    };
    static void on_new_frame_post(ImGuiContext* ctx, ImGuiContextHook* hook);
    static void on_end_frame_pre(ImGuiContext* ctx, ImGuiContextHook* hook);
    void after_nav_update();
    void draw_focus_ring();

    ImGuiContext* context_ = nullptr;
    unsigned hook_ids_[2] = {0, 0};
    bool was_down_[5] = {};        // Tab, Enter, keypad Enter, Space, any arrow: last frame's state
    bool enter_held_ = false;      // an Enter press already used (to show focus): not an activation
    Keys pressed_;                 // keys that went down since the last frame
    bool refocus_ = false;         // the focused control has gone: focus the page's first control
    bool reveal_ = false;          // focus was hidden: this key only shows it
};

// The screen rectangle of the control that has keyboard focus in the current ImGui context, as of
// the last frame drawn; nothing when no control is focused or the focus is hidden (pointer use).
// For test scripts (`expect-focus`): call between frames.
std::optional<Rect> focused_rect();

} // namespace selfdirect::ui::platform
