// Aligning a response with its Questionnaire (see response_align.h).
#include "core/response_align.h"

namespace selfdirect::core {
namespace {

struct Aligner {
    std::vector<ValidationIssue>* dropped;

    void report(const std::string& link_id, std::string message) {
        if (dropped) dropped->push_back({link_id, std::move(message)});
    }

    std::vector<ResponseItem> level(const std::vector<Item>& defs, const std::vector<ResponseItem>& draft) {
        std::vector<ResponseItem> out;
        for (const ResponseItem& d : draft) {
            bool known = false;
            for (const Item& def : defs) known = known || def.link_id == d.link_id;
            if (!known) report(d.link_id, "This item is not part of the form at this place, so it was left out.");
        }
        for (const Item& def : defs)
            for (const ResponseItem& d : draft)
                if (d.link_id == def.link_id)
                    if (auto item = one(def, d); !item.answers.empty() || !item.items.empty()) out.push_back(std::move(item));
        return out;
    }

    ResponseItem one(const Item& def, const ResponseItem& d) {
        ResponseItem out{def.link_id, def.text, {}, {}};
        switch (def.type) {
        case ItemType::Unsupported:
            return out;
        case ItemType::Display:
            if (!d.answers.empty() || !d.items.empty()) report(def.link_id, "A display item takes no answers, so they were left out.");
            return out;
        case ItemType::Group:
            if (!d.answers.empty()) report(def.link_id, "A group takes no answers, so they were left out.");
            out.items = level(def.items, d.items);
            return out;
        default:
            for (const ResponseAnswer& a : d.answers) out.answers.push_back({a.value, level(def.items, a.items)});
            out.items = level(def.items, d.items);
            return out;
        }
    }
};

} // namespace

QuestionnaireResponse align_response(const Questionnaire& q, const QuestionnaireResponse& draft, std::vector<ValidationIssue>* dropped) {
    QuestionnaireResponse out = draft;
    Aligner aligner{dropped};
    out.items = aligner.level(q.items, draft.items);
    return out;
}

} // namespace selfdirect::core
