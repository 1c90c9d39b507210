// Dropping what the form does not enable from a response's JSON (see response_enabled_json.h): a
// lenient mirror of the JSON as the response model, judged by enable_when, then one walk over the
// JSON and the mirror together that names the instances judged not enabled, which are removed.
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

// Walks the JSON and the mirror together, noting each entry the form does not enable.
struct Finder {
    const std::set<const ResponseItem*>& off;
    std::vector<json::json_pointer> found;

    void items(const json& owner, const json::json_pointer& at, const std::vector<ResponseItem>& mirror, int depth) {
        const auto list = owner.find("item");
        if (list == owner.end() || !list->is_array()) return;
        if (depth > kMaxDepth) {
            found.push_back(at / "item");
            return;
        }
        std::size_t m = 0;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const json& entry = (*list)[i];
            if (!mirrored(entry)) continue;
            const ResponseItem& r = mirror[m++];
            const json::json_pointer here = at / "item" / i;
            if (off.count(&r)) {
                found.push_back(here);
                continue;
            }
            if (const auto answers = entry.find("answer"); answers != entry.end() && answers->is_array()) {
                std::size_t k = 0;
                for (std::size_t j = 0; j < answers->size(); ++j)
                    if ((*answers)[j].is_object()) items((*answers)[j], here / "answer" / j, r.answers[k++].items, depth + 1);
            }
            items(entry, here, r.items, depth + 1);
        }
    }
};

} // namespace

std::vector<json::json_pointer> not_enabled_item_pointers(const Questionnaire& q, const json& response) {
    if (!response.is_object()) return {};
    QuestionnaireResponse mirror;
    mirror.items = mirror_items(response, 0);
    const std::set<const ResponseItem*> off = not_enabled_items(q, mirror);
    Finder finder{off, {}};
    finder.items(response, json::json_pointer(), mirror.items, 0);
    return std::move(finder.found);
}

void remove_json_items(json& response, const std::vector<json::json_pointer>& pointers) {
    // Last first: a pointer in document order never moves an entry named earlier in the list.
    for (auto p = pointers.rbegin(); p != pointers.rend(); ++p) {
        if (p->empty() || !response.contains(*p)) continue;
        json& parent = response[p->parent_pointer()];
        if (parent.is_object()) parent.erase(p->back());
        else if (parent.is_array()) parent.erase(std::stoul(p->back()));
    }
}

json enabled_response_json(const Questionnaire& q, const json& response) {
    json out = response;
    remove_json_items(out, not_enabled_item_pointers(q, response));
    return out;
}

} // namespace selfdirect::core
