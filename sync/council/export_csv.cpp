// The CSV export (see export_csv.h for the format and the formula guard).
#include "sync/council/export_csv.h"

#include <algorithm>
#include <map>
#include <set>

namespace selfdirect::council {

namespace {

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += "; ";
        out += parts[i];
    }
    return out;
}

} // namespace

const std::vector<std::string>& csv_metadata_columns() {
    static const std::vector<std::string> columns{"record_id", "revision",     "server_seq", "server_time",
                                                  "device_id", "form_id",      "form_version", "authored"};
    return columns;
}

std::string csv_field(std::string_view text) {
    std::string cell;
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                          text[0] == '\r')) {
        cell += '\'';
    }
    cell.append(text);
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) line += ',';
        line += csv_field(fields[i]);
    }
    line += "\r\n";
    return line;
}

std::vector<std::string> csv_answer_columns(const std::vector<ExportRecord>& records, const FormCatalogue& forms) {
    std::map<std::string, std::set<std::string>> answered_by_form; // form id -> answered linkIds
    for (const auto& record : records) {
        auto& ids = answered_by_form[record.meta.form_id];
        for (const auto& item : answered_items(record.response)) ids.insert(item.link_id);
    }
    std::vector<std::string> columns;
    std::set<std::string> placed;
    for (const auto& [form_id, ids] : answered_by_form) { // std::map: by form id
        auto form = forms.find(form_id);
        if (form == forms.end()) continue;
        for (const auto& link_id : form->second.link_ids) {
            if (ids.count(link_id) && placed.insert(link_id).second) columns.push_back(link_id);
        }
    }
    std::set<std::string> rest; // sorted lexicographically
    for (const auto& [form_id, ids] : answered_by_form) {
        for (const auto& id : ids) {
            if (!placed.count(id)) rest.insert(id);
        }
    }
    columns.insert(columns.end(), rest.begin(), rest.end());
    return columns;
}

std::string format_csv(const std::vector<ExportRecord>& records, const FormCatalogue& forms) {
    const auto answer_columns = csv_answer_columns(records, forms);
    std::vector<std::string> header = csv_metadata_columns();
    header.insert(header.end(), answer_columns.begin(), answer_columns.end());
    std::string out = csv_line(header);

    std::map<std::string, std::size_t> column_of;
    for (std::size_t i = 0; i < answer_columns.size(); ++i) column_of[answer_columns[i]] = i;

    for (const auto& record : records) {
        const auto& m = record.meta;
        const auto authored = record.response.is_object() && record.response.contains("authored") &&
                                      record.response["authored"].is_string()
                                  ? record.response["authored"].get<std::string>()
                                  : std::string{};
        std::vector<std::string> row{m.record_id,   std::to_string(m.revision), std::to_string(m.server_seq),
                                     iso8601_utc(m.server_time), m.device_id, m.form_id, m.form_version, authored};
        std::vector<std::string> answers(answer_columns.size());
        for (const auto& item : answered_items(record.response)) answers[column_of.at(item.link_id)] = joined(item.answers);
        row.insert(row.end(), answers.begin(), answers.end());
        out += csv_line(row);
    }
    return out;
}

} // namespace selfdirect::council
