// What every council export format is made from: one decrypted record (its QuestionnaireResponse
// JSON) with the stored envelope's public metadata, plus the item order of the forms the council
// knows. Pure: the export command does the I/O (store, key, files) and hands these values to the
// formatters (export_csv, export_json, export_fhir_bundle, export_cld), which return text, so every
// format is unit-testable without a store or a key.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace selfdirect::council {

struct RecordMeta {
    std::string record_id;
    std::uint32_t revision = 1;
    std::int64_t server_seq = 0;
    std::int64_t server_time = 0; // Unix seconds, server clock
    std::string device_id;
    std::string form_id;
    std::string form_version;
};

struct ExportRecord {
    RecordMeta meta;
    // The FHIR R4 QuestionnaireResponse object as the device sealed it, parsed by parse_record_json:
    // decimals are held as their lexemes (read numbers with number_value/number_lexeme,
    // print with dump_record_json; record_json.h).
    nlohmann::json response;
};

// A form the council has on disk: its canonical URL and version and its linkIds in item order
// (depth first, as a person meets them).
struct FormOrder {
    std::string url;
    std::string version;
    std::vector<std::string> link_ids;
};

// Keyed by form id (the Questionnaire's `id`, which is what envelopes carry as form_id).
using FormCatalogue = std::map<std::string, FormOrder>;

// Reads a Questionnaire's id, url, version and item order. Returns false if `questionnaire` is not
// a Questionnaire object with an id.
bool read_form_order(const nlohmann::json& questionnaire, std::string& form_id, FormOrder& order);

// Every answered linkId of a response, with its answers as text, in document order (a linkId that
// repeats, in a repeating group, collects all its answers). Nested items under answers are included.
struct AnsweredItem {
    std::string link_id;
    std::vector<std::string> answers;
};
std::vector<AnsweredItem> answered_items(const nlohmann::json& response);

// One FHIR answer value[x] as text: a Coding's code, a boolean "true"/"false", numbers as written,
// strings/dates/times/URIs as they are, a Quantity as "value unit", a Reference's reference, an
// Attachment's title. Unknown kinds give "".
std::string answer_text(const nlohmann::json& answer);

// Unix seconds as ISO 8601 UTC ("2026-11-22T10:55:41Z") and its date part ("2026-11-22").
std::string iso8601_utc(std::int64_t unix_seconds);
std::string iso_date_utc(std::int64_t unix_seconds);

// Keeps only the highest revision of each record_id (a later revision supersedes an earlier one),
// in the order of the kept records' server_seq. `superseded` (if not null) gets how many were dropped.
std::vector<ExportRecord> latest_revisions(std::vector<ExportRecord> records, std::size_t* superseded = nullptr);

} // namespace selfdirect::council
