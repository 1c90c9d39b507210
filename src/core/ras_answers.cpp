// Answers -> the chosen options and their exact points (see ras_answers.h).
#include "core/ras_answers.h"

#include "core/enable_when.h"

#include <algorithm>

namespace selfdirect::core {

const ScoredAnswer* ScoringInput::find(const std::string& link_id) const {
    auto it = answers.find(link_id);
    return it == answers.end() ? nullptr : &it->second;
}

Rational ScoringInput::points(const std::string& link_id) const {
    const ScoredAnswer* a = find(link_id);
    return a && a->points ? *a->points : Rational(0);
}

bool AnswerCondition::matches(const ScoringInput& input) const {
    const ScoredAnswer* a = input.find(link_id);
    return a && std::find(codes.begin(), codes.end(), a->code) != codes.end();
}

ScoringInput scoring_input(const Questionnaire& q, const Answers& answers) {
    ScoringInput out;
    const std::set<std::string> enabled = enabled_link_ids(q, answers);
    for (const Item* item : answerable_items(q))
        if (!enabled.count(item->link_id)) out.disabled.insert(item->link_id);
    for (const auto& [link_id, value] : answers) {
        if (out.disabled.count(link_id)) continue;
        const Item* item = find_item(q, link_id);
        if (!item || !takes_answers(*item)) continue;
        ScoredAnswer scored{link_id, "", display_answer(value), std::nullopt};
        if (!item->options.empty()) {
            const AnswerOption* option = find_option(*item, value);
            if (!option) continue;
            scored.code = option->code;
            scored.display = option->display;
            if (option->score) scored.points = points_from_double(*option->score);
        } else if (const bool* b = std::get_if<bool>(&value)) {
            scored.code = *b ? "true" : "false";
        }
        out.answers.emplace(link_id, std::move(scored));
    }
    return out;
}

} // namespace selfdirect::core
