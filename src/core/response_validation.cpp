// Response validation (see response_validation.h). Three steps: align with the form (reporting
// what does not belong), add an empty instance for every item that should be present, drop what is
// not enabled; then judge what is left.
#include "core/response_validation.h"

#include "core/enable_when.h"
#include "core/response_align.h"
#include "core/response_builder.h"

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

} // namespace

std::vector<ValidationIssue> validate_response(const Questionnaire& q, const QuestionnaireResponse& response) {
    std::vector<ValidationIssue> issues;
    QuestionnaireResponse aligned = align_response(q, response, &issues);
    complete(q.items, aligned.items);
    const QuestionnaireResponse enabled = drop_disabled(q, aligned);
    Judge{issues}.level(q.items, enabled.items);
    return issues;
}

std::vector<ValidationIssue> validate_answers(const Questionnaire& q, const Answers& answers) {
    return validate_response(q, response_from_answers(q, answers, {}));
}

} // namespace selfdirect::core
