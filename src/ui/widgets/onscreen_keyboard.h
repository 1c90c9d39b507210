// The on-screen keyboard: a kiosk has no physical keyboard, so text answers are typed here by touch.
// It edits a std::string the caller owns (in UiState) rather than an ImGui InputText, whose internal
// buffers would keep copies of what a resident typed beyond the page. Its own state (layout, shift)
// is a small struct the caller owns too, so a kiosk wipe clears it with everything else.
//
// The editing rules are a pure function, apply_key, which the widget calls for each tap: tests and
// the scripted-input mode can drive it without drawing anything.
#pragma once

#include "core/catalogue.h"
#include "ui/ui_state.h"
#include "ui/widgets/keyboard_state.h"
#include "ui/widget_registry.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::ui {



enum class KeyKind { Text, Space, Backspace, Shift, Layout, Done };

struct Key {
    KeyKind kind = KeyKind::Text;
    std::string id;       // stable registry id: "osk.key.a", "osk.key.space", "osk.layout.numbers"
    std::string text;     // Text keys: what a tap inserts ("a", "@", ".co.uk")
    std::string shifted;  // Text keys: what a tap inserts with shift or caps lock on; empty = `text`
    std::string label;    // non-text keys: the visible label ("Space", "Delete", "123")
    KeyboardLayout target = KeyboardLayout::Letters; // Layout keys: the layout they switch to
    float weight = 1.0f;  // share of its row's width, relative to a letter key
};

using KeyRow = std::vector<Key>;

// The rows of a layout, top to bottom. `show_done` adds a Done key to the bottom row.
std::vector<KeyRow> keyboard_rows(KeyboardLayout layout, bool show_done);
// The key with this registry id on `layout` (with Done shown), if there is one.
std::optional<Key> find_key(KeyboardLayout layout, std::string_view id);
// What the key shows now: capitals while shift or caps lock is on.
std::string key_label(const Key& key, const KeyboardState& kb);

enum class KeyResult {
    Unchanged, // nothing to do (Delete on an empty buffer)
    Edited,    // the buffer changed
    Full,      // refused: the text would pass max_chars
    Switched,  // layout or shift changed; the buffer did not
    Done,      // the Done key
};

// Applies one tap to `buffer`. `max_chars` counts code points (0: no limit). Delete removes one
// whole UTF-8 code point, never a lone byte of one.
KeyResult apply_key(KeyboardState& kb, std::string& buffer, const Key& key, std::size_t max_chars = 0);

std::size_t utf8_length(std::string_view text);
// Removes the last code point (all its bytes); no-op on an empty string.
void utf8_pop_back(std::string& text);

// Widths for one row that fills `available` px: each key gets its share by weight, but never less
// than its `min_widths` entry (label width, and the 44 px target); the others share what is left.
std::vector<float> fit_row(const std::vector<float>& weights, const std::vector<float>& min_widths, float available,
                           float gap);

struct KeyboardOptions {
    std::size_t max_chars = 0; // 0: no limit
    bool show_done = false;
    std::string done_label = "Done";
    // Translates the words on the control keys ("Space", "Delete", "Shift", "Done"); null: English.
    // Letters and symbols are never translated.
    const core::Catalogue* catalogue = nullptr;
};

// Draws the keyboard across the available width of the current window and applies a tap on any
// key to `buffer`. Every key is registered under its id with its visible label.
KeyResult onscreen_keyboard(WidgetRegistry& reg, const UiState& st, KeyboardState& kb, std::string& buffer,
                            const KeyboardOptions& options = {});

} // namespace selfdirect::ui
