// Keyboard and switch navigation shim for Dear ImGui 1.86 (see keyboard_nav.h for the rules and why).
#include "ui/platform/keyboard_nav.h"

#define IMGUI_DEFINE_MATH_OPERATORS // ImVec2 arithmetic from imgui_internal.h
#include <imgui.h>
#include <imgui_internal.h>

namespace selfdirect::ui::platform {
namespace {

enum KeySlot { kTab, kEnter, kPadEnter, kSpace, kArrows, kSlots };

bool key_down(const ImGuiIO& io, ImGuiKey key) {
    const int index = io.KeyMap[key];
    return index >= 0 && index < IM_ARRAYSIZE(io.KeysDown) && io.KeysDown[index];
}

// The focused control's rectangle in screen pixels. NavRectRel is refreshed (relative to its window's
// position) every frame the focused item is submitted, so after a frame it is where the item was drawn.
std::optional<ImRect> focus_rect(ImGuiContext& g) {
    if (g.NavDisableHighlight || g.NavId == 0 || !g.NavIdIsAlive || g.NavWindow == nullptr) return std::nullopt;
    // NavRectRel is relative to the window's content start (ImGui::WindowRectRelToAbs).
    return ImGui::WindowRectRelToAbs(g.NavWindow, g.NavWindow->NavRectRel[g.NavLayer]);
}

} // namespace

void KeyboardNav::attach() {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (ctx == nullptr || ctx == context_) return;
    context_ = ctx;
    ImGuiContextHook hook;
    hook.UserData = this;
    hook.Type = ImGuiContextHookType_NewFramePost;
    hook.Callback = &KeyboardNav::on_new_frame_post;
    hook_ids_[0] = ImGui::AddContextHook(ctx, &hook);
    hook.Type = ImGuiContextHookType_EndFramePre;
    hook.Callback = &KeyboardNav::on_end_frame_pre;
    hook_ids_[1] = ImGui::AddContextHook(ctx, &hook);
    for (bool& d : was_down_) d = false;
    enter_held_ = false;
    pressed_ = {};
    refocus_ = false;
}

void KeyboardNav::detach() {
    // A destroyed context took its hooks with it; only a live, current one still holds ours.
    if (context_ != nullptr && ImGui::GetCurrentContext() == context_) {
        for (unsigned id : hook_ids_)
            if (id != 0) ImGui::RemoveContextHook(context_, id);
    }
    context_ = nullptr;
    hook_ids_[0] = hook_ids_[1] = 0;
}

void KeyboardNav::before_new_frame() {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (ctx == nullptr || ctx != context_) return;
    ImGuiContext& g = *ctx;
    ImGuiIO& io = g.IO;

    const bool down[kSlots] = {
        key_down(io, ImGuiKey_Tab),
        key_down(io, ImGuiKey_Enter),
        key_down(io, ImGuiKey_KeyPadEnter),
        key_down(io, ImGuiKey_Space),
        key_down(io, ImGuiKey_LeftArrow) || key_down(io, ImGuiKey_RightArrow) || key_down(io, ImGuiKey_UpArrow) ||
            key_down(io, ImGuiKey_DownArrow),
    };
    auto went_down = [&](int slot) { return down[slot] && !was_down_[slot]; };
    pressed_ = {};
    pressed_.tab = went_down(kTab);
    pressed_.enter = went_down(kEnter) || went_down(kPadEnter);
    pressed_.space = went_down(kSpace);
    pressed_.arrow = went_down(kArrows);
    pressed_.shift = io.KeyShift;
    for (int i = 0; i < kSlots; ++i) was_down_[i] = down[i];

    // State as of the frame just drawn (NavIdIsAlive: the focused control was submitted in it).
    const bool editing_text = g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID;
    const bool keyboard_in_use = !g.NavDisableHighlight;
    const bool focus_gone = g.NavWindow != nullptr && g.NavId != 0 && !g.NavIdIsAlive && !editing_text;

    refocus_ = reveal_ = false;
    if (focus_gone) {
        if (keyboard_in_use || pressed_.any()) {
            refocus_ = true;
        } else {
            // Touch user: forget the control that has gone, so the first Tab starts at the top of the
            // new page and Shift+Tab at its bottom (ImGui's own rules for "nothing focused").
            ImGui::SetNavID(0, g.NavLayer, 0, ImRect());
        }
    } else if (g.NavWindow != nullptr && g.NavId == 0 && (pressed_.enter || pressed_.space)) {
        refocus_ = true; // nothing focused: the first Enter or Space shows where focus starts
    } else if (pressed_.any() && g.NavId != 0 && g.NavDisableHighlight && !editing_text) {
        // Focus is hidden (the screen was touched, or ImGui focused the page's first control by
        // itself): this key only shows where focus is. Tab then goes on from there.
        reveal_ = true;
    }

    // Enter activates like Space. Decided when the key goes down, not while it is held: a
    // single-line field ends its editing on that Enter, and the same press must not then press the
    // control under the focus on the next frame.
    const bool enter_down = down[kEnter] || down[kPadEnter];
    if (pressed_.enter) enter_held_ = editing_text || refocus_ || reveal_ || g.NavId == 0;
    if (!enter_down) enter_held_ = false;
    if (enter_down && !enter_held_) io.NavInputs[ImGuiNavInput_Activate] = 1.0f; // EndFrame clears NavInputs
}

void KeyboardNav::on_new_frame_post(ImGuiContext* ctx, ImGuiContextHook* hook) {
    auto* self = static_cast<KeyboardNav*>(hook->UserData);
    if (self->context_ == ctx) self->after_nav_update();
}

void KeyboardNav::on_end_frame_pre(ImGuiContext* ctx, ImGuiContextHook* hook) {
    auto* self = static_cast<KeyboardNav*>(hook->UserData);
    if (self->context_ == ctx) self->draw_focus_ring();
}

// Runs at the end of ImGui::NewFrame: NavUpdate has turned this frame's keys into requests, and no
// window has been drawn yet, so a request changed here is scored against this frame's controls.
void KeyboardNav::after_nav_update() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.NavWindow == nullptr) return;
    if (refocus_) {
        refocus_ = false;
        // Whatever the key asked for would start from a control that is gone: focus the page's
        // first control instead (an init request: the first item submitted in the page's window
        // and its flattened child).
        if (g.NavMoveSubmitted) ImGui::NavMoveRequestCancel();
        ImGuiWindow* page = g.NavWindow->RootWindowForNav;
        g.NavWindow = page;
        ImGui::NavInitWindow(page, true);
        g.NavDisableHighlight = false;
        g.NavDisableMouseHover = true;
        return;
    }
    if (reveal_) {
        reveal_ = false;
        // NavUpdate ignored Space and Enter (the focus was hidden then); drop a Tab or arrow move too.
        if (g.NavMoveSubmitted) ImGui::NavMoveRequestCancel();
        g.NavDisableHighlight = false;
        g.NavDisableMouseHover = true;
        return;
    }
    // 1.86's own Tab request counts only text fields (ImGuiItemFlags_Inputable). The FocusApi flag
    // (what SetKeyboardFocusHere uses) makes every control count; a plain Tab with a control
    // focused means "the one after it" (ImGui starts from the first when nothing is being edited).
    const ImGuiNavMoveFlags own = ImGuiNavMoveFlags_Tabbing | ImGuiNavMoveFlags_FocusApi;
    if (!g.NavMoveSubmitted || (g.NavMoveFlags & own) != ImGuiNavMoveFlags_Tabbing) return;
    if (g.NavTabbingDir >= 0 && g.NavId != 0 && g.NavId == g.InputTextState.ID) {
        // Forward from a multi-line text field: InputTextMultiline submits its id twice (the field,
        // then its inner child window), so counting would land on the field again. Leave the field
        // (the text is kept) and move down instead: what comes after a full-width field in reading
        // order is the control below its left edge (the on-screen keyboard's first key, or the
        // footer). The scoring segment is the one 1.86 uses for Down.
        ImGui::NavMoveRequestCancel();
        if (g.ActiveId == g.NavId) ImGui::ClearActiveID();
        ImRect from = ImGui::WindowRectRelToAbs(g.NavWindow, g.NavWindow->NavRectRel[g.NavLayer]);
        from.Min.x = ImMin(from.Min.x + 1.0f, from.Max.x);
        from.Max.x = from.Min.x;
        g.NavScoringRect = from;
        ImGui::NavMoveRequestSubmit(ImGuiDir_Down, ImGuiDir_Down, ImGuiNavMoveFlags_None,
                                    ImGuiScrollFlags_KeepVisibleEdgeX | ImGuiScrollFlags_KeepVisibleEdgeY);
        return;
    }
    g.NavMoveFlags |= ImGuiNavMoveFlags_FocusApi;
    if (g.NavTabbingDir == 0 && g.NavId != 0) g.NavTabbingDir = +1;
}

