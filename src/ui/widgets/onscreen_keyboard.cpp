// The on-screen keyboard: key tables, the pure editing rules and the ImGui drawing (see the header).
#include "ui/widgets/onscreen_keyboard.h"

#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>

#include <algorithm>

namespace selfdirect::ui {
namespace {

Key text_key(std::string id_suffix, std::string text, std::string shifted = {}, float weight = 1.0f) {
    Key k;
    k.kind = KeyKind::Text;
    k.id = "osk.key." + std::move(id_suffix);
    k.text = std::move(text);
    k.shifted = std::move(shifted);
    k.weight = weight;
    return k;
}

Key control_key(KeyKind kind, std::string id, std::string label, float weight) {
    Key k;
    k.kind = kind;
    k.id = std::move(id);
    k.label = std::move(label);
    k.weight = weight;
    return k;
}

Key layout_key(KeyboardLayout target, std::string id, std::string label) {
    Key k = control_key(KeyKind::Layout, std::move(id), std::move(label), 1.5f);
    k.target = target;
    return k;
}

// A row of lower-case letters; shift gives the ASCII capital.
KeyRow letter_row(std::string_view letters) {
    KeyRow row;
    for (char c : letters) {
        const char upper = static_cast<char>(c - 'a' + 'A');
        row.push_back(text_key(std::string(1, c), std::string(1, c), std::string(1, upper)));
    }
    return row;
}

using core::tr_noop;

Key space_key() { return control_key(KeyKind::Space, "osk.key.space", tr_noop("Space"), 4.0f); }
// "Delete", not a symbol: plain words are easier for people who do not use phones every day.
Key backspace_key() { return control_key(KeyKind::Backspace, "osk.key.backspace", tr_noop("Delete"), 2.0f); }
Key shift_key() { return control_key(KeyKind::Shift, "osk.key.shift", tr_noop("Shift"), 1.5f); }
Key done_key() { return control_key(KeyKind::Done, "osk.key.done", tr_noop("Done"), 2.0f); }

// The labels a key can show, so its minimum width does not jump when shift changes the label.
std::vector<std::string> label_variants(const Key& key, const std::string& done_label) {
    switch (key.kind) {
    case KeyKind::Text: return {key.text, key.shifted.empty() ? key.text : key.shifted};
    case KeyKind::Shift: return {tr_noop("Shift"), tr_noop("CAPS")};
    case KeyKind::Done: return {done_label};
    default: return {key.label};
    }
}

bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

} // namespace

std::vector<KeyRow> keyboard_rows(KeyboardLayout layout, bool show_done) {
    std::vector<KeyRow> rows;
    KeyRow bottom;
    switch (layout) {
    case KeyboardLayout::Letters: {
        rows.push_back(letter_row("qwertyuiop"));
        rows.push_back(letter_row("asdfghjkl"));
        KeyRow third{shift_key()};
        for (Key& k : letter_row("zxcvbnm")) third.push_back(std::move(k));
        // Apostrophe and hyphen: names such as O'Neill and Smith-Jones need them.
        third.push_back(text_key("apostrophe", "'"));
        third.push_back(text_key("hyphen", "-"));
        rows.push_back(std::move(third));
        bottom = {layout_key(KeyboardLayout::Numbers, "osk.layout.numbers", "123"), space_key(), backspace_key()};
        break;
    }
    case KeyboardLayout::Email: {
        rows.push_back(letter_row("qwertyuiop"));
        rows.push_back(letter_row("asdfghjkl"));
        KeyRow third{shift_key()};
        for (Key& k : letter_row("zxcvbnm")) third.push_back(std::move(k));
        third.push_back(text_key("hyphen", "-"));
        third.push_back(text_key("underscore", "_"));
        rows.push_back(std::move(third));
        rows.push_back({text_key("at", "@"), text_key("dot", "."), text_key("dotcom", ".com", {}, 2.0f),
                        text_key("dotcouk", ".co.uk", {}, 2.5f)});
        // No space key: an email address never has one.
        bottom = {layout_key(KeyboardLayout::Numbers, "osk.layout.numbers", "123"), backspace_key()};
        break;
    }
    case KeyboardLayout::Numbers: {
        KeyRow digits;
        for (char c : std::string_view("1234567890")) digits.push_back(text_key(std::string(1, c), std::string(1, c)));
        rows.push_back(std::move(digits));
        rows.push_back({text_key("hyphen", "-"), text_key("slash", "/"), text_key("colon", ":"),
                        text_key("semicolon", ";"), text_key("lparen", "("), text_key("rparen", ")"),
                        text_key("pound", "\xC2\xA3"), text_key("ampersand", "&"), text_key("at", "@"),
                        text_key("quote", "\"")});
        rows.push_back({text_key("dot", "."), text_key("comma", ","), text_key("question", "?"),
                        text_key("exclamation", "!"), text_key("apostrophe", "'"), text_key("hash", "#"),
                        text_key("percent", "%"), text_key("plus", "+"), text_key("equals", "=")});
        // Back to letters (or to the email layout, if that is where the person came from).
        bottom = {layout_key(KeyboardLayout::Letters, "osk.layout.letters", "ABC"), space_key(), backspace_key()};
        break;
    }
    }
    if (show_done) bottom.push_back(done_key());
    rows.push_back(std::move(bottom));
    return rows;
}

std::optional<Key> find_key(KeyboardLayout layout, std::string_view id) {
    for (const KeyRow& row : keyboard_rows(layout, true))
        for (const Key& k : row)
            if (k.id == id) return k;
    return std::nullopt;
}

std::string key_label(const Key& key, const KeyboardState& kb) {
    switch (key.kind) {
    case KeyKind::Text: return (kb.shift || kb.caps_lock) && !key.shifted.empty() ? key.shifted : key.text;
    case KeyKind::Shift: return kb.caps_lock ? tr_noop("CAPS") : tr_noop("Shift");
    default: return key.label;
    }
}

std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return !continuation_byte(c); }));
}

