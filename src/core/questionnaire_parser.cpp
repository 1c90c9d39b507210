// FHIR R4 Questionnaire JSON -> model, with errors that name the file and the culprit so a council
// administrator can fix a broken form definition without reading code.
#include "core/questionnaire_parser.h"

#include <nlohmann/json.hpp>

#include <set>

namespace selfdirect::core {
namespace {

using nlohmann::json;

struct Parser {
    std::string source;
    std::set<std::string> seen_link_ids;

    Error fail(std::string code, const std::string& what) { return make_error(std::move(code), source + ": " + what); }

    static std::string string_or_empty(const json& j, const char* key) {
        auto it = j.find(key);
        return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
    }

    Result<ItemType> parse_type(const std::string& type, const std::string& link_id) {
        static constexpr struct { const char* name; ItemType type; } kTypes[] = {
            {"group", ItemType::Group},     {"display", ItemType::Display}, {"boolean", ItemType::Boolean},
            {"string", ItemType::String},   {"text", ItemType::Text},       {"choice", ItemType::Choice},
            {"integer", ItemType::Integer}, {"decimal", ItemType::Decimal},
        };
        for (const auto& t : kTypes)
            if (type == t.name) return t.type;
        return fail("form.item", "item '" + link_id + "' has type '" + type + "', which this version does not support");
    }

    // SDC scores an option with the ordinalValue (R4) or itemWeight (R5 backport) extension, on the
    // answerOption itself or on its Coding.
    static std::optional<double> score_extension(const json& element) {
        auto ext = element.find("extension");
        if (ext == element.end() || !ext->is_array()) return std::nullopt;
        for (const json& e : *ext) {
            if (!e.is_object()) continue;
            const std::string url = string_or_empty(e, "url");
            if (url != "http://hl7.org/fhir/StructureDefinition/ordinalValue" &&
                url != "http://hl7.org/fhir/StructureDefinition/itemWeight")
                continue;
            if (auto v = e.find("valueDecimal"); v != e.end() && v->is_number()) return v->get<double>();
            if (auto v = e.find("valueInteger"); v != e.end() && v->is_number_integer()) return v->get<double>();
        }
        return std::nullopt;
    }

    Result<AnswerOption> parse_option(const json& option, const std::string& link_id) {
        if (auto coding = option.find("valueCoding"); coding != option.end() && coding->is_object()) {
            AnswerOption out{string_or_empty(*coding, "system"), string_or_empty(*coding, "code"),
                             string_or_empty(*coding, "display"), score_extension(option)};
            if (!out.score) out.score = score_extension(*coding);
            if (out.code.empty()) return fail("form.item", "item '" + link_id + "' has an answerOption without a code");
            if (out.display.empty()) out.display = out.code;
            return out;
        }
        if (auto text = option.find("valueString"); text != option.end() && text->is_string())
            return AnswerOption{"", text->get<std::string>(), text->get<std::string>(), score_extension(option)};
        return fail("form.item", "item '" + link_id + "' has an answerOption that is neither valueCoding nor valueString");
    }

    Result<Item> parse_item(const json& j) {
        if (!j.is_object()) return fail("form.item", "an entry of 'item' is not an object");
        Item item;
        item.link_id = string_or_empty(j, "linkId");
        if (item.link_id.empty()) return fail("form.item", "an item has no linkId");
        if (!seen_link_ids.insert(item.link_id).second)
            return fail("form.duplicate_link_id", "linkId '" + item.link_id + "' is used by more than one item");
        item.text = string_or_empty(j, "text");
        auto type = parse_type(string_or_empty(j, "type"), item.link_id);
        if (!type) return type.error();
        item.type = *type;
        if (auto req = j.find("required"); req != j.end()) {
            if (!req->is_boolean()) return fail("form.item", "item '" + item.link_id + "': 'required' must be true or false");
            item.required = req->get<bool>();
        }
        if (auto options = j.find("answerOption"); options != j.end()) {
            if (!options->is_array()) return fail("form.item", "item '" + item.link_id + "': 'answerOption' must be a list");
            for (const json& o : *options) {
                auto option = parse_option(o, item.link_id);
                if (!option) return option.error();
                item.options.push_back(std::move(*option));
            }
        }
        if (item.type == ItemType::Choice && item.options.empty())
            return fail("form.item", "choice item '" + item.link_id + "' has no answerOption");
        if (auto children = j.find("item"); children != j.end()) {
            if (!children->is_array()) return fail("form.item", "item '" + item.link_id + "': 'item' must be a list");
            for (const json& c : *children) {
                auto child = parse_item(c);
                if (!child) return child.error();
                item.items.push_back(std::move(*child));
            }
        }
        return item;
    }
};

} // namespace

Result<Questionnaire> parse_questionnaire(std::string_view json_text, std::string_view source) {
    Parser parser{std::string(source), {}};
    // Files saved by some Windows editors start with a UTF-8 byte-order mark; FHIR JSON never needs it.
    if (json_text.substr(0, 3) == "\xEF\xBB\xBF") json_text.remove_prefix(3);

    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::parse_error& e) {
        // Exceptions stop here: callers get a value naming the file and the byte where it broke.
        return parser.fail("form.json", "not valid JSON at byte " + std::to_string(e.byte) + ": " + e.what());
    } catch (const json::exception& e) {
        // A number too big for a double (1e400) is an out_of_range error, not a parse_error, and
        // would otherwise escape and stop the app (found by fuzz_questionnaire).
        return parser.fail("form.json", std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object() || Parser::string_or_empty(doc, "resourceType") != "Questionnaire")
        return parser.fail("form.not_questionnaire", "resourceType is not \"Questionnaire\"");

    Questionnaire q;
    q.id = Parser::string_or_empty(doc, "id");
    q.url = Parser::string_or_empty(doc, "url");
    q.version = Parser::string_or_empty(doc, "version");
    q.title = Parser::string_or_empty(doc, "title");
    if (auto items = doc.find("item"); items != doc.end()) {
        if (!items->is_array()) return parser.fail("form.item", "'item' must be a list");
        for (const auto& j : *items) {
            auto item = parser.parse_item(j);
            if (!item) return item.error();
            q.items.push_back(std::move(*item));
        }
    }
    return q;
}

} // namespace selfdirect::core
