// Colours, spacing and fonts for the kiosk: a light GOV.UK-like palette with text at >= 4.5:1
// contrast, generous spacing for touch, DejaVu Sans rasterised by FreeType.
#pragma once

#include "ui/ui_state.h"

#include <imgui.h>

#include <string>

namespace selfdirect::ui {

// Applies the style to the current ImGui context and loads fonts at `st.scale` into its atlas.
// Returns false (and leaves ImGui's default font) when the font file cannot be loaded.
// `high_contrast`: white and yellow on black (the high-contrast preset); otherwise the standard
// light preset. Both keep every text colour at >= 4.5:1 against its background (tests check).
// `glyph_ranges` (zero-terminated pairs, as ImGui takes them; must outlive the atlas) lists the
// characters to rasterise; nullptr means Latin-1, Latin Extended-A/B and common punctuation.
bool apply_theme(UiState& st, const std::string& font_path, bool high_contrast = false,
                 const ImWchar* glyph_ranges = nullptr);

} // namespace selfdirect::ui
