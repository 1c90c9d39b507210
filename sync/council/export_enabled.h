// What the council's answer columns (CSV, CLD) are filled from: each record's response as its form
// enables it. The kiosk never sends an answer left under an item the form no longer asks, but a
// record built or edited elsewhere can hold one, and a column must not report it as the person's
// answer. The forms are the council's own files (--questionnaire-dir); the enableWhen decisions are
// core's (core::enabled_response_json), the same that `score` and the kiosk use. JSON and FHIR
// exports stay the response exactly as sealed.
#pragma once

#include "core/questionnaire.h"
#include "sync/council/export_record.h"

#include <map>
#include <string>
#include <vector>

namespace selfdirect::council {

// Form models keyed by form id, as FormCatalogue is.
using FormModels = std::map<std::string, core::Questionnaire>;

// A record whose answers under items its form does not enable were left out of the columns.
struct DroppedAnswers {
    RecordMeta meta;
    std::size_t items = 0; // answered item instances left out (never their content)
};

// Replaces each record's response by the form's enabled view when the council has the record's
// form at the record's version (a form without a version matches any). Records of other forms are
// left as they are. Returns the records that had something left out, in record order.
std::vector<DroppedAnswers> keep_enabled_answers(std::vector<ExportRecord>& records, const FormModels& forms);

} // namespace selfdirect::council
