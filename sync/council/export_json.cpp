// The JSON export (format in export_json.h).
#include "sync/council/export_json.h"

#include "sync/council/record_json.h"
#include "sync/council/triage.h"

namespace selfdirect::council {

nlohmann::json record_metadata_json(const RecordMeta& meta) {
    return nlohmann::json{{"record_id", meta.record_id}, {"revision", meta.revision},
                          {"server_seq", meta.server_seq}, {"server_time", meta.server_time},
                          {"device_id", meta.device_id}, {"form_id", meta.form_id},
                          {"form_version", meta.form_version}};
}

std::string format_json(const std::vector<ExportRecord>& records) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& record : records) {
        auto element = record_metadata_json(record.meta);
        element["response"] = record.response;
        element["summary"] = summary_export_json(record.response); // what the person was shown, or null
        out.push_back(std::move(element));
    }
    return dump_record_json(out, 2) + "\n";
}

} // namespace selfdirect::council
