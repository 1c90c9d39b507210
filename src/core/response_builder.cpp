// QuestionnaireResponse building and the flat-map conversions (see response_builder.h).
#include "core/response_builder.h"

#include "core/enable_when.h"
#include "core/response_align.h"
#include "core/response_json.h"

#include <utility>

namespace selfdirect::core {
namespace {

std::vector<ResponseItem> from_answers(const std::vector<Item>& items, const Answers& answers) {
    std::vector<ResponseItem> out;
    for (const Item& item : items) {
        if (item.type == ItemType::Display || item.type == ItemType::Unsupported) continue;
        ResponseItem r{item.link_id, item.text, {}, from_answers(item.items, answers)};
        auto it = takes_answers(item) ? answers.find(item.link_id) : answers.end();
        // FHIR nests a question's sub-items under its answer, and, with no answer to hang them
        // on, directly under the item (qrs-1 allows that).
        if (it != answers.end()) r.answers.push_back({it->second, std::exchange(r.items, {})});
        if (!r.answers.empty() || !r.items.empty()) out.push_back(std::move(r));
    }
    return out;
}

// Dropping disabled items can leave a group, or a question's item holding only nested items,
// with nothing in it; FHIR wants no empty items in a response.
std::vector<ResponseItem> prune_empty(std::vector<ResponseItem> items) {
    std::vector<ResponseItem> out;
    for (ResponseItem& item : items) {
        item.items = prune_empty(std::move(item.items));
        for (ResponseAnswer& a : item.answers) a.items = prune_empty(std::move(a.items));
        if (!item.answers.empty() || !item.items.empty()) out.push_back(std::move(item));
    }
    return out;
}

void first_answers(const Questionnaire& q, const std::vector<ResponseItem>& items, Answers& out) {
    for (const ResponseItem& r : items) {
        const Item* def = find_item(q, r.link_id);
        if (def && takes_answers(*def) && !r.answers.empty()) out.emplace(r.link_id, r.answers.front().value);
        for (const ResponseAnswer& a : r.answers) first_answers(q, a.items, out);
        first_answers(q, r.items, out);
    }
}

} // namespace

std::string questionnaire_canonical(const Questionnaire& q) {
    std::string canonical = q.url.empty() ? "Questionnaire/" + q.id : q.url;
    if (!q.version.empty()) canonical += "|" + q.version;
    return canonical;
}

QuestionnaireResponse build_response(const Questionnaire& q, const QuestionnaireResponse& draft) {
    QuestionnaireResponse out = drop_disabled(q, align_response(q, draft, nullptr));
    out.items = prune_empty(std::move(out.items));
    return out;
}

QuestionnaireResponse response_from_answers(const Questionnaire& q, const Answers& answers, const ResponseMeta& meta) {
    QuestionnaireResponse r;
    r.id = meta.id;
    r.questionnaire = questionnaire_canonical(q);
    r.status = meta.status;
    r.authored = meta.authored;
    r.items = from_answers(q.items, answers);
    return r;
}

Answers answers_from_response(const Questionnaire& q, const QuestionnaireResponse& response) {
    Answers out;
    first_answers(q, response.items, out);
    return out;
}

std::string build_questionnaire_response(const Questionnaire& q, const Answers& answers, const ResponseMeta& meta) {
    return response_to_json(build_response(q, response_from_answers(q, answers, meta)));
}

} // namespace selfdirect::core
