// FHIR R4 Questionnaire JSON -> model, with errors that name the file and the culprit so a council
// administrator can fix a broken form definition without reading code.
#include "core/questionnaire_parser.h"

#include "core/questionnaire_checks.h"
#include "core/questionnaire_extensions.h"
#include "core/questionnaire_item_parser.h"
#include "core/questionnaire_value_sets.h"

#include <nlohmann/json.hpp>

namespace selfdirect::core {
namespace {

using nlohmann::json;

// An item inside an unsupported one cannot be reached either: it is unsupported too, with a reason
// naming the outer item. Collects Questionnaire::unsupported in document order.
void mark_unsupported(std::vector<Item>& items, const std::map<std::string, std::string>& reasons,
                      const std::string& outer, std::vector<UnsupportedItem>& out) {
    for (Item& item : items) {
        if (item.type == ItemType::Unsupported) {
            out.push_back({item.link_id, reasons.at(item.link_id)});
            mark_unsupported(item.items, reasons, item.link_id, out);
        } else if (!outer.empty()) {
            item.type = ItemType::Unsupported;
            out.push_back({item.link_id, "it is inside unsupported item '" + outer + "'"});
            mark_unsupported(item.items, reasons, outer, out);
        } else {
            mark_unsupported(item.items, reasons, outer, out);
        }
    }
}

} // namespace

Result<Questionnaire> parse_questionnaire(std::string_view json_text, std::string_view source_name) {
    const std::string source(source_name);
    auto fail = [&](std::string code, const std::string& what) { return make_error(std::move(code), source + ": " + what); };
    // Files saved by some Windows editors start with a UTF-8 byte-order mark; FHIR JSON never needs it.
    if (json_text.substr(0, 3) == "\xEF\xBB\xBF") json_text.remove_prefix(3);

    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::parse_error& e) {
        // Exceptions stop here: callers get a value naming the file and the byte where it broke.
        return fail("form.json", "not valid JSON at byte " + std::to_string(e.byte) + ": " + e.what());
    } catch (const json::exception& e) {
        // A number too big for a double (1e400) is an out_of_range error, not a parse_error, and
        // would otherwise escape and stop the app (found by fuzz_questionnaire).
        return fail("form.json", std::string("not valid JSON: ") + e.what());
    }
    return parse_questionnaire_json(doc, source_name);
}

Result<Questionnaire> parse_questionnaire_json(const nlohmann::json& doc, std::string_view source_name) {
    const std::string source(source_name);
    auto fail = [&](std::string code, const std::string& what) { return make_error(std::move(code), source + ": " + what); };
    if (!doc.is_object() || ext::string_member(doc, "resourceType") != "Questionnaire")
        return fail("form.not_questionnaire", "resourceType is not \"Questionnaire\"");

    auto value_sets = read_contained_value_sets(doc, source);
    if (!value_sets) return value_sets.error();

    Questionnaire q;
    q.id = ext::string_member(doc, "id");
    q.url = ext::string_member(doc, "url");
    q.version = ext::string_member(doc, "version");
    q.title = ext::string_member(doc, "title");
    q.title_translations = ext::translations(doc, "title");
    q.variables = ext::variables(doc);
    ItemParser parser{source, *value_sets, {}, {}};
    if (auto items = doc.find("item"); items != doc.end()) {
        if (!items->is_array()) return fail("form.item", "'item' must be a list");
        for (const auto& j : *items) {
            auto item = parser.parse(j);
            if (!item) return item.error();
            q.items.push_back(std::move(*item));
        }
    }
    mark_unsupported(q.items, parser.unsupported_reasons, "", q.unsupported);
    if (auto checked = check_enable_when(q, source); !checked) return checked.error();
    return q;
}

} // namespace selfdirect::core
