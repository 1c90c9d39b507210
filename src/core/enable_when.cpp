// enableWhen evaluation (see enable_when.h). Works on item instances, so repeating groups are
// judged one instance at a time. The parser refused cycles, so the recursion below ends.
#include "core/enable_when.h"

#include "core/answer_compare.h"

#include <algorithm>
#include <deque>
#include <map>

namespace selfdirect::core {
namespace {

struct Instance {
    const Item* def = nullptr;
    const ResponseItem* src = nullptr;
    Instance* parent = nullptr;
    enum class State { Unknown, Computing, On, Off } state = State::Unknown;
    enum class Asked { Unknown, Yes, No } asked = Asked::Unknown; // Evaluator::asked, once per instance
};

// The form's tree, by linkId: each item and its parent item.
struct Defs {
    std::map<std::string, std::pair<const Item*, const Item*>> by_id; // linkId -> {item, parent}

    void index(const std::vector<Item>& items, const Item* parent) {
        for (const Item& item : items) {
            by_id[item.link_id] = {&item, parent};
            index(item.items, &item);
        }
    }
    const Item* parent_of(const Item* item) const { return by_id.at(item->link_id).second; }
    std::vector<const Item*> chain(const Item* item) const { // the item, then its ancestors
        std::vector<const Item*> out;
        for (; item; item = parent_of(item)) out.push_back(item);
        return out;
    }
};

class Evaluator {
public:
    Evaluator(const Questionnaire& q, const QuestionnaireResponse& r) {
        defs_.index(q.items, nullptr);
        for (const ResponseItem& item : r.items) add(item, nullptr);
    }

    // An item that is not of the form (the caller did not align the response) is never enabled.
    bool enabled(const ResponseItem* src) {
        auto it = by_src_.find(src);
        return it != by_src_.end() && enabled(*it->second);
    }
    std::deque<Instance>& instances() { return instances_; }
    bool enabled(Instance& x) {
        if (x.state == Instance::State::On) return true;
        if (x.state != Instance::State::Unknown) return false; // Off, or a cycle the parser let through
        x.state = Instance::State::Computing;
        const bool on = x.def->type != ItemType::Unsupported && (!x.parent || enabled(*x.parent)) && conditions_hold(x);
        x.state = on ? Instance::State::On : Instance::State::Off;
        return on;
    }

    // An unsupported item is never enabled (it takes no answers), but the kiosk still shows its page
    // when it would be enabled were it supported, so the person knows a worker will ask about it.
    bool would_show(Instance& x) {
        return x.def->type == ItemType::Unsupported && (!x.parent || enabled(*x.parent)) && conditions_hold(x);
    }

    // Whether the form enables this instance, whatever its type: its conditions and every
    // ancestor's hold. For a supported item under supported ones this is enabled(); unlike
    // enabled(), it keeps an unsupported item (a valueQuantity answer) the form asks for.
    bool asked(Instance& x) {
        if (x.asked == Instance::Asked::Unknown)
            x.asked = (!x.parent || asked(*x.parent)) && conditions_hold(x) ? Instance::Asked::Yes : Instance::Asked::No;
        return x.asked == Instance::Asked::Yes;
    }

private:
    Defs defs_;
    std::deque<Instance> instances_;
    std::map<const ResponseItem*, Instance*> by_src_;
    std::map<std::string, std::vector<Instance*>> by_link_id_;

    void add(const ResponseItem& item, Instance* parent) {
        auto def = defs_.by_id.find(item.link_id);
        if (def == defs_.by_id.end()) return; // not of this form: align_response leaves none
        Instance& x = instances_.emplace_back(Instance{def->second.first, &item, parent});
        by_src_[&item] = &x;
        by_link_id_[item.link_id].push_back(&x);
        for (const ResponseAnswer& a : item.answers)
            for (const ResponseItem& child : a.items) add(child, &x);
        for (const ResponseItem& child : item.items) add(child, &x);
    }

    static bool within(const Instance* x, const Instance* scope) {
        for (; x; x = x->parent)
            if (x == scope) return true;
        return false;
    }

