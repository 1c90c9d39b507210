// The FHIR Bundle export (shape in export_fhir_bundle.h).
#include "sync/council/export_fhir_bundle.h"

#include "sync/council/record_json.h"

namespace selfdirect::council {

namespace {

std::string canonical_for(const RecordMeta& meta, const FormCatalogue& forms) {
    if (auto form = forms.find(meta.form_id); form != forms.end() && !form->second.url.empty()) {
        return form->second.version.empty() ? form->second.url : form->second.url + "|" + form->second.version;
    }
    return "urn:selfdirect:form:" + meta.form_id + (meta.form_version.empty() ? "" : "|" + meta.form_version);
}

bool has_string(const nlohmann::json& object, const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_string() && !it->get<std::string>().empty();
}

} // namespace

nlohmann::json fhir_bundle(const std::vector<ExportRecord>& records, const FormCatalogue& forms,
                           const std::string& bundle_id, const std::string& timestamp) {
    nlohmann::json bundle{{"resourceType", "Bundle"}, {"id", bundle_id}, {"type", "collection"}, {"timestamp", timestamp}};
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& record : records) {
        nlohmann::json resource = record.response.is_object() ? record.response : nlohmann::json::object();
        resource["resourceType"] = "QuestionnaireResponse";
        resource["id"] = record.meta.record_id;
        auto& meta = resource["meta"];
        if (!meta.is_object()) meta = nlohmann::json::object();
        meta["versionId"] = std::to_string(record.meta.revision);
        meta["lastUpdated"] = iso8601_utc(record.meta.server_time);
        if (!has_string(resource, "status")) resource["status"] = "completed";
        if (!has_string(resource, "questionnaire")) resource["questionnaire"] = canonical_for(record.meta, forms);
        entries.push_back({{"fullUrl", "urn:uuid:" + record.meta.record_id}, {"resource", std::move(resource)}});
    }
    if (!entries.empty()) bundle["entry"] = std::move(entries); // FHIR JSON has no empty arrays
    return bundle;
}

std::string format_fhir_bundle(const std::vector<ExportRecord>& records, const FormCatalogue& forms,
                               const std::string& bundle_id, const std::string& timestamp) {
    return dump_record_json(fhir_bundle(records, forms, bundle_id, timestamp), 2) + "\n";
}

} // namespace selfdirect::council
