// The in-memory model of a FHIR R4 Questionnaire: what the form engine, the scorer and the screens
// read. Immutable once parsed. The walking skeleton (issue 2) supports the item types a kiosk form
// needs first; issue 3 grows the supported subset (docs/configuration.md lists it).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace selfdirect::core {

enum class ItemType { Group, Display, Boolean, String, Text, Choice, Integer, Decimal };

struct AnswerOption {
    std::string system;   // empty for valueString options
    std::string code;
    std::string display;
    std::optional<double> score; // ordinalValue / itemWeight extension, when the form scores this option
};

struct Item {
    std::string link_id;
    std::string text;
    ItemType type = ItemType::Display;
    bool required = false;
    std::vector<AnswerOption> options;
    std::vector<Item> items;  // children (groups)
};

struct Questionnaire {
    std::string id;       // resource id, e.g. "SKEL-1"
    std::string url;
    std::string version;
    std::string title;
    std::vector<Item> items;
};

// Items a person answers, in document order, depth first (groups and display items excluded).
std::vector<const Item*> answerable_items(const Questionnaire& q);
const Item* find_item(const Questionnaire& q, const std::string& link_id);

const char* item_type_name(ItemType type);

} // namespace selfdirect::core
