// Draws the result page. The bar chart is drawn by hand (ImDrawList rectangles) because it must
// wrap and scale with the text: each bar gets its label on a line of its own, then a track as wide
// as the window allows beside its value, so nothing leaves the window at double text size. Text
// colours are the theme's; the only colours set here are fills and borders, chosen per theme so
// that the theme's text stays at >= 4.5:1 on them and bars at >= 3:1 (WCAG 1.4.11).
#include "ui/screens/result_screen.h"

#include "ui/widgets/kiosk_widgets.h"

#include <imgui.h>

#include <algorithm>
#include <string>

namespace selfdirect::ui {

namespace {

struct Palette {
    ImU32 bar;          // the filled part of a bar
    ImU32 track;        // the rest of its track
    ImU32 urgent_edge;  // an urgent notice's border
    ImU32 urgent_fill;  // behind an urgent notice's text
    ImU32 notice_edge;  // other notices' border, and the estimate note's rule
    ImU32 notice_fill;
};

Palette palette(const UiState& st) {
    if (st.high_contrast) // white and yellow text on black: keep the black behind text
        return {IM_COL32(0xff, 0xdd, 0x00, 255), IM_COL32(0x30, 0x30, 0x30, 255), IM_COL32(0xff, 0xdd, 0x00, 255),
                IM_COL32(0x00, 0x00, 0x00, 255), IM_COL32(0xff, 0xff, 0xff, 255), IM_COL32(0x00, 0x00, 0x00, 255)};
    // GOV.UK blue #1d70b8 (5.2:1 on white), red #d4351c; pale fills keep #0b0c0c text above 15:1.
    return {IM_COL32(0x1d, 0x70, 0xb8, 255), IM_COL32(0xf3, 0xf2, 0xf1, 255), IM_COL32(0xd4, 0x35, 0x1c, 255),
            IM_COL32(0xfc, 0xef, 0xed, 255), IM_COL32(0x1d, 0x70, 0xb8, 255), IM_COL32(0xf0, 0xf5, 0xfa, 255)};
}

Rect item_rect() {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    return {a.x, a.y, b.x, b.y};
}

void gap(const UiState& st) { ImGui::Dummy(ImVec2(0.0f, 8.0f * st.scale)); }

// A bordered block: a one-column table, so that text inside wraps at the block's inner edge, with a
// border thicker than a table's own drawn over it. The table is given the full width explicitly and
// the border drawn over that same width: the group's own rectangle ends where its text ends, and a
// border drawn from it left the table's background showing past the border's right edge.
void notice(const ResultNotice& n, const UiState& st, const Palette& p, WidgetRegistry& reg) {
    const std::string id = "result.notice." + n.id;
    const float s = st.scale;
    const float left = ImGui::GetCursorScreenPos().x;
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::BeginGroup();
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(24.0f * s, 16.0f * s));
    ImGui::PushStyleColor(ImGuiCol_TableBorderStrong, n.urgent ? p.urgent_edge : p.notice_edge);
    if (ImGui::BeginTable(id.c_str(), 1, ImGuiTableFlags_BordersOuter, ImVec2(width, 0.0f))) {
        ImGui::TableNextRow();
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, n.urgent ? p.urgent_fill : p.notice_fill);
        ImGui::TableNextColumn();
        heading(reg, st, id + ".heading", n.heading);
        for (std::size_t i = 0; i < n.lines.size(); ++i) body_text(reg, id + ".line." + std::to_string(i), n.lines[i]);
        ImGui::EndTable();
    }
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    ImGui::EndGroup();
    Rect r = item_rect();
    r.x0 = left;
    r.x1 = left + width;
    const float edge = (n.urgent ? 6.0f : 3.0f) * s;
    ImGui::GetWindowDrawList()->AddRect(ImVec2(r.x0 + edge / 2, r.y0 + edge / 2), ImVec2(r.x1 - edge / 2, r.y1 - edge / 2),
                                        n.urgent ? p.urgent_edge : p.notice_edge, 0.0f, 0, edge);
    reg.add(id, n.heading, r, false, ImGui::IsItemVisible());
    gap(st);
}

// GOV.UK "inset text": a rule down the left of the estimate note, so it stands out without colour.
void inset(const std::string& id, const std::string& text, const UiState& st, const Palette& p, WidgetRegistry& reg) {
    const float rule = 6.0f * st.scale, indent = 24.0f * st.scale;
    ImGui::Indent(indent);
    body_text(reg, id, text);
    ImGui::Unindent(indent);
    const Rect r = item_rect();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(r.x0 - indent, r.y0), ImVec2(r.x0 - indent + rule, r.y1), p.notice_edge);
}