    // The answers of `question` that `x` sees: those in the nearest instance of the lowest item the
    // two share in the form's tree (the whole response when they share none).
    std::vector<AnswerValue> answers_seen(const Instance& x, const std::string& question) {
        std::vector<AnswerValue> out;
        auto target = defs_.by_id.find(question);
        if (target == defs_.by_id.end()) return out;
        const auto mine = defs_.chain(x.def);
        const Item* shared = nullptr;
        for (const Item* a : defs_.chain(target->second.first)) {
            if (std::find(mine.begin(), mine.end(), a) != mine.end()) {
                shared = a;
                break;
            }
        }
        const Instance* scope = nullptr;
        if (shared)
            for (const Instance* s = &x; s; s = s->parent)
                if (s->def == shared) { scope = s; break; }
        for (Instance* t : by_link_id_[question]) {
            if (scope && !within(t, scope)) continue;
            if (!enabled(*t)) continue;
            for (const ResponseAnswer& a : t->src->answers) out.push_back(a.value);
        }
        return out;
    }

    bool conditions_hold(const Instance& x) {
        const auto& conditions = x.def->enable_when;
        if (conditions.empty()) return true;
        const bool any = x.def->enable_behavior == EnableBehavior::Any;
        for (const EnableWhen& c : conditions) {
            const bool holds = enable_when_holds(c, answers_seen(x, c.question));
            if (any && holds) return true;
            if (!any && !holds) return false;
        }
        return !any;
    }
};

std::vector<ResponseItem> keep_enabled(Evaluator& e, const std::vector<ResponseItem>& items) {
    std::vector<ResponseItem> out;
    for (const ResponseItem& item : items) {
        if (!e.enabled(&item)) continue;
        ResponseItem copy{item.link_id, item.text, {}, keep_enabled(e, item.items)};
        for (const ResponseAnswer& a : item.answers) copy.answers.push_back({a.value, keep_enabled(e, a.items)});
        out.push_back(std::move(copy));
    }
    return out;
}

// One instance of every item, answered from the flat map: children of an answered question sit
// under its answer, as in a real response.
std::vector<ResponseItem> skeleton(const std::vector<Item>& items, const Answers& answers) {
    std::vector<ResponseItem> out;
    for (const Item& item : items) {
        ResponseItem r{item.link_id, {}, {}, skeleton(item.items, answers)};
        if (auto it = answers.find(item.link_id); it != answers.end() && takes_answers(item)) {
            r.answers.push_back({it->second, std::move(r.items)});
            r.items.clear();
        }
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace

bool enable_when_holds(const EnableWhen& c, const std::vector<AnswerValue>& answers) {
    if (c.op == EnableOperator::Exists) {
        const auto* expected = std::get_if<bool>(&c.answer);
        return expected && *expected == !answers.empty();
    }
    bool any_equal = false, any_match = false;
    for (const AnswerValue& a : answers) {
        const auto cmp = compare_values(a, c.answer);
        if (!cmp) continue;
        any_equal = any_equal || *cmp == 0;
        switch (c.op) {
        case EnableOperator::Equal: any_match = any_match || *cmp == 0; break;
        case EnableOperator::Greater: any_match = any_match || *cmp > 0; break;
        case EnableOperator::Less: any_match = any_match || *cmp < 0; break;
        case EnableOperator::GreaterOrEqual: any_match = any_match || *cmp >= 0; break;
        case EnableOperator::LessOrEqual: any_match = any_match || *cmp <= 0; break;
        default: break;
        }
    }
    return c.op == EnableOperator::NotEqual ? !any_equal : any_match;
}

QuestionnaireResponse drop_disabled(const Questionnaire& q, const QuestionnaireResponse& response) {
    Evaluator e(q, response);
    QuestionnaireResponse out = response;
    out.items = keep_enabled(e, response.items);
    return out;
}

std::set<const ResponseItem*> not_enabled_items(const Questionnaire& q, const QuestionnaireResponse& response) {
    Evaluator e(q, response);
    std::set<const ResponseItem*> out;
    for (Instance& x : e.instances())
        if (!e.asked(x)) out.insert(x.src);
    return out;
}

std::set<std::string> enabled_link_ids(const Questionnaire& q, const Answers& answers) {
    QuestionnaireResponse all;
    all.items = skeleton(q.items, answers);
    Evaluator e(q, all);
    std::set<std::string> out;
    for (Instance& x : e.instances())
        if (e.enabled(x) || e.would_show(x)) out.insert(x.def->link_id);
    return out;
}

} // namespace selfdirect::core
