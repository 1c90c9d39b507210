// The order a council worker picks records up in. The kiosk tells a person who raised a
// safeguarding concern "What you told us will go to a worker first", and a carer who cannot carry
// on caring that a worker will contact them first: `selfdirect-council triage` keeps those promises
// by listing those records before the rest, each under the reference the person was given, with
// what their result page showed them (the assessment summary sealed in the record). Pure: the
// command (triage_command.cpp) does the I/O.
#pragma once

#include "core/assessment_summary.h"
#include "sync/council/export_record.h"

#include <optional>
#include <string>
#include <vector>

namespace selfdirect::council {

// The groups, in the order they are listed.
enum class TriageGroup { Safeguarding, CarerUrgent, Other, NoSummary };

struct TriageEntry {
    TriageGroup group = TriageGroup::NoSummary;
    std::string reference; // "SD-1A2B-3C4D", as on the person's confirmation page
    RecordMeta meta;
    std::optional<core::AssessmentSummary> summary; // none: an older record, or unreadable
    std::string summary_error;                      // why a summary the record carries cannot be read
};

// One entry per record, grouped as TriageGroup says; within a group in server order (the record
// waiting longest first). An unreadable summary is listed with the records that have none, with
// its reason: it is never taken as "no concern" silently.
std::vector<TriageEntry> triage(const std::vector<ExportRecord>& records);

// The summary as an export shows it: its JSON object, null when the record has none, or
// {"error": "CODE: message"} when it has one that cannot be read.
nlohmann::json summary_export_json(const nlohmann::json& response);

// One line per record: group, reference, record id and revision, flags, and what was shown, e.g.
//   SAFEGUARDING  SD-1A2B-3C4D  record 1a2b3c4d-… rev 1  flags: safeguarding  shown: £368.50 a week, …
std::string format_triage(const std::vector<TriageEntry>& entries);

} // namespace selfdirect::council
