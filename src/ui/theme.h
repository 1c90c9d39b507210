// Colours, spacing and fonts for the kiosk: a light GOV.UK-like palette with text at >= 4.5:1
// contrast, generous spacing for touch, DejaVu Sans rasterised by FreeType.
#pragma once

#include "ui/ui_state.h"

#include <string>

namespace selfdirect::ui {

// Applies the style to the current ImGui context and loads fonts at `st.scale` into its atlas.
// Returns false (and leaves ImGui's default font) when the font file cannot be loaded.
bool apply_theme(UiState& st, const std::string& font_path);

} // namespace selfdirect::ui