void utf8_pop_back(std::string& text) {
    while (!text.empty() && continuation_byte(text.back())) text.pop_back();
    if (!text.empty()) text.pop_back(); // the lead byte (or a lone ASCII byte)
}

KeyResult apply_key(KeyboardState& kb, std::string& buffer, const Key& key, std::size_t max_chars) {
    switch (key.kind) {
    case KeyKind::Text:
    case KeyKind::Space: {
        const std::string insert = key.kind == KeyKind::Space ? std::string(" ") : key_label(key, kb);
        if (max_chars > 0 && utf8_length(buffer) + utf8_length(insert) > max_chars) return KeyResult::Full;
        buffer += insert;
        // One-shot shift is spent by a key it changed (a letter); caps lock stays until tapped off.
        if (kb.shift && !kb.caps_lock && key.kind == KeyKind::Text && !key.shifted.empty()) kb.shift = false;
        return KeyResult::Edited;
    }
    case KeyKind::Backspace:
        if (buffer.empty()) return KeyResult::Unchanged;
        utf8_pop_back(buffer);
        return KeyResult::Edited;
    case KeyKind::Shift:
        // Off -> shift (one capital) -> caps lock -> off. A second tap means caps lock without any
        // timer, so a slow double tap works the same as a quick one.
        if (kb.caps_lock) {
            kb.caps_lock = false;
            kb.shift = false;
        } else if (kb.shift) {
            kb.caps_lock = true;
        } else {
            kb.shift = true;
        }
        return KeyResult::Switched;
    case KeyKind::Layout: {
        KeyboardLayout target = key.target;
        if (target == KeyboardLayout::Numbers && kb.layout != KeyboardLayout::Numbers) kb.alpha_layout = kb.layout;
        if (target == KeyboardLayout::Letters) target = kb.alpha_layout;
        kb.layout = target;
        kb.shift = false;
        kb.caps_lock = false;
        return KeyResult::Switched;
    }
    case KeyKind::Done: return KeyResult::Done;
    }
    return KeyResult::Unchanged;
}

