// Parses one Questionnaire item (and its children) into the model. Internal to the Questionnaire
// parser. Broken definitions are Errors naming the file and the item; things the engine does not
// support make the item ItemType::Unsupported with a reason, and the form still loads.
#pragma once

#include "core/questionnaire.h"
#include "core/questionnaire_value_sets.h"
#include "core/result.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>

namespace selfdirect::core {

struct ItemParser {
    std::string source;
    const ContainedValueSets& value_sets;
    std::set<std::string> seen_link_ids;
    std::map<std::string, std::string> unsupported_reasons; // linkId -> why
    int depth = 0;                                          // nesting, bounded so recursion cannot overflow

    Error fail(std::string code, const std::string& what) const { return make_error(std::move(code), source + ": " + what); }
    Result<Item> parse(const nlohmann::json& j);

private:
    Result<void> read_flags(const nlohmann::json& j, Item& item);
    Result<void> read_extensions(const nlohmann::json& j, Item& item);
    Result<void> read_options(const nlohmann::json& j, Item& item);
    Result<void> read_initial(const nlohmann::json& j, Item& item);
    Result<void> read_enable_when(const nlohmann::json& j, Item& item);
    void refuse(Item& item, const std::string& reason);
    // A value of an unsupported kind refuses the item; a malformed one (a Coding without a code) fails the form.
    Result<void> refuse_or_fail(Item& item, const Error& e, const std::string& where);
};

} // namespace selfdirect::core
