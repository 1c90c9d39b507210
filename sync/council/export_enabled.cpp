// Export columns from the answers the form enables (see export_enabled.h).
#include "sync/council/export_enabled.h"

#include "core/response_enabled_json.h"

namespace selfdirect::council {
namespace {

// Answered item instances under `node` (items, and items nested under answers), to say how many
// a record lost without saying what they were.
std::size_t answered(const nlohmann::json& node, int depth = 0) {
    if (!node.is_object() || depth > 64) return 0;
    std::size_t n = 0;
    if (auto a = node.find("answer"); a != node.end() && a->is_array() && !a->empty()) {
        ++n;
        for (const auto& answer : *a) n += answered(answer, depth + 1);
    }
    if (auto items = node.find("item"); items != node.end() && items->is_array())
        for (const auto& item : *items) n += answered(item, depth + 1);
    return n;
}

// A copy in which a number kept as its written text (a JSON binary value holding the lexeme, so
// that "1.10" exports as written) is an ordinary number again, for enableWhen to compare. Iterative:
// a record is hostile input.
nlohmann::json numbers_for_judging(const nlohmann::json& response) {
    nlohmann::json copy = response;
    std::vector<nlohmann::json*> stack{&copy};
    while (!stack.empty()) {
        nlohmann::json* node = stack.back();
        stack.pop_back();
        if (node->is_binary()) {
            const auto& bytes = node->get_binary();
            auto number = nlohmann::json::parse(std::string(bytes.begin(), bytes.end()), nullptr, /*allow_exceptions=*/false);
            if (number.is_number()) *node = std::move(number);
        } else if (node->is_structured()) {
            for (auto& child : *node) stack.push_back(&child);
        }
    }
    return copy;
}

} // namespace

std::vector<DroppedAnswers> keep_enabled_answers(std::vector<ExportRecord>& records, const FormModels& forms) {
    std::vector<DroppedAnswers> out;
    for (ExportRecord& record : records) {
        const auto form = forms.find(record.meta.form_id);
        if (form == forms.end()) continue;
        const core::Questionnaire& q = form->second;
        if (!q.version.empty() && q.version != record.meta.form_version) continue;
        // Judged on a copy whose numbers the form engine can compare; removed from the record
        // itself, so every other value stays exactly as sealed.
        const auto pointers = core::not_enabled_item_pointers(q, numbers_for_judging(record.response));
        if (pointers.empty()) continue;
        std::size_t items = 0;
        for (const auto& p : pointers)
            if (record.response.contains(p)) items += answered(record.response.at(p));
        core::remove_json_items(record.response, pointers);
        if (items) out.push_back(DroppedAnswers{record.meta, items});
    }
    return out;
}

} // namespace selfdirect::council
