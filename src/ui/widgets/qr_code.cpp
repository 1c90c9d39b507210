// QR code matrix (libqrencode) and its drawing with ImGui rectangles (see the header).
#include "ui/widgets/qr_code.h"

#include <imgui.h>
#include <qrencode.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <string.h> // explicit_bzero (glibc)
#include <memory>

namespace selfdirect::ui {

Result<QrMatrix> qr_matrix(std::string_view text) {
    if (text.empty()) return make_error("qr.empty", "nothing to encode");
    // encodeData, not encodeString: it takes a length, so the text needs no terminating NUL.
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                          QR_ECLEVEL_M),
        &QRcode_free);
    if (!code) return make_error("qr.encode_failed", std::string("libqrencode: ") + std::strerror(errno));
    QrMatrix m;
    m.width = code->width;
    m.modules.resize(static_cast<std::size_t>(m.width) * m.width);
    // Bit 0 of each libqrencode byte is the module colour; the other bits describe its role.
    for (std::size_t i = 0; i < m.modules.size(); ++i) m.modules[i] = code->data[i] & 1u;
    explicit_bzero(code->data, m.modules.size()); // the symbol is the text: QRcode_free does not wipe
    return m;
}

QrMatrix::~QrMatrix() {
    if (!modules.empty()) explicit_bzero(modules.data(), modules.size());
}

void qr_code(WidgetRegistry& reg, const UiState& st, const std::string& id, const QrMatrix& matrix,
             const std::string& label, float size_px) {
    (void)st; // the size is the caller's: a code must stay scannable whatever the text size
    const int side = matrix.width + 2 * kQrQuietZone;
    // Whole pixels per module: fractional modules blur their edges and some scanners give up.
    const float module = std::max(1.0f, std::floor(size_px / static_cast<float>(side)));
    const float drawn = module * static_cast<float>(side);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(drawn, drawn));
    const bool visible = ImGui::IsItemVisible();
    if (visible) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(origin, ImVec2(origin.x + drawn, origin.y + drawn), IM_COL32(255, 255, 255, 255));
        const float x0 = origin.x + module * kQrQuietZone, y0 = origin.y + module * kQrQuietZone;
        for (int y = 0; y < matrix.width; ++y)
            for (int x = 0; x < matrix.width; ++x)
                if (matrix.dark(x, y))
                    dl->AddRectFilled(ImVec2(x0 + module * x, y0 + module * y),
                                      ImVec2(x0 + module * (x + 1), y0 + module * (y + 1)), IM_COL32(0, 0, 0, 255));
    }
    reg.add(id, label, Rect{origin.x, origin.y, origin.x + drawn, origin.y + drawn}, false, visible);
}

void qr_code(WidgetRegistry& reg, const UiState& st, const std::string& id, std::string_view text, float size_px) {
    const std::string label(text);
    Result<QrMatrix> m = qr_matrix(text);
    if (m) {
        qr_code(reg, st, id, *m, label, size_px);
        return;
    }
    // Still give the person the reference, as text they can copy down.
    ImGui::TextUnformatted(label.c_str());
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    reg.add(id, label, Rect{a.x, a.y, b.x, b.y}, false, ImGui::IsItemVisible());
}

} // namespace selfdirect::ui
