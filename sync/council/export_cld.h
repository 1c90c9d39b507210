// The CLD export: a CSV shaped like the Adult Social Care Client Level Data return (brief §4.1), one
// row per record, so a council can start its quarterly return from the kiosk's assessments instead
// of re-keying them. Which column comes from where is data, not code (assets/exports/cld-map.json,
// documented in docs/council-export.md): a council whose workbook differs edits the map.
//
// Map: {"format":"selfdirect-cld-map","version":1,"columns":[COLUMN…]}; each COLUMN has a "field"
// (the header text) and at most one source; none leaves the column blank:
//   "constant": "Assessment"                       the same text on every row
//   "meta": NAME                                   record_id, revision, server_seq, server_time
//                                                  (ISO 8601), server_date, device_id, form_id,
//                                                  form_version, authored_date (the response's
//                                                  authored date, else the server date)
//   "option": NAME                                 la_code, period_start, period_end (command line)
//   "by_form": {"SAQ-D1":"Service User",…}         text chosen by the record's form id
//   "answers": [{"form":"SAQ-D1","linkId":"12.1","values":{"yes":"Yes",…}},…]
//                                                  the first rule whose form matches and whose linkId
//                                                  is answered; with "values", an answer is mapped
//                                                  through it (an answer not in it gives blank),
//                                                  without, the answer text is used as it is.
#pragma once

#include "core/result.h"
#include "sync/council/export_record.h"

#include <map>
#include <string>
#include <vector>

namespace selfdirect::council {

struct CldAnswerRule {
    std::string form_id;
    std::string link_id;
    bool has_values = false;
    std::map<std::string, std::string> values;
};

struct CldColumn {
    enum class Source { blank, constant, meta, option, by_form, answers };
    std::string field;
    Source source = Source::blank;
    std::string text; // constant text, meta name or option name
    std::map<std::string, std::string> by_form;
    std::vector<CldAnswerRule> answers;
};

struct CldMap {
    std::vector<CldColumn> columns;
};

// The values for "option" columns, given on the command line.
struct CldOptions {
    std::string la_code;
    std::string period_start; // YYYY-MM-DD
    std::string period_end;
};

// "council.cld_map" naming the column and what is wrong (unknown format/version, a column without a
// field, two sources, an unknown meta or option name, malformed rules).
Result<CldMap> parse_cld_map(const nlohmann::json& map);

// Header (the fields, in map order) and one row per record, RFC 4180 with the formula guard (export_csv.h).
std::string format_cld(const std::vector<ExportRecord>& records, const CldMap& map, const CldOptions& options);

} // namespace selfdirect::council
