// The kiosk/tablet app: wires the device profile, the form, the vault worker, the sync worker and
// the event-driven ImGui loop together. main.cpp only parses the command line into AppOptions.
#pragma once

#include <filesystem>
#include <string>

namespace selfdirect::app {

struct AppOptions {
    std::filesystem::path profile;            // device profile (TOML)
    std::filesystem::path form;               // FHIR Questionnaire JSON: the resident's self-assessment
    std::filesystem::path carer_form;         // the carer's assessment; empty: not offered
    std::filesystem::path ras;                // the resident form's RAS table; empty: no result page
    std::filesystem::path carer_ras;          // the carer form's RAS table
    std::filesystem::path font;               // TTF; empty: ImGui's built-in font
    std::filesystem::path script;             // scripted input (tests); empty: none
    std::filesystem::path screenshot_dir;     // where "screenshot NAME" writes PNGs
    std::filesystem::path stats_file;         // at exit: frames drawn etc. as JSON (tests, benchmarks)
    std::filesystem::path i18n_dir;           // UI catalogues (*.po); empty: the form's ../i18n, if any
    std::string language = "en";              // the language every visit starts in ("en-x-pseudo": tests)
    int text_percent = 100;                   // the text size every visit starts at: 100, 150 or 200
    bool windowed = false;                    // default: full screen in kiosk mode
    int width = 1280;
    int height = 800;
    bool null_backend = false;                // no window (UI-logic tests)
};

// Returns the process exit code: 0 ok, 1 a script step failed, 2 unusable configuration.
int run_app(const AppOptions& options);

} // namespace selfdirect::app
