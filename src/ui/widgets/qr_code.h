// A QR code of a short text (the submission reference, a help link), so a resident can take it
// away on their phone instead of writing it down. Encoding is libqrencode's; this file only turns
// its module matrix into rectangles, with the quiet zone scanners need.
#pragma once

#include "core/result.h"
#include "ui/ui_state.h"
#include "ui/widget_registry.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::ui {

// Modules around the symbol that must stay light for a scanner to find it (ISO/IEC 18004).
inline constexpr int kQrQuietZone = 4;

// The modules are the encoded text (a resume code's QR symbol is the code): they are zeroed when
// the matrix goes, like the text.
struct QrMatrix {
    int width = 0;                      // modules per side, without the quiet zone
    std::vector<std::uint8_t> modules;  // row-major, width * width; 1 = dark
    bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y) * width + x] != 0; }

    QrMatrix() = default;
    QrMatrix(const QrMatrix&) = default;
    QrMatrix(QrMatrix&&) noexcept = default;
    QrMatrix& operator=(const QrMatrix&) = default;
    QrMatrix& operator=(QrMatrix&&) noexcept = default;
    ~QrMatrix();
};

// Encodes `text` as bytes with error correction level M (about 15% of the symbol can be damaged).
// libqrencode's result is zeroed before it is freed; its internal working copies are not ours to
// wipe (docs/security.md), which is why a resume code is encoded once, not every frame.
// Errors: "qr.empty" for no text, "qr.encode_failed" when libqrencode refuses it (e.g. too long).
Result<QrMatrix> qr_matrix(std::string_view text);

// Draws `matrix` as a size_px square: white background, 4-module quiet zone, dark modules as filled
// rectangles on whole pixels. Registered under `id` with `label` (what the code says).
void qr_code(WidgetRegistry& reg, const UiState& st, const std::string& id, const QrMatrix& matrix,
             const std::string& label, float size_px);
// Encodes and draws `text`; if it cannot be encoded the text itself is shown instead.
void qr_code(WidgetRegistry& reg, const UiState& st, const std::string& id, std::string_view text, float size_px);

} // namespace selfdirect::ui
