// The CLD export and its column map (format in export_cld.h).
#include "sync/council/export_cld.h"

#include "sync/council/export_csv.h"

#include <set>

namespace selfdirect::council {

namespace {

const std::set<std::string>& meta_names() {
    static const std::set<std::string> names{"record_id",   "revision", "server_seq",   "server_time",  "server_date",
                                             "device_id",   "form_id",  "form_version", "authored_date"};
    return names;
}

const std::set<std::string>& option_names() {
    static const std::set<std::string> names{"la_code", "period_start", "period_end"};
    return names;
}

Error map_error(const std::string& where, const std::string& why) {
    return make_error("council.cld_map", where + ": " + why);
}

Result<std::map<std::string, std::string>> string_map(const nlohmann::json& object, const std::string& where) {
    if (!object.is_object()) return map_error(where, "expected an object of strings");
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : object.items()) {
        if (!value.is_string()) return map_error(where, "value of '" + key + "' is not a string");
        out[key] = value.get<std::string>();
    }
    return out;
}

Result<CldColumn> parse_column(const nlohmann::json& column, std::size_t index) {
    const std::string where = "column " + std::to_string(index + 1);
    if (!column.is_object()) return map_error(where, "not an object");
    auto field = column.find("field");
    if (field == column.end() || !field->is_string() || field->get<std::string>().empty()) {
        return map_error(where, "needs a non-empty \"field\"");
    }
    CldColumn out;
    out.field = field->get<std::string>();
    const std::string named = where + " (" + out.field + ")";
    int sources = 0;
    for (const auto& [key, value] : column.items()) {
        if (key == "field" || key == "note") continue; // "note": free text for the council's own use
        ++sources;
        if (key == "constant" || key == "meta" || key == "option") {
            if (!value.is_string()) return map_error(named, "\"" + key + "\" must be a string");
            out.text = value.get<std::string>();
            if (key == "constant") out.source = CldColumn::Source::constant;
            if (key == "meta") {
                if (!meta_names().count(out.text)) return map_error(named, "unknown meta '" + out.text + "'");
                out.source = CldColumn::Source::meta;
            }
            if (key == "option") {
                if (!option_names().count(out.text)) return map_error(named, "unknown option '" + out.text + "'");
                out.source = CldColumn::Source::option;
            }
        } else if (key == "by_form") {
            auto forms = string_map(value, named + " by_form");
            if (!forms) return forms.error();
            out.by_form = std::move(forms.value());
            out.source = CldColumn::Source::by_form;
        } else if (key == "answers") {
            if (!value.is_array() || value.empty()) return map_error(named, "\"answers\" must be a non-empty array");
            for (const auto& rule : value) {
                if (!rule.is_object() || !rule.contains("form") || !rule["form"].is_string() || !rule.contains("linkId") ||
                    !rule["linkId"].is_string()) {
                    return map_error(named, "each answers rule needs string \"form\" and \"linkId\"");
                }
                CldAnswerRule parsed;
                parsed.form_id = rule["form"].get<std::string>();
                parsed.link_id = rule["linkId"].get<std::string>();
                if (rule.contains("values")) {
                    auto values = string_map(rule["values"], named + " values");
                    if (!values) return values.error();
                    parsed.values = std::move(values.value());
                    parsed.has_values = true;
                }
                out.answers.push_back(std::move(parsed));
            }
            out.source = CldColumn::Source::answers;
        } else {
            return map_error(named, "unknown key '" + key + "'");
        }
    }
    if (sources > 1) return map_error(named, "has more than one source");
    return out;
}

std::string meta_value(const std::string& name, const ExportRecord& record) {
    const auto& m = record.meta;
    if (name == "record_id") return m.record_id;
    if (name == "revision") return std::to_string(m.revision);
    if (name == "server_seq") return std::to_string(m.server_seq);
    if (name == "server_time") return iso8601_utc(m.server_time);
    if (name == "server_date") return iso_date_utc(m.server_time);
    if (name == "device_id") return m.device_id;
    if (name == "form_id") return m.form_id;
    if (name == "form_version") return m.form_version;
    if (name == "authored_date") {
        const auto& r = record.response;
        if (r.is_object() && r.contains("authored") && r["authored"].is_string()) {
            const auto authored = r["authored"].get<std::string>();
            if (authored.size() >= 10) return authored.substr(0, 10); // the local date the person wrote it
        }
        return iso_date_utc(m.server_time);
    }
    return "";
}

std::string option_value(const std::string& name, const CldOptions& options) {
    if (name == "la_code") return options.la_code;
    if (name == "period_start") return options.period_start;
    if (name == "period_end") return options.period_end;
    return "";
}

std::string answer_value(const CldColumn& column, const ExportRecord& record, const std::vector<AnsweredItem>& answered) {
    for (const auto& rule : column.answers) {
        if (rule.form_id != record.meta.form_id) continue;
        for (const auto& item : answered) {
            if (item.link_id != rule.link_id || item.answers.empty()) continue;
            std::string out;
            for (const auto& answer : item.answers) {
                std::string value = answer;
                if (rule.has_values) {
                    auto mapped = rule.values.find(answer);
                    value = mapped == rule.values.end() ? std::string{} : mapped->second;
                }
                if (value.empty()) continue;
                if (!out.empty()) out += "; ";
                out += value;
            }
            return out;
        }
    }
    return "";
}

} // namespace

Result<CldMap> parse_cld_map(const nlohmann::json& map) {
    if (!map.is_object()) return map_error("map", "not a JSON object");
    if (!map.contains("format") || map["format"] != "selfdirect-cld-map") {
        return map_error("map", "\"format\" must be \"selfdirect-cld-map\"");
    }
    if (!map.contains("version") || map["version"] != 1) return map_error("map", "unsupported \"version\" (expected 1)");
    if (!map.contains("columns") || !map["columns"].is_array() || map["columns"].empty()) {
        return map_error("map", "\"columns\" must be a non-empty array");
    }
    CldMap out;
    std::set<std::string> fields;
    for (std::size_t i = 0; i < map["columns"].size(); ++i) {
        auto column = parse_column(map["columns"][i], i);
        if (!column) return column.error();
        if (!fields.insert(column->field).second) return map_error("column " + std::to_string(i + 1), "repeats field '" + column->field + "'");
        out.columns.push_back(std::move(column.value()));
    }
    return out;
}

std::string format_cld(const std::vector<ExportRecord>& records, const CldMap& map, const CldOptions& options) {
    std::vector<std::string> header;
    for (const auto& column : map.columns) header.push_back(column.field);
    std::string out = csv_line(header);
    for (const auto& record : records) {
        const auto answered = answered_items(record.response);
        std::vector<std::string> row;
        for (const auto& column : map.columns) {
            switch (column.source) {
            case CldColumn::Source::blank: row.emplace_back(); break;
            case CldColumn::Source::constant: row.push_back(column.text); break;
            case CldColumn::Source::meta: row.push_back(meta_value(column.text, record)); break;
            case CldColumn::Source::option: row.push_back(option_value(column.text, options)); break;
            case CldColumn::Source::by_form: {
                auto it = column.by_form.find(record.meta.form_id);
                row.push_back(it == column.by_form.end() ? std::string{} : it->second);
                break;
            }
            case CldColumn::Source::answers: row.push_back(answer_value(column, record, answered)); break;
            }
        }
        out += csv_line(row);
    }
    return out;
}

} // namespace selfdirect::council
