// Entry point of the kiosk/tablet app: command line -> AppOptions -> run_app.
#include "app/app.h"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    selfdirect::app::AppOptions o;
    CLI::App cli{"selfdirect: supported self-assessment kiosk and tablet app"};
    cli.add_option("--profile", o.profile, "Device profile (TOML), e.g. firmware-config/demo-kiosk.toml")->required();
    cli.add_option("--form", o.form, "FHIR R4 Questionnaire JSON to present (the resident's self-assessment)")->required();
    cli.add_option("--carer-form", o.carer_form, "FHIR R4 Questionnaire JSON of the carer's assessment (optional)");
    cli.add_option("--ras", o.ras, "RAS table for --form: shows the indicative budget before sending (optional)");
    cli.add_option("--carer-ras", o.carer_ras, "RAS table for --carer-form (optional)");
    cli.add_option("--font", o.font, "TrueType font file")->default_str("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    cli.add_option("--script", o.script, "Scripted input for end-to-end tests (see src/app/script.h)");
    cli.add_option("--screenshot-dir", o.screenshot_dir, "Where scripted screenshots are written");
    cli.add_option("--stats-file", o.stats_file, "Write frame statistics as JSON at exit");
    cli.add_option("--i18n-dir", o.i18n_dir,
                   "Directory of UI catalogues (*.po); default: the i18n directory beside the form's directory");
    cli.add_option("--language", o.language,
                   "Language tag every visit starts in: en, a catalogue's tag, or en-x-pseudo (tests)");
    cli.add_option("--text-percent", o.text_percent, "Text size every visit starts at")
        ->check(CLI::IsMember({100, 150, 200}));
    cli.add_flag("--windowed", o.windowed, "Use a window instead of full screen");
    cli.add_option("--width", o.width, "Window width in pixels");
    cli.add_option("--height", o.height, "Window height in pixels");
    cli.add_flag("--null-backend", o.null_backend, "Run without a window (tests)");
    o.font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    CLI11_PARSE(cli, argc, argv);
    return selfdirect::app::run_app(o);
}
