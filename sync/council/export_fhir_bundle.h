// The FHIR export: one FHIR R4 Bundle of type "collection" holding every exported record as a
// QuestionnaireResponse, for councils whose case system (or integration engine) imports FHIR.
//   Bundle.id = the id given, Bundle.timestamp = the export time, one entry per record with
//   fullUrl "urn:uuid:<record_id>" and the resource: the sealed QuestionnaireResponse with id set
//   to the record id, meta.versionId to the revision and meta.lastUpdated to the server time;
//   status (required) kept, or "completed" if the record had none (a sealed record was submitted);
//   questionnaire kept, or the canonical "url|version" of the form when the council has it on disk,
//   else "urn:selfdirect:form:<form_id>|<form_version>".
// fullUrl must be unique in a Bundle, so give this only one revision per record (latest_revisions).
#pragma once

#include "sync/council/export_record.h"

#include <string>
#include <vector>

namespace selfdirect::council {

nlohmann::json fhir_bundle(const std::vector<ExportRecord>& records, const FormCatalogue& forms,
                           const std::string& bundle_id, const std::string& timestamp);

// The Bundle, pretty-printed (2 spaces) with a final newline.
std::string format_fhir_bundle(const std::vector<ExportRecord>& records, const FormCatalogue& forms,
                               const std::string& bundle_id, const std::string& timestamp);

} // namespace selfdirect::council
