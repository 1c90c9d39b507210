// The result page's words. Each fixed sentence is written once, inside tr("..."), so xgettext -ktr
// finds it; figures go into {placeholders} after translation. Amounts are said the GOV.UK way
// ("£368.50 a week"), points as the person's own numbers ("5.5 points"), and nothing here decides:
// the indicator and the budget are estimates a worker checks (brief rules 1, 4 and 9).
#include "app/result_explainer.h"

#include "core/money.h"

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace selfdirect::app {

namespace {

using core::Rational;

using Fill = std::initializer_list<std::pair<std::string_view, std::string>>;

// Puts figures into a translated sentence: every "{name}" becomes its value.
std::string fill(std::string text, Fill values) {
    for (const auto& [name, value] : values) {
        const std::string key = "{" + std::string(name) + "}";
        for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
            text.replace(at, key.size(), value);
    }
    return text;
}

std::string points_text(const Rational& points) { return points.to_decimal(core::kMaxDecimalPlaces); }

// A price per point may be a fraction of a penny: shown exactly, in pounds.
std::string price_text(const Rational& pence) {
    if (pence.is_integer()) return format_money(pence.round_half_up());
    return "£" + (pence / Rational(100)).to_decimal(core::kMaxDecimalPlaces);
}

struct Words {
    const ExplainOptions& o;
    // The hook, or the English itself when the caller left it empty.
    std::string tr(std::string_view s) const { return o.tr ? o.tr(s) : std::string(s); }

    std::string points(const Rational& p) const {
        if (p == Rational(1)) return tr("1 point");
        return fill(tr("{points} points"), {{"points", points_text(p)}});
    }
    std::string council() const { return o.council_name.empty() ? tr("the council") : o.council_name; }
    // At the start of a sentence: the profile's default name is "the council".
    std::string council_start() const {
        if (o.council_name.empty()) return tr("The council");
        std::string name = o.council_name;
        if (name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
        return name;
    }
};

// The section's name as the person saw it: the form's group heading when the RAS section is a
// group of the form, otherwise the table's title.
std::string section_title(const core::Questionnaire& q, const core::RasSectionPoints& s) {
    const core::Item* item = core::find_item(q, s.id);
    if (item && item->type == core::ItemType::Group && !item->text.empty()) return item->text;
    return s.title;
}

void add_bars(const core::Questionnaire& q, const core::RasResult& ras, const Words& w, ui::ResultView& v) {
    v.bars_heading = w.tr("Points for each part of your answers");
    for (const core::RasSectionPoints& s : ras.sections) {
        ui::ResultBar bar;
        bar.label = section_title(q, s);
        bar.points = s.points.to_double_for_display(); // drawing only; the sums stay exact
        bar.value_text = w.points(s.points);
        v.max_points = std::max(v.max_points, bar.points);
        v.bars.push_back(std::move(bar));
    }
    v.points_total_text = fill(w.tr("Your answers add up to {points}."), {{"points", w.points(ras.n)}});
}

bool anyone_helps(const core::RasResult& ras) {
    return std::any_of(ras.reduction_lines.begin(), ras.reduction_lines.end(),
                       [](const core::ReductionLine& l) { return l.share > Rational(0); });
}

// Brief rule 12: the informal-support deduction is never silent, and it says why it is what it is.
std::string reduction_text(const core::RasResult& ras, const Words& w) {
    if (!anyone_helps(ras)) return "";
    if (ras.r == Rational(0))
        return w.tr("We have not taken off any points for help from family and friends, because they may not be "
                    "able to keep helping.");
    std::string text = fill(w.tr("Help from family and friends takes off {points}."), {{"points", w.points(ras.r)}});
    if (ras.factor < Rational(1))
        text += " " + w.tr("We count only part of their help, because they may not be able to keep it up.");
    if (ras.cap_applied) {
        // The "%" travels in the figure: a "%" in a msgid would read as a C format to gettext.
        std::string percent = "0%";
        if (ras.n > Rational(0)) percent = (ras.reduction_cap / ras.n * Rational(100)).to_decimal(1) + "%";
        text += " " + fill(w.tr("This is the most it can take off: {percent} of your points."), {{"percent", percent}});
    }
    return text;
}

// Said wherever a figure is shown: a personal budget is the cost of meeting needs, and the person
// may pay part or all of it (Care Act s.14, s.17, s.26); the financial assessment comes after.
std::string charging_words(const Words& w) {
    return w.tr("You may have to pay towards the cost of your support. The council works out what you pay "
                "separately, in a financial assessment, after it agrees your support with you.");
}

void explain_adult(const core::RasResult& ras, const std::optional<core::EligibilityResult>& eligibility,
                   bool show_figure, const Words& w, ui::ResultView& v) {
    v.reduction_text = reduction_text(ras, w);
    auto& lines = v.explanation;
    if (show_figure) {
        v.heading = w.tr("Your estimated personal budget"); // explain_result gives the heading otherwise
        v.weekly_text = fill(w.tr("{amount} a week"), {{"amount", format_money(ras.weekly_pence)}});
        v.yearly_text = fill(w.tr("{amount} a year"), {{"amount", format_money(ras.annual_pence)}});
        if (ras.panel)
            lines.push_back(w.tr("Your needs are complex, so a worker will work out your budget with you."));
        if (!(ras.r == Rational(0)))
            lines.push_back(fill(w.tr("That leaves {points}."), {{"points", w.points(ras.n_adj)}}));
        lines.push_back(fill(w.tr("Each point is worth {price} a week."), {{"price", price_text(ras.price_per_point_pence)}}));
        if (ras.contingency_percent > Rational(0))
            lines.push_back(fill(w.tr("The council adds {percent} to allow for extra costs."),
                                 {{"percent", ras.contingency_percent.to_decimal(2) + "%"}}));
        lines.push_back(fill(w.tr("That comes to {amount} a week."), {{"amount", format_money(ras.calculated_weekly_pence)}}));
        if (ras.floor_applied)
            lines.push_back(fill(w.tr("The smallest budget is {amount} a week, so your estimate is raised to that."),
                                 {{"amount", format_money(ras.floor_pence)}}));
        if (ras.ceiling_applied)
            lines.push_back(fill(w.tr("The most this estimate can show is {amount} a week. A worker will work out the "
                                      "full cost with you."),
                                 {{"amount", format_money(ras.ceiling_pence)}}));
        lines.push_back(fill(w.tr("Over a year of {weeks} weeks, that is {amount}."),
                             {{"weeks", std::to_string(ras.weeks_per_year)}, {"amount", format_money(ras.annual_pence)}}));
        if (eligibility && !eligibility->indicated)
            lines.push_back(w.tr("You only get a budget if a worker decides you are eligible for support."));
        v.shown.weekly_pence = ras.weekly_pence;
        v.shown.annual_pence = ras.annual_pence;
    }
    if (!ras.unanswered.empty())
        lines.push_back(w.tr("You did not answer some questions. They count as no points until a worker checks them "
                             "with you."));
}

void explain_carer(const core::RasResult& ras, bool show_figure, const Words& w, ui::ResultView& v) {
    v.carer = true;
    auto& lines = v.explanation;
    v.heading = w.tr("Your estimated carer's budget"); // replaced by explain_result when no figure shows
    if (ras.band && show_figure) {
        const core::CarerBand& band = *ras.band;
        if (ras.annual_pence > 0)
            v.yearly_text = fill(w.tr("{amount} a year as a one-off carer's payment"), {{"amount", format_money(ras.annual_pence)}});
        if (ras.floor_applied) {
            // s.20: a carer indicated eligible is never told their score leads to nothing.
            lines.push_back(fill(w.tr("Your score is in the {band} points band. You are likely to be eligible for "
                                      "support, so your estimate is raised to the smallest carer's payment, {amount}."),
                                 {{"band", band.label}, {"amount", format_money(ras.annual_pence)}}));
        } else if (band.amount_pence > 0) {
            lines.push_back(fill(w.tr("Scores of {band} points lead to {amount}."),
                                 {{"band", band.label}, {"amount", format_money(band.amount_pence)}}));
        } else {
            lines.push_back(fill(w.tr("Scores of {band} points do not lead to a payment. You can still get advice and "
                                      "support."),
                                 {{"band", band.label}}));
        }
        if (!band.offer.empty()) lines.push_back(band.offer); // the council's own words, from its table
        if (band.review_replacement_care)
            lines.push_back(w.tr("A worker will also look at the support for the person you care for, so that you can "
                                 "have breaks."));
        v.shown.annual_pence = ras.annual_pence;
    }
    if (!ras.unanswered.empty())
        lines.push_back(w.tr("You did not answer some questions. They count as no points until a worker checks them "
                             "with you."));
}

// Care Act s.13(5): when needs may not be eligible (or no figure is shown), the council's information
// and advice about meeting or reducing needs and preventing or delaying future needs, with its contacts.
void advice_instead(const std::optional<core::EligibilityResult>& eligibility, ShowBudget option, const Words& w,
                    ui::ResultView& v) {
    auto& lines = v.advice_lines;
    if (option == ShowBudget::Never)
        lines.push_back(w.tr("We do not show an estimated budget here. If a worker decides you are eligible for "
                             "support, they will work out your budget with you."));
    else if (eligibility && !eligibility->indicated)
        lines.push_back(w.tr("We have not shown an estimated budget, because your answers do not suggest you are "
                             "eligible yet. A worker will still look at your answers with you."));
    lines.push_back(fill(w.tr("{council} gives free information and advice about care and support: what could help "
                              "you now, and how to stop things getting harder later."),
                         {{"council", w.council_start()}}));
    if (!w.o.advice_website.empty())
        lines.push_back(fill(w.tr("You can read it at {website}."), {{"website", w.o.advice_website}}));
    if (!w.o.advice_line.empty())
        lines.push_back(fill(w.tr("To talk to someone, call {council} on {phone}."),
                             {{"council", w.council()}, {"phone", w.o.advice_line}}));
    v.shown.advice_instead = true;
}

// A carer under 18 (Children Act 1989 s.17ZA, from the Children and Families Act 2014): not the
// adult carers' regulation and table, so no indicator and no figure; what happens next instead.
void explain_young_carer(const Words& w, ui::ResultView& v) {
    v.carer = true;
    v.heading = w.tr("Support for young carers");
    auto& lines = v.advice_lines;
    lines.push_back(w.tr("You told us you are under 18. Young carers have their own assessment, so we do not show an "
                         "adult carer's budget here."));
    lines.push_back(w.tr("A worker will contact you about a young carer's assessment. It looks at the help you give, "
                         "and at what you need to be well, to learn and to have time for yourself. It is free."));
    if (!w.o.young_carers_contact.empty())
        lines.push_back(fill(w.tr("You can also contact {contact} yourself."), {{"contact", w.o.young_carers_contact}}));
    else if (!w.o.advice_line.empty())
        lines.push_back(fill(w.tr("You can also call {council} on {phone} and ask about young carers."),
                             {{"council", w.council()}, {"phone", w.o.advice_line}}));
    lines.push_back(w.tr("If you or the person you care for is in danger now, call 999."));
    v.shown.young_carer_route = true;
}

// The regulations' outcomes (reg 2 adults, reg 3 carers) in everyday words. The letters are fixed by
// law; a council's map only says which questions evidence them. Unknown codes keep the map's words.
std::string outcome_words(core::Regulation regulation, const core::OutcomeResult& o, const Words& w) {
    const char c = o.code.size() == 1 ? o.code[0] : '?';
    if (regulation == core::Regulation::Adult) {
        switch (c) {
        case 'a': return w.tr("Eating and drinking enough");
        case 'b': return w.tr("Keeping yourself clean");
        case 'c': return w.tr("Using the toilet");
        case 'd': return w.tr("Getting dressed");
        case 'e': return w.tr("Moving around your home safely");
        case 'f': return w.tr("Keeping your home clean and safe");
        case 'g': return w.tr("Keeping in touch with family and friends");
        case 'h': return w.tr("Work, training, learning or volunteering");
        case 'i': return w.tr("Getting out to shops, services and activities");
        case 'j': return w.tr("Looking after a child");
        default: break;
        }
    } else {
        switch (c) {
        case 'a': return w.tr("Looking after children");
        case 'b': return w.tr("Caring for anyone else you look after");
        case 'c': return w.tr("Keeping your home clean and safe");
        case 'd': return w.tr("Eating well, shopping and cooking for yourself");
        case 'e': return w.tr("Keeping in touch with family and friends");
        case 'f': return w.tr("Work, training, study or volunteering");
        case 'g': return w.tr("Using local services and facilities");
        case 'h': return w.tr("Having time for yourself");
        default: break;
        }
    }
    return o.text;
}

void explain_eligibility(const std::optional<core::EligibilityResult>& e, const Words& w, ui::ResultView& v) {
    if (!e) {
        v.eligibility_heading = w.tr("A worker will check with you whether you are eligible for support");
        return;
    }
    const bool adult = e->regulation == core::Regulation::Adult;
    if (e->indicated)
        v.eligibility_heading = !adult ? w.tr("You are likely to be eligible for support as a carer")
                                                : w.tr("You are likely to be eligible for support");
    else
        v.eligibility_heading = w.tr("You may not be eligible, but a worker will still talk to you");

    for (const core::OutcomeResult& o : e->outcomes)
        if (o.indicated) v.eligibility_outcomes.push_back(outcome_words(e->regulation, o, w));
    if (!v.eligibility_outcomes.empty())
        v.eligibility_outcomes_intro = adult ? w.tr("You told us you find these hard to do without help:")
                                             : w.tr("You told us caring makes these hard for you:");

    auto& lines = v.eligibility_lines;
    if (adult) {
        if (e->condition1 == core::ConditionStatus::NotMet)
            lines.push_back(w.tr("You told us you do not have an illness, condition or disability."));
        else if (e->condition1 == core::ConditionStatus::NotAnswered)
            lines.push_back(w.tr("You did not tell us if you have an illness, condition or disability."));
        if (!e->condition2)
            lines.push_back(fill(w.tr("People are usually eligible when there are at least {count} everyday things "
                                      "they find hard."),
                                 {{"count", std::to_string(e->outcomes_needed)}}));
    } else {
        if (!e->health_because.empty()) lines.push_back(w.tr("You told us caring is affecting your health, or may do."));
        lines.push_back(w.tr("A worker will check that the person you care for needs the care you give."));
    }
    lines.push_back(w.tr("A worker will also look at how much this affects your wellbeing."));
    if (!e->indicated) lines.push_back(w.tr("Whatever the result, the council will give you advice and information."));
    lines.push_back(w.tr("This is not a decision. A worker decides with you, and tells you why."));
}

bool raised(const core::AssessmentResult& r, std::string_view flag) {
    return std::any_of(r.flags.begin(), r.flags.end(),
                       [&](const core::FlagResult& f) { return f.flag == flag && f.raised; });
}

// Brief rule 8: an offline kiosk cannot alert anyone, so the person gets the numbers to call now.
ui::ResultNotice safeguarding_notice(const Words& w) {
    ui::ResultNotice n{"safeguarding", w.tr("If you are not safe"), {}, true};
    n.lines.push_back(w.tr("If you are in danger now, call 999."));
    if (!w.o.safeguarding_phone.empty())
        n.lines.push_back(fill(w.tr("To talk to someone about your safety, call {council} on {phone}."),
                               {{"council", w.council()}, {"phone", w.o.safeguarding_phone}}));
    n.lines.push_back(w.tr("You can also tell a member of staff here."));
    n.lines.push_back(w.tr("What you told us will go to a worker first, as soon as it is sent."));
    return n;
}

ui::ResultNotice carer_urgent_notice(const Words& w) {
    ui::ResultNotice n{"carer-urgent", w.tr("If you cannot carry on caring"), {}, true};
    n.lines.push_back(w.tr("You told us you cannot carry on caring. A worker will contact you about this first."));
    n.lines.push_back(w.tr("If the person you care for is in danger now, call 999."));
    if (!w.o.advice_line.empty())
        n.lines.push_back(fill(w.tr("If you need help today, call {council} on {phone}."),
                               {{"council", w.council()}, {"phone", w.o.advice_line}}));
    return n;
}

// Care Act s.67: an independent advocate when someone would find taking part very hard, and no one
// unpaid can help them.
ui::ResultNotice advocacy_notice(const Words& w) {
    ui::ResultNotice n{"advocacy", w.tr("Help to have your say"), {}, false};
    n.lines.push_back(w.tr("You can have an independent advocate. This is someone who is not from the council. They "
                           "help you understand information and say what you want."));
    n.lines.push_back(w.tr("It is free."));
    if (!w.o.advocacy_contact.empty())
        n.lines.push_back(fill(w.tr("To ask for one, contact {contact}."), {{"contact", w.o.advocacy_contact}}));
    else
        n.lines.push_back(w.tr("A worker will arrange one for you."));
    return n;
}

ui::ResultNotice carer_offer_notice(const Words& w) {
    ui::ResultNotice n{"carer-offer", w.tr("Help for the person who helps you"), {}, false};
    n.lines.push_back(w.tr("The person who helps you can have their own carer's assessment. It is free."));
    n.lines.push_back(w.tr("They can have one even if you do not want support yourself."));
    if (!w.o.advice_line.empty())
        n.lines.push_back(fill(w.tr("To ask for one, they can call {council} on {phone}."),
                               {{"council", w.council()}, {"phone", w.o.advice_line}}));
    return n;
}

void add_notices(const core::AssessmentResult& r, const Words& w, ui::ResultView& v) {
    const bool young_route = r.eligibility && r.eligibility->young_carer; // the page itself says it
    if (raised(r, "safeguarding")) v.notices.push_back(safeguarding_notice(w));
    if (raised(r, "carer-urgent")) v.notices.push_back(carer_urgent_notice(w));
    if (raised(r, "advocacy")) v.notices.push_back(advocacy_notice(w));
    if (raised(r, "carer-offer")) v.notices.push_back(carer_offer_notice(w));
    if (raised(r, "young-carer") && !young_route)
        v.notices.push_back({"young-carer", w.tr("Help for young carers"),
                             {w.tr("Young carers can get their own support. A worker will talk to you about it.")},
                             false});
    if (raised(r, "whole-family"))
        v.notices.push_back({"whole-family", w.tr("Support for your family"),
                             {w.tr("You look after a child. A worker will think about the support your whole family "
                                   "needs.")},
                             false});
    if (raised(r, "emergency-plan-offer"))
        v.notices.push_back({"emergency-plan-offer", w.tr("A plan for emergencies"),
                             {w.tr("A worker can help you make a plan for if you suddenly could not care.")}, false});
    // Urgent first, otherwise in the order above.
    std::stable_partition(v.notices.begin(), v.notices.end(), [](const ui::ResultNotice& n) { return n.urgent; });
}

} // namespace

std::string format_money(std::int64_t pence) {
    std::string digits = core::format_pence(pence); // "19162.00", "-3.50"
    const bool negative = !digits.empty() && digits[0] == '-';
    if (negative) digits.erase(0, 1);
    const std::size_t dot = digits.find('.');
    for (std::size_t at = dot == std::string::npos ? digits.size() : dot; at > 3; at -= 3) digits.insert(at - 3, ",");
    return (negative ? "-£" : "£") + digits;
}

ui::ResultView explain_result(const core::Questionnaire& q, const core::AssessmentResult& result,
                              const ExplainOptions& options) {
    const Words w{options};
    const std::optional<core::EligibilityResult>& e = result.eligibility;
    ui::ResultView v;
    add_bars(q, result.ras, w, v);
    v.explanation_heading = w.tr("How we worked this out");
    v.estimate_note = w.tr("This is an estimate. A worker will check it with you. Nothing is decided yet.");
    if (e) {
        v.shown.indicator = core::indicator_name(*e);
        for (const core::OutcomeResult& o : e->outcomes)
            if (o.indicated) v.shown.reasons.push_back(o.code);
        if (!e->health_because.empty()) v.shown.reasons.push_back("health");
    }

    if (result.ras.withheld || (e && e->young_carer)) {
        explain_young_carer(w, v);
        // An adult carers' table scored nothing that applies to a child: no points to explain.
        v.bars.clear();
        v.estimate_note = w.tr("Nothing is decided yet. A worker will talk to you first.");
    } else {
        // Without an outcome map the worker gates the budget (assess() applies the floor as if
        // eligible), so "when indicated" shows it then too.
        const bool indicated = e ? e->indicated : true;
        const bool show = options.show_budget == ShowBudget::Always ||
                          (options.show_budget == ShowBudget::WhenIndicated && indicated);
        if (result.ras.kind == core::RasKind::Carer)
            explain_carer(result.ras, show, w, v);
        else
            explain_adult(result.ras, e, show, w, v);
        v.shown.figure = !v.weekly_text.empty() || !v.yearly_text.empty();
        if (v.shown.figure) {
            v.charging_text = charging_words(w);
            v.shown.charging_caveat = true;
        } else { // hidden, or a carer's band of nothing: not a budget page
            v.heading = w.tr("Information and advice for you");
            // No figure on the page, so nothing here is "an estimate".
            v.estimate_note = w.tr("Nothing is decided yet. A worker will talk to you first.");
            v.shown.weekly_pence = v.shown.annual_pence = 0;
            advice_instead(e, options.show_budget, w, v);
        }
        explain_eligibility(e, w, v);
    }
    add_notices(result, w, v);
    return v;
}

} // namespace selfdirect::app
