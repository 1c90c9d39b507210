// What the "your indicative budget" page shows, already in plain words and formatted money: the app
// builds it from the core's RAS, eligibility and flag results (app/result_explainer), the screen only
// draws it. Kiosk figures are provisional, so the page always says a worker will check them.
#pragma once

#include <string>
#include <vector>

namespace selfdirect::ui {

struct ResultBar {
    std::string label;       // the section's title, e.g. "Personal care"
    double points = 0;       // drawn as a bar; 0 bars are listed, not hidden
    std::string value_text;  // "12 points"
};

struct ResultNotice {
    std::string id;          // "safeguarding", "advocacy", "carer-offer", ...
    std::string heading;     // "If you are not safe"
    std::vector<std::string> lines; // what to do now, contacts, in plain words
    bool urgent = false;     // drawn first and highlighted (safeguarding)
};

struct ResultView {
    bool carer = false;                  // the carer's allocation rather than a personal budget
    std::string heading;                 // "Your estimated personal budget"
    std::string weekly_text;             // "£368.50 a week"
    std::string yearly_text;             // "£19,162.00 a year"
    std::vector<std::string> explanation; // how it was worked out, one plain sentence each
    std::vector<ResultBar> bars;         // points by section
    double max_points = 0;               // the longest bar's scale
    std::string reduction_text;          // "Help from family and friends reduces this by 5.5 points", or ""
    std::string eligibility_heading;     // "You are likely to be eligible for support"
    std::vector<std::string> eligibility_lines; // the reasons, in plain words
    std::vector<ResultNotice> notices;   // urgent ones first
    std::string estimate_note;           // "This is an estimate. A worker will check it with you."

    // The screen draws no words of its own (they are all translated in the app), so the headings of
    // the parts of the page and the lead-ins of lists travel here too. Drawn in this order: urgent
    // notices, heading, amounts, estimate note, bars (bars_heading, bars, points_total_text,
    // reduction_text), explanation (explanation_heading, explanation), eligibility
    // (eligibility_heading, eligibility_outcomes_intro, eligibility_outcomes, eligibility_lines),
    // other notices.
    std::string bars_heading;            // "Points for each part of your answers"
    std::string points_total_text;       // "Your answers add up to 39 points."
    std::string explanation_heading;     // "How we worked this out"
    std::string eligibility_outcomes_intro;       // "You told us you find these hard to do without help:"
    std::vector<std::string> eligibility_outcomes; // drawn as a list: "Getting dressed", ...
};

} // namespace selfdirect::ui
