// What the "your indicative budget" page shows, already in plain words and formatted money: the app
// builds it from the core's RAS, eligibility and flag results (app/result_explainer), the screen only
// draws it. Kiosk figures are provisional, so the page always says a worker will check them.
#pragma once

#include <cstdint>
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

// What the page put in front of the person, as data rather than words, so that the record can say
// "was shown £Y, indicator X, because of outcomes a and e" without parsing a translated sentence.
struct ResultShown {
    bool figure = false;                 // a money figure is on the page
    std::int64_t weekly_pence = 0;       // the weekly figure shown (adults); 0 when none
    std::int64_t annual_pence = 0;       // the yearly figure shown (adults and carers); 0 when none
    std::string indicator;               // "indicated", "not indicated", "young carer"; "" no outcome map
    std::vector<std::string> reasons;    // the outcomes indicated ("a", "e"), and "health" (carers' reg 3(2)(a))
    bool charging_caveat = false;        // the page said the person may have to pay towards it
    bool advice_instead = false;         // information and advice (s.13(5)) in place of a figure
    bool young_carer_route = false;      // the young carers' route: no adult indicator, no figure
};

struct ResultView {
    bool carer = false;                  // the carer's allocation rather than a personal budget
    std::string heading;                 // "Your estimated personal budget"
    std::string weekly_text;             // "£368.50 a week"
    std::string yearly_text;             // "£19,162.00 a year"
    std::string charging_text;           // "You may have to pay towards ...": whenever a figure shows
    // Shown in place of a figure (not eligible-looking, a council that shows none, a young carer):
    // what happens next, and the council's information and advice with its contacts.
    std::vector<std::string> advice_lines;
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
    // notices, heading, amounts, charging_text, advice_lines, estimate note, bars (bars_heading, bars, points_total_text,
    // reduction_text), explanation (explanation_heading, explanation), eligibility
    // (eligibility_heading, eligibility_outcomes_intro, eligibility_outcomes, eligibility_lines),
    // other notices.
    std::string bars_heading;            // "Points for each part of your answers"
    std::string points_total_text;       // "Your answers add up to 39 points."
    std::string explanation_heading;     // "How we worked this out"
    std::string eligibility_outcomes_intro;       // "You told us you find these hard to do without help:"
    std::vector<std::string> eligibility_outcomes; // drawn as a list: "Getting dressed", ...

    ResultShown shown;
};

} // namespace selfdirect::ui