std::vector<float> fit_row(const std::vector<float>& weights, const std::vector<float>& min_widths, float available,
                           float gap) {
    const std::size_t n = weights.size();
    std::vector<float> widths(n, 0.0f);
    if (n == 0) return widths;
    const float for_keys = available - gap * static_cast<float>(n - 1);
    std::vector<bool> pinned(n, false);
    float unit = 0.0f;
    // Pin every key whose share is below its minimum, then share the rest again; each pass pins
    // at least one more key or stops, so n passes are enough.
    for (std::size_t pass = 0; pass <= n; ++pass) {
        float fixed = 0.0f, weight_sum = 0.0f;
        for (std::size_t i = 0; i < n; ++i) {
            if (pinned[i])
                fixed += min_widths[i];
            else
                weight_sum += weights[i];
        }
        if (weight_sum <= 0.0f) break;
        unit = (for_keys - fixed) / weight_sum;
        bool changed = false;
        for (std::size_t i = 0; i < n; ++i)
            if (!pinned[i] && unit * weights[i] < min_widths[i]) pinned[i] = changed = true;
        if (!changed) break;
    }
    for (std::size_t i = 0; i < n; ++i) widths[i] = pinned[i] ? min_widths[i] : std::max(unit * weights[i], min_widths[i]);
    return widths;
}

KeyResult onscreen_keyboard(WidgetRegistry& reg, const UiState& st, KeyboardState& kb, std::string& buffer,
                            const KeyboardOptions& options) {
    const std::vector<KeyRow> rows = keyboard_rows(kb.layout, options.show_done);
    // Horizontal padding stays small at any text size: ten keys with 56 px labels must still fit
    // across an 800 px screen. Height grows with the text instead.
    const float gap = 8.0f;
    const float pad = 6.0f;
    const float height = std::max(kMinTargetPx, ImGui::GetFontSize() + 2.0f * 10.0f * st.scale);
    const float available = ImGui::GetContentRegionAvail().x;
    // The words on control keys in the screen's language; a letter or symbol stays as it is.
    auto words = [&options](const Key& k, std::string label) {
        if (k.kind == KeyKind::Text || k.kind == KeyKind::Layout || options.catalogue == nullptr) return label;
        return std::string(options.catalogue->tr(label));
    };

    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(pad, pad));
    const Key* pressed = nullptr;
    for (const KeyRow& row : rows) {
        std::vector<float> weights, mins;
        for (const Key& k : row) {
            float text_w = 0.0f;
            for (const std::string& l : label_variants(k, options.done_label))
                text_w = std::max(text_w, ImGui::CalcTextSize(words(k, l).c_str()).x);
            weights.push_back(k.weight);
            mins.push_back(std::max(kMinTargetPx, text_w + 2.0f * pad));
        }
        const std::vector<float> widths = fit_row(weights, mins, available, gap);
        for (std::size_t i = 0; i < row.size(); ++i) {
            const Key& k = row[i];
            if (i > 0) ImGui::SameLine();
            const std::string shown = words(k, k.kind == KeyKind::Done ? options.done_label : key_label(k, kb));
            const bool lit = k.kind == KeyKind::Shift && (kb.shift || kb.caps_lock);
            const bool primary = k.kind == KeyKind::Done;
            if (lit || primary) {
                const ImVec4 fill = primary ? ImVec4(0.0f, 0.44f, 0.24f, 1.0f) : ImVec4(0.11f, 0.44f, 0.72f, 1.0f);
                ImGui::PushStyleColor(ImGuiCol_Button, fill);
                ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
            }
            // "###id": ImGui identifies the key by its id alone, so a letter keeps its identity (and
            // keyboard-navigation focus) when shift changes its label from "a" to "A". No button
            // repeat on Delete: a held press by an unsteady hand must not wipe an answer.
            if (ImGui::Button((shown + "###" + k.id).c_str(), ImVec2(widths[i], height))) pressed = &k;
            if (lit || primary) ImGui::PopStyleColor(2);
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            const ImVec2 c0 = ImGui::GetWindowDrawList()->GetClipRectMin(), c1 = ImGui::GetWindowDrawList()->GetClipRectMax();
            reg.add(k.id, shown, Rect{a.x, a.y, b.x, b.y}, true, ImGui::IsItemVisible(), Rect{c0.x, c0.y, c1.x, c1.y});
        }
    }
    ImGui::PopStyleVar(2);
    // Applied after the whole keyboard is drawn, so every key in this frame shows the same state.
    return pressed ? apply_key(kb, buffer, *pressed, options.max_chars) : KeyResult::Unchanged;
}

} // namespace selfdirect::ui
