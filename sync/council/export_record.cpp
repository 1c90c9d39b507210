// Reading answers out of a QuestionnaireResponse and forms' item order, shared by every export format
// (see export_record.h). Works on the JSON tree rather than core's model so that answer kinds the
// form engine does not model (valueQuantity, valueAttachment...) still reach the council.
#include "sync/council/export_record.h"

#include "sync/council/record_json.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

namespace selfdirect::council {

namespace {

void collect_link_ids(const nlohmann::json& items, std::vector<std::string>& out) {
    if (!items.is_array()) return;
    for (const auto& item : items) {
        if (!item.is_object()) continue;
        if (auto id = item.find("linkId"); id != item.end() && id->is_string()) out.push_back(id->get<std::string>());
        if (auto children = item.find("item"); children != item.end()) collect_link_ids(*children, out);
    }
}

void collect_answers(const nlohmann::json& items, std::vector<AnsweredItem>& out, std::map<std::string, std::size_t>& index) {
    if (!items.is_array()) return;
    for (const auto& item : items) {
        if (!item.is_object()) continue;
        const auto id = item.find("linkId");
        const auto answers = item.find("answer");
        if (id != item.end() && id->is_string() && answers != item.end() && answers->is_array() && !answers->empty()) {
            const std::string link_id = id->get<std::string>();
            auto [slot, added] = index.try_emplace(link_id, out.size());
            if (added) out.push_back(AnsweredItem{link_id, {}});
            for (const auto& answer : *answers) {
                if (!answer.is_object()) continue;
                out[slot->second].answers.push_back(answer_text(answer));
                if (auto nested = answer.find("item"); nested != answer.end()) collect_answers(*nested, out, index);
            }
        }
        if (auto children = item.find("item"); children != item.end()) collect_answers(*children, out, index);
    }
}

// As written: a record parsed by parse_record_json keeps each decimal's lexeme (record_json.h).
std::string number_text(const nlohmann::json& value) {
    if (is_number_or_lexeme(value)) return number_lexeme(value);
    if (value.is_string()) return value.get<std::string>();
    return "";
}

std::string string_field(const nlohmann::json& object, const char* name) {
    if (!object.is_object()) return "";
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

} // namespace

bool read_form_order(const nlohmann::json& questionnaire, std::string& form_id, FormOrder& order) {
    if (!questionnaire.is_object() || string_field(questionnaire, "resourceType") != "Questionnaire") return false;
    form_id = string_field(questionnaire, "id");
    if (form_id.empty()) return false;
    order = FormOrder{};
    order.url = string_field(questionnaire, "url");
    order.version = string_field(questionnaire, "version");
    if (auto items = questionnaire.find("item"); items != questionnaire.end()) collect_link_ids(*items, order.link_ids);
    return true;
}

std::vector<AnsweredItem> answered_items(const nlohmann::json& response) {
    std::vector<AnsweredItem> out;
    std::map<std::string, std::size_t> index;
    if (response.is_object()) {
        if (auto items = response.find("item"); items != response.end()) collect_answers(*items, out, index);
    }
    return out;
}

std::string answer_text(const nlohmann::json& answer) {
    if (!answer.is_object()) return "";
    for (const auto& [key, value] : answer.items()) {
        if (key.rfind("value", 0) != 0) continue;
        const std::string kind = key.substr(5);
        if (kind == "Coding") return string_field(value, "code");
        if (kind == "Boolean") return value.is_boolean() ? (value.get<bool>() ? "true" : "false") : "";
        if (kind == "Integer" || kind == "Decimal") return number_text(value);
        if (kind == "Quantity") {
            if (!value.is_object() || !value.contains("value")) return "";
            std::string text = number_text(value["value"]);
            const std::string unit = !string_field(value, "unit").empty() ? string_field(value, "unit") : string_field(value, "code");
            return unit.empty() ? text : text + " " + unit;
        }
        if (kind == "Reference") return string_field(value, "reference");
        if (kind == "Attachment") return string_field(value, "title");
        if (value.is_string()) return value.get<std::string>(); // String, Date, DateTime, Time, Uri
        return "";
    }
    return "";
}

std::string iso8601_utc(std::int64_t unix_seconds) {
    using namespace std::chrono;
    const sys_seconds t{seconds{unix_seconds}};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return text;
}

std::string iso_date_utc(std::int64_t unix_seconds) { return iso8601_utc(unix_seconds).substr(0, 10); }

std::vector<ExportRecord> latest_revisions(std::vector<ExportRecord> records, std::size_t* superseded) {
    std::map<std::string, std::size_t> best; // record_id -> index of its highest revision
    for (std::size_t i = 0; i < records.size(); ++i) {
        auto [slot, added] = best.try_emplace(records[i].meta.record_id, i);
        if (!added && records[i].meta.revision > records[slot->second].meta.revision) slot->second = i;
    }
    std::set<std::size_t> keep;
    for (const auto& [id, i] : best) keep.insert(i);
    std::vector<ExportRecord> out;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (keep.count(i)) out.push_back(std::move(records[i]));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const ExportRecord& a, const ExportRecord& b) { return a.meta.server_seq < b.meta.server_seq; });
    if (superseded) *superseded = records.size() - out.size();
    return out;
}

} // namespace selfdirect::council
