// The JSON export: the records as one JSON array, each element the record's public metadata beside
// the QuestionnaireResponse exactly as the device sealed it, for councils that import by script.
//   [{"record_id":"…","revision":1,"server_seq":17,"server_time":1795000000,"device_id":"…",
//     "form_id":"SAQ-D1","form_version":"1","response":{"resourceType":"QuestionnaireResponse",…},
//     "summary":{…} or null}]  (summary: the assessment summary the record carries, triage.h)
#pragma once

#include "sync/council/export_record.h"

#include <string>
#include <vector>

namespace selfdirect::council {

nlohmann::json record_metadata_json(const RecordMeta& meta);

// Pretty-printed (2 spaces) with a final newline.
std::string format_json(const std::vector<ExportRecord>& records);

} // namespace selfdirect::council
