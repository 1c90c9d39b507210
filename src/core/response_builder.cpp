// QuestionnaireResponse JSON from a Questionnaire and its answers.
#include "core/response_builder.h"

#include <nlohmann/json.hpp>

namespace selfdirect::core {
namespace {

using nlohmann::json;

json build_items(const std::vector<Item>& items, const Answers& answers) {
    json out = json::array();
    for (const Item& item : items) {
        if (item.type == ItemType::Display) continue;
        json node = {{"linkId", item.link_id}};
        if (!item.text.empty()) node["text"] = item.text;
        if (item.type == ItemType::Group) {
            json children = build_items(item.items, answers);
            if (children.empty()) continue;
            node["item"] = std::move(children);
        } else {
            auto it = answers.find(item.link_id);
            if (it == answers.end()) continue;
            node["answer"] = json::array({json::parse(answer_to_json(it->second))});
        }
        out.push_back(std::move(node));
    }
    return out;
}

} // namespace

std::string build_questionnaire_response(const Questionnaire& q, const Answers& answers, const ResponseMeta& meta) {
    json r = {{"resourceType", "QuestionnaireResponse"}};
    if (!meta.id.empty()) r["id"] = meta.id;
    std::string canonical = q.url.empty() ? "Questionnaire/" + q.id : q.url;
    if (!q.version.empty()) canonical += "|" + q.version;
    r["questionnaire"] = canonical;
    r["status"] = meta.status;
    if (!meta.authored.empty()) r["authored"] = meta.authored;
    r["item"] = build_items(q.items, answers);
    return r.dump();
}

} // namespace selfdirect::core
