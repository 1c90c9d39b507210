// Dropping what the form does not enable from a response's JSON (see response_enabled_json.h): a
// lenient mirror of the JSON as the response model, judged by enable_when, then one walk over the
// JSON and the mirror together that removes the instances judged not enabled.
#include "core/response_enabled_json.h"

#include "core/answer_value_json.h"
#include "core/enable_when.h"

#include <set>

namespace selfdirect::core {
namespace {

using nlohmann::json;

// As parse_questionnaire_response: deeper than any form allows is a broken or hostile file.
constexpr int kMaxDepth = 64;

// The JSON entries that become model items, in the mirror and in the walk alike.
bool mirrored(const json& entry) {
    if (!entry.is_object()) return false;
    const auto id = entry.find("linkId");
    return id != entry.end() && id->is_string();
}

std::vector<ResponseItem> mirror_items(const json& owner, int depth);

ResponseItem mirror_item(const json& j, int depth) {
    ResponseItem item{j.at("linkId").get<std::string>(), {}, {}, mirror_items(j, depth + 1)};
    const auto answers = j.find("answer");
    if (answers == j.end() || !answers->is_array()) return item;
    for (const json& a : *answers) {
        if (!a.is_object()) continue;
        // An answer the engine cannot read still holds its place, so its nested items line up.
        auto value = read_value_x(a, "value", /*keep_other=*/true);
        AnswerValue v = value && *value ? std::move(**value) : AnswerValue{OtherValue{}};
        item.answers.push_back({std::move(v), mirror_items(a, depth + 1)});
    }
    return item;
}

std::vector<ResponseItem> mirror_items(const json& owner, int depth) {
    std::vector<ResponseItem> out;
    const auto list = owner.find("item");
    if (depth > kMaxDepth || list == owner.end() || !list->is_array()) return out;
    for (const json& entry : *list)
        if (mirrored(entry)) out.push_back(mirror_item(entry, depth));
    return out;
}

struct Pruner {
    const std::set<const ResponseItem*>& off;

    void items(json& owner, const std::vector<ResponseItem>& mirror, int depth) {
        const auto list = owner.find("item");
        if (list == owner.end() || !list->is_array()) return;
        if (depth > kMaxDepth) {
            owner.erase("item");
            return;
        }
        json kept = json::array();
        std::size_t m = 0;
        for (json& entry : *list) {
            if (!mirrored(entry)) {
                kept.push_back(std::move(entry));
                continue;
            }
            const ResponseItem& r = mirror[m++];
            if (off.count(&r)) continue;
            if (const auto answers = entry.find("answer"); answers != entry.end() && answers->is_array()) {
                std::size_t k = 0;
                for (json& a : *answers)
                    if (a.is_object()) items(a, r.answers[k++].items, depth + 1);
            }
            items(entry, r.items, depth + 1);
            kept.push_back(std::move(entry));
        }
        *list = std::move(kept);
    }
};

} // namespace

json enabled_response_json(const Questionnaire& q, const json& response) {
    if (!response.is_object()) return response;
    QuestionnaireResponse mirror;
    mirror.items = mirror_items(response, 0);
    const std::set<const ResponseItem*> off = not_enabled_items(q, mirror);
    json out = response;
    Pruner{off}.items(out, mirror.items, 0);
    return out;
}

} // namespace selfdirect::core
