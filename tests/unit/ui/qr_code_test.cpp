// QR codes: the matrix libqrencode gives for a submission reference (size, finder patterns), a real
// round trip through a scanner (zbarimg reads a PGM we write from the matrix), and the widget's
// registered square.
#include "imgui_test_support.h"
#include "ui/widgets/qr_code.h"

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace selfdirect;
using namespace selfdirect::ui;

namespace {

// A finder pattern: a 7x7 dark ring, a light ring, a dark 3x3 centre, with a light separator.
void check_finder(const QrMatrix& m, int left, int top) {
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x) {
            const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
            const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            CHECK_MESSAGE(m.dark(left + x, top + y) == (ring || centre), "module ", left + x, ",", top + y);
        }
}

// Binary greyscale PGM with the quiet zone: netpbm is trivial, and zbarimg reads it.
std::filesystem::path write_pgm(const QrMatrix& m, const std::filesystem::path& dir, int px_per_module) {
    const int side = (m.width + 2 * kQrQuietZone) * px_per_module;
    std::filesystem::path path = dir / "code.pgm";
    std::ofstream out(path, std::ios::binary);
    out << "P5\n" << side << " " << side << "\n255\n";
    for (int py = 0; py < side; ++py)
        for (int px = 0; px < side; ++px) {
            const int x = px / px_per_module - kQrQuietZone, y = py / px_per_module - kQrQuietZone;
            const bool dark = x >= 0 && y >= 0 && x < m.width && y < m.width && m.dark(x, y);
            out.put(static_cast<char>(dark ? 0 : 255));
        }
    return path;
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() / ("selfdirect-qr-" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

std::string run_zbarimg(const std::filesystem::path& file) {
    std::string out;
    FILE* p = ::popen(("zbarimg --raw -q '" + file.string() + "' 2>/dev/null").c_str(), "r");
    REQUIRE(p);
    std::array<char, 256> buf{};
    while (std::fgets(buf.data(), buf.size(), p)) out += buf.data();
    ::pclose(p);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

bool have_zbarimg() { return std::system("command -v zbarimg >/dev/null 2>&1") == 0; }

} // namespace

TEST_CASE("the QR matrix for a submission reference is 21 modules wide with three finder patterns") {
    auto m = qr_matrix("SD-7K3M-Q9");
    REQUIRE(m.ok());
    CHECK(m->width == 21); // version 1: ten bytes fit at error correction level M
    CHECK(m->modules.size() == 21u * 21u);
    check_finder(*m, 0, 0);
    check_finder(*m, 14, 0);
    check_finder(*m, 0, 14);
    // The timing pattern alternates between the finders.
    for (int i = 8; i <= 12; ++i) CHECK(m->dark(i, 6) == (i % 2 == 0));
}

TEST_CASE("empty text is refused as a QR code with an error value") {
    auto m = qr_matrix("");
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == "qr.empty");
}

TEST_CASE("a QR code made for a reference or a link scans back to the same text") {
    if (!have_zbarimg()) {
        MESSAGE("zbarimg (zbar-tools) is not installed: scan round trip skipped");
        return;
    }
    TempDir dir;
    for (const char* text : {"SD-7K3M-Q9", "https://selfdirect.example.gov.uk/receipt?ref=SD-7K3M-Q9&lang=en"}) {
        CAPTURE(text);
        auto m = qr_matrix(text);
        REQUIRE(m.ok());
        CHECK(run_zbarimg(write_pgm(*m, dir.path, 4)) == text);
    }
}

TEST_CASE("the QR widget draws a white square of whole-pixel modules registered under its id") {
    auto backend = platform::make_null_backend();
    std::string error;
    REQUIRE(backend->init(platform::WindowOptions{800, 600, false, "test"}, error));
    platform::testing::AttachedContext context(*backend);
    WidgetRegistry reg;
    UiState st;
    for (int i = 0; i < 2; ++i) {
        platform::testing::run_frame(*backend, [&] {
            reg.begin_frame();
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
            ImGui::Begin("receipt", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
            qr_code(reg, st, "receipt.qr", "SD-7K3M-Q9", 300.0f);
            ImGui::End();
            reg.end_frame();
        });
    }
    const RegisteredControl* c = reg.find("receipt.qr");
    REQUIRE(c);
    CHECK(c->label == "SD-7K3M-Q9");
    CHECK_FALSE(c->interactive);
    CHECK(c->visible);
    // 21 modules + 2 x 4 quiet zone = 29; 300 / 29 -> 10 whole pixels each.
    CHECK(c->rect.width() == doctest::Approx(290));
    CHECK(c->rect.height() == doctest::Approx(290));
    CHECK(reg.shows_text("SD-7K3M-Q9"));
}
