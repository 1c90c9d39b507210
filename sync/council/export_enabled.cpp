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

} // namespace

std::vector<DroppedAnswers> keep_enabled_answers(std::vector<ExportRecord>& records, const FormModels& forms) {
    std::vector<DroppedAnswers> out;
    for (ExportRecord& record : records) {
        const auto form = forms.find(record.meta.form_id);
        if (form == forms.end()) continue;
        const core::Questionnaire& q = form->second;
        if (!q.version.empty() && q.version != record.meta.form_version) continue;
        nlohmann::json enabled = core::enabled_response_json(q, record.response);
        const std::size_t before = answered(record.response), after = answered(enabled);
        if (before > after) out.push_back(DroppedAnswers{record.meta, before - after});
        record.response = std::move(enabled);
    }
    return out;
}

} // namespace selfdirect::council
