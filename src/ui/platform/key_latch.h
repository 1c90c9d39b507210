// Keeps every key press visible to ImGui for at least one frame. Dear ImGui 1.86 has no input
// queue and its GLFW backend writes io.KeysDown[key] = true and then = false as the callbacks
// arrive, so a press and release handled inside one wait_events (a switch-access device, a
// barcode scanner, a scripted `key Tab`) would never be seen (research imgui-kiosk.md §1.5).
// Pure logic over a KeysDown-style array, so it is tested without a window.
#pragma once

#include <bitset>

namespace selfdirect::ui::platform {

class KeyLatch {
public:
    static constexpr int kKeyCount = 512; // size of ImGuiIO::KeysDown in 1.86

    // From the key callback; independent of whether ImGui's own callback runs before or after.
    void press(int key);
    void release(int key);

    // Call once per frame after the platform NewFrame and before ImGui::NewFrame: a key pressed
    // since the last frame is down now; a key latched last frame takes its real state now.
    void apply(bool* keys_down);

    void reset();

private:
    static bool valid(int key) { return key >= 0 && key < kKeyCount; }

    std::bitset<kKeyCount> physical_; // what the window system says now
    std::bitset<kKeyCount> pending_;  // pressed since the last apply
    std::bitset<kKeyCount> latched_;  // forced down by the last apply
};

} // namespace selfdirect::ui::platform
