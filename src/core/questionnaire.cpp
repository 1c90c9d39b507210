// Walks the Questionnaire model: the screens and the response builder both need items in order.
#include "core/questionnaire.h"

namespace selfdirect::core {
namespace {

void collect(const std::vector<Item>& items, std::vector<const Item*>& out) {
    for (const Item& item : items) {
        if (item.type != ItemType::Group && item.type != ItemType::Display) out.push_back(&item);
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

const char* item_type_name(ItemType type) {
    switch (type) {
    case ItemType::Group: return "group";
    case ItemType::Display: return "display";
    case ItemType::Boolean: return "boolean";
    case ItemType::String: return "string";
    case ItemType::Text: return "text";
    case ItemType::Choice: return "choice";
    case ItemType::Integer: return "integer";
    case ItemType::Decimal: return "decimal";
    }
    return "unknown";
}

} // namespace selfdirect::core
