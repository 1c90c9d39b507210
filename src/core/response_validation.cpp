// Response validation (see response_validation.h). Three steps: align with the form (reporting
// what does not belong), add an empty instance for every item that should be present, drop what is
// not enabled; then judge what is left.
#include "core/response_validation.h"

#include "core/enable_when.h"
#include "core/response_align.h"
#include "core/response_builder.h"

#include <set>

namespace selfdirect::core {
namespace {

// Adds an empty instance of each item missing at this level, so a required one that is enabled
// is seen (and reported) even though nobody answered it.
void complete(const std::vector<Item>& defs, std::vector<ResponseItem>& level) {
    std::vector<ResponseItem> out;
    for (const Item& def : defs) {
        bool present = false;
        for (ResponseItem& r : level) {
            if (r.link_id != def.link_id) continue;
            present = true;
            for (ResponseAnswer& a : r.answers) complete(def.items, a.items);
            if (r.answers.empty()) complete(def.items, r.items);
            out.push_back(std::move(r));
        }
        if (present || def.type == ItemType::Display || def.type == ItemType::Unsupported) continue;
        if (def.type == ItemType::Group && def.repeats && !def.required) continue;
        ResponseItem empty{def.link_id, def.text, {}, {}};
        complete(def.items, empty.items);
        out.push_back(std::move(empty));
    }
    level = std::move(out);
}

bool has_answers(const ResponseItem& r) {
    if (!r.answers.empty()) return true;
    for (const ResponseItem& c : r.items)
        if (has_answers(c)) return true;
    return false;
}

struct Judge {
    std::vector<ValidationIssue>& issues;

    void level(const std::vector<Item>& defs, const std::vector<ResponseItem>& items) {
        for (const Item& def : defs) {
            int count = 0;
            for (const ResponseItem& r : items) {
                if (r.link_id != def.link_id) continue;
                ++count;
                one(def, r);
            }
            if (count > 1 && !def.repeats)
                issues.push_back({def.link_id, "This section does not repeat, but it was given " + std::to_string(count) + " times."});
        }
    }

    void one(const Item& def, const ResponseItem& r) {
        if (def.type == ItemType::Group) {
            if (def.required && !has_answers(r)) issues.push_back({def.link_id, "This section needs at least one answer."});
            level(def.items, r.items);
            return;
        }
        if (r.answers.empty() && def.required) issues.push_back({def.link_id, "An answer is required."});
        if (r.answers.size() > 1 && !def.repeats)
            issues.push_back({def.link_id, "This question takes one answer, but it was given " + std::to_string(r.answers.size()) + "."});
        for (const ResponseAnswer& a : r.answers) {
            if (auto ok = validate_answer(def, a.value); !ok) issues.push_back({def.link_id, ok.error().message});
            level(def.items, a.items);
        }
        level(def.items, r.items);
    }
};

// Every answered question the form does not enable, in response order (form order once aligned).
void report_disabled_answers(const std::vector<ResponseItem>& items, const std::set<const ResponseItem*>& off,
                             std::vector<ValidationIssue>& issues) {
    for (const ResponseItem& r : items) {
        if (!r.answers.empty() && off.count(&r))
            issues.push_back({r.link_id, "This question is not asked after the other answers given, so its answer was not counted.",
                              kAnswerUnderDisabledItem});
        for (const ResponseAnswer& a : r.answers) report_disabled_answers(a.items, off, issues);
        report_disabled_answers(r.items, off, issues);
    }
}

std::vector<ValidationIssue> validate(const Questionnaire& q, const QuestionnaireResponse& response, bool stale_is_issue) {
    std::vector<ValidationIssue> issues;
    QuestionnaireResponse aligned = align_response(q, response, &issues);
    if (stale_is_issue) report_disabled_answers(aligned.items, not_enabled_items(q, aligned), issues);
    complete(q.items, aligned.items);
    const QuestionnaireResponse enabled = drop_disabled(q, aligned);
    Judge{issues}.level(q.items, enabled.items);
    return issues;
}

} // namespace

std::vector<ValidationIssue> validate_response(const Questionnaire& q, const QuestionnaireResponse& response) {
    return validate(q, response, /*stale_is_issue=*/true);
}

std::vector<ValidationIssue> validate_answers(const Questionnaire& q, const Answers& answers) {
    // The journey keeps an answer whose question a later change hid, so it comes back if the person
    // changes their mind; it is never sent (build_response drops it), so it is no problem here.
    return validate(q, response_from_answers(q, answers, {}), /*stale_is_issue=*/false);
}

} // namespace selfdirect::core