// Runs at the start of ImGui::EndFrame, after every window: draws the ring over everything, clipped
// to the focused control's window so a control half scrolled away never paints over the footer.
void KeyboardNav::draw_focus_ring() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const auto r = focus_rect(g);
    if (!r) return;
    const ImVec4 ring = g.Style.Colors[ImGuiCol_NavHighlight];
    const float luminance = 0.2126f * ring.x + 0.7152f * ring.y + 0.0722f * ring.z;
    const ImU32 inner = luminance > 0.5f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
    const ImRect clip = g.NavWindow->InnerClipRect;
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    dl->PushClipRect(clip.Min, clip.Max, false);
    // 0-2 px outside the control: a contrasting line; 2-6 px: the ring (lines are centred on the path).
    dl->AddRect(r->Min - ImVec2(1, 1), r->Max + ImVec2(1, 1), inner, 0.0f, 0, 2.0f);
    dl->AddRect(r->Min - ImVec2(4, 4), r->Max + ImVec2(4, 4), ImGui::GetColorU32(ring), 0.0f, 0, 4.0f);
    dl->PopClipRect();
}

std::optional<Rect> focused_rect() {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (ctx == nullptr) return std::nullopt;
    const auto r = focus_rect(*ctx);
    if (!r) return std::nullopt;
    return Rect{r->Min.x, r->Min.y, r->Max.x, r->Max.y};
}

} // namespace selfdirect::ui::platform