// `track`: the same for every bar, so their lengths compare.
void bar(const ResultView& v, std::size_t index, float track, const Palette& p, WidgetRegistry& reg) {
    const ResultBar& b = v.bars[index];
    const std::string id = "result.bar." + std::to_string(index);
    ImGui::BeginGroup();
    wrapped_text(b.label);

    const float h = ImGui::GetTextLineHeight();
    const double share = v.max_points > 0 ? std::clamp(b.points / v.max_points, 0.0, 1.0) : 0.0;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, ImVec2(at.x + track, at.y + h), p.track);
    const float filled = track * static_cast<float>(share);
    if (filled > 0) draw->AddRectFilled(at, ImVec2(at.x + filled, at.y + h), p.bar);
    ImGui::Dummy(ImVec2(track, h));
    reg.add(id + ".fill", b.value_text, {at.x, at.y, at.x + filled, at.y + h}, false, ImGui::IsItemVisible());
    ImGui::SameLine();
    ImGui::TextUnformatted(b.value_text.c_str());
    reg.add(id + ".value", b.value_text, item_rect(), false, ImGui::IsItemVisible());
    ImGui::EndGroup();
    reg.add(id, b.label, item_rect(), false, ImGui::IsItemVisible());
}

void lines(const std::string& id, const std::vector<std::string>& texts, WidgetRegistry& reg) {
    for (std::size_t i = 0; i < texts.size(); ++i) body_text(reg, id + "." + std::to_string(i), texts[i]);
}

} // namespace

void draw_result_screen(const ResultView& view, UiState& st, ActionSink& /*out: no actions here*/,
                        WidgetRegistry& reg) {
    const Palette p = palette(st);
    for (const ResultNotice& n : view.notices)
        if (n.urgent) notice(n, st, p, reg);

    heading(reg, st, "result.heading", view.heading);
    // The main figure large, the other beside it in body text: weekly for adults, yearly for carers.
    const bool weekly_first = !view.weekly_text.empty();
    if (weekly_first) heading(reg, st, "result.weekly", view.weekly_text);
    if (!view.yearly_text.empty()) {
        if (weekly_first)
            body_text(reg, "result.yearly", view.yearly_text);
        else
            heading(reg, st, "result.yearly", view.yearly_text);
    }
    // Right under the figure, so nobody reads an amount without reading that they may pay towards it.
    if (!view.charging_text.empty()) body_text(reg, "result.charging", view.charging_text);
    for (std::size_t i = 0; i < view.advice_lines.size(); ++i)
        body_text(reg, "result.advice." + std::to_string(i), view.advice_lines[i]);
    if (!view.estimate_note.empty()) inset("result.estimate", view.estimate_note, st, p, reg);
    gap(st);

    if (!view.bars.empty()) {
        heading(reg, st, "result.bars.heading", view.bars_heading);
        float widest_value = 0.0f;
        for (const ResultBar& b : view.bars) widest_value = std::max(widest_value, ImGui::CalcTextSize(b.value_text.c_str()).x);
        const float track = std::max(0.0f, text_room() - widest_value - ImGui::GetStyle().ItemSpacing.x);
        for (std::size_t i = 0; i < view.bars.size(); ++i) bar(view, i, track, p, reg);
        gap(st);
    }
    if (!view.points_total_text.empty()) body_text(reg, "result.points_total", view.points_total_text);
    if (!view.reduction_text.empty()) body_text(reg, "result.reduction", view.reduction_text);

    if (!view.explanation.empty()) {
        if (!view.explanation_heading.empty()) heading(reg, st, "result.explanation.heading", view.explanation_heading);
        lines("result.explanation", view.explanation, reg);
        gap(st);
    }

    if (!view.eligibility_heading.empty()) heading(reg, st, "result.eligibility", view.eligibility_heading);
    if (!view.eligibility_outcomes_intro.empty()) body_text(reg, "result.eligibility.intro", view.eligibility_outcomes_intro);
    for (std::size_t i = 0; i < view.eligibility_outcomes.size(); ++i) {
        ImGui::Bullet();
        ImGui::SameLine();
        body_text(reg, "result.eligibility.outcome." + std::to_string(i), view.eligibility_outcomes[i]);
    }
    lines("result.eligibility.line", view.eligibility_lines, reg);
    gap(st);

    for (const ResultNotice& n : view.notices)
        if (!n.urgent) notice(n, st, p, reg);
}

} // namespace selfdirect::ui
