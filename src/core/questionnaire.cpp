// Walks the Questionnaire model: the screens, the response builder and the scorer all need items in
// order and options by value.
#include "core/questionnaire.h"

namespace selfdirect::core {
namespace {

void collect(const std::vector<Item>& items, std::vector<const Item*>& out) {
    for (const Item& item : items) {
        if (takes_answers(item)) out.push_back(&item);
        collect(item.items, out);
    }
}

const Item* find_in(const std::vector<Item>& items, const std::string& link_id) {
    for (const Item& item : items) {
        if (item.link_id == link_id) return &item;
        if (const Item* child = find_in(item.items, link_id)) return child;
    }
    return nullptr;
}

} // namespace

std::vector<const Item*> answerable_items(const Questionnaire& q) {
    std::vector<const Item*> out;
    collect(q.items, out);
    return out;
}

const Item* find_item(const Questionnaire& q, const std::string& link_id) { return find_in(q.items, link_id); }

bool takes_answers(const Item& item) {
    return item.type != ItemType::Group && item.type != ItemType::Display && item.type != ItemType::Unsupported;
}

const AnswerOption* find_option(const Item& item, const AnswerValue& value) {
    const auto* coding = std::get_if<Coding>(&value);
    for (const AnswerOption& o : item.options) {
        if (coding) {
            const auto* oc = std::get_if<Coding>(&o.value);
            if (oc && oc->code == coding->code && (oc->system == coding->system || coding->system.empty())) return &o;
        } else if (o.value == value) {
            return &o;
        }
    }
    return nullptr;
}

const char* item_type_name(ItemType type) {
    switch (type) {
    case ItemType::Group: return "group";
    case ItemType::Display: return "display";
    case ItemType::Boolean: return "boolean";
    case ItemType::Decimal: return "decimal";
    case ItemType::Integer: return "integer";
    case ItemType::Date: return "date";
    case ItemType::DateTime: return "dateTime";
    case ItemType::Time: return "time";
    case ItemType::String: return "string";
    case ItemType::Text: return "text";
    case ItemType::Choice: return "choice";
    case ItemType::OpenChoice: return "open-choice";
    case ItemType::Unsupported: return "unsupported";
    }
    return "unknown";
}

const char* enable_operator_name(EnableOperator op) {
    switch (op) {
    case EnableOperator::Exists: return "exists";
    case EnableOperator::Equal: return "=";
    case EnableOperator::NotEqual: return "!=";
    case EnableOperator::Greater: return ">";
    case EnableOperator::Less: return "<";
    case EnableOperator::GreaterOrEqual: return ">=";
    case EnableOperator::LessOrEqual: return "<=";
    }
    return "?";
}

} // namespace selfdirect::core
