// QuestionnaireResponse JSON writing and reading (see response_json.h).
#include "core/response_json.h"

#include "core/answer_value_json.h"

#include <nlohmann/json.hpp>

namespace selfdirect::core {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 64; // deeper than any form allows: a broken or hostile file

json items_json(const std::vector<ResponseItem>& items);

json item_json(const ResponseItem& item) {
    json j = {{"linkId", item.link_id}};
    if (!item.text.empty()) j["text"] = item.text;
    if (!item.answers.empty()) {
        json answers = json::array();
        for (const ResponseAnswer& a : item.answers) {
            json aj = json::object();
            write_value_x(aj, "value", a.value);
            if (!a.items.empty()) aj["item"] = items_json(a.items);
            answers.push_back(std::move(aj));
        }
        j["answer"] = std::move(answers);
    }
    if (!item.items.empty()) j["item"] = items_json(item.items);
    return j;
}

json items_json(const std::vector<ResponseItem>& items) {
    json out = json::array();
    for (const ResponseItem& item : items) out.push_back(item_json(item));
    return out;
}

std::string member(const json& j, const char* key) {
    auto it = j.find(key);
    return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

struct Reader {
    std::string source;

    Error fail(std::string code, const std::string& what) const { return make_error(std::move(code), source + ": " + what); }

    Result<std::vector<ResponseItem>> items(const json& owner, int depth) {
        std::vector<ResponseItem> out;
        auto list = owner.find("item");
        if (list == owner.end()) return out;
        if (!list->is_array()) return fail("response.item", "'item' must be a list");
        if (depth > kMaxDepth) return fail("response.item", "items are nested too deeply");
        for (const json& j : *list) {
            auto item = read_item(j, depth);
            if (!item) return item.error();
            out.push_back(std::move(*item));
        }
        return out;
    }

    Result<ResponseItem> read_item(const json& j, int depth) {
        if (!j.is_object()) return fail("response.item", "an entry of 'item' is not an object");
        ResponseItem item;
        item.link_id = member(j, "linkId");
        if (item.link_id.empty()) return fail("response.item", "an item has no linkId");
        item.text = member(j, "text");
        if (auto answers = j.find("answer"); answers != j.end()) {
            if (!answers->is_array()) return fail("response.item", "item '" + item.link_id + "': 'answer' must be a list");
            for (const json& a : *answers) {
                auto value = read_value_x(a, "value", true);
                if (!value) return fail("response.item", "item '" + item.link_id + "': " + value.error().message);
                if (!*value) return fail("response.item", "item '" + item.link_id + "' has an answer without a value");
                auto nested = items(a, depth + 1);
                if (!nested) return nested.error();
                item.answers.push_back({std::move(**value), std::move(*nested)});
            }
        }
        auto children = items(j, depth + 1);
        if (!children) return children.error();
        item.items = std::move(*children);
        return item;
    }
};

} // namespace

std::string response_to_json(const QuestionnaireResponse& r) {
    json j = {{"resourceType", "QuestionnaireResponse"}};
    if (!r.id.empty()) j["id"] = r.id;
    if (!r.questionnaire.empty()) j["questionnaire"] = r.questionnaire;
    j["status"] = r.status.empty() ? "completed" : r.status;
    if (!r.authored.empty()) j["authored"] = r.authored;
    if (!r.items.empty()) j["item"] = items_json(r.items);
    return dump_json(j);
}

Result<QuestionnaireResponse> parse_questionnaire_response(std::string_view json_text, std::string_view source_name) {
    Reader reader{std::string(source_name)};
    if (json_text.substr(0, 3) == "\xEF\xBB\xBF") json_text.remove_prefix(3);
    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::parse_error& e) {
        return reader.fail("response.json", "not valid JSON at byte " + std::to_string(e.byte) + ": " + e.what());
    } catch (const json::exception& e) {
        return reader.fail("response.json", std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object() || member(doc, "resourceType") != "QuestionnaireResponse")
        return reader.fail("response.not_questionnaire_response", "resourceType is not \"QuestionnaireResponse\"");
    QuestionnaireResponse r;
    r.id = member(doc, "id");
    r.questionnaire = member(doc, "questionnaire");
    r.status = member(doc, "status");
    if (r.status.empty()) return reader.fail("response.item", "a QuestionnaireResponse needs a status");
    r.authored = member(doc, "authored");
    auto items = reader.items(doc, 0);
    if (!items) return items.error();
    r.items = std::move(*items);
    return r;
}

} // namespace selfdirect::core
