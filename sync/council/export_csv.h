// The CSV export: one row per record, for councils whose first tool is a spreadsheet. RFC 4180
// (comma separated, CRLF line ends, a field quoted with "" doubled when it holds a comma, quote, CR
// or LF). Because a spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula,
// such a cell is written with a leading single quote ('=SUM(A1)), the OWASP "CSV injection" guard;
// docs/council-export.md tells councils to expect it.
#pragma once

#include "sync/council/export_record.h"

#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::council {

// The metadata columns that start every CSV export row, in order.
const std::vector<std::string>& csv_metadata_columns();

// One field, guarded and quoted as described above.
std::string csv_field(std::string_view text);

// One line of fields, joined with commas and ended with CRLF.
std::string csv_line(const std::vector<std::string>& fields);

// The answer columns: every answered linkId of `records`. Forms found in `forms` come first (by form
// id), each in its Questionnaire's item order; linkIds of unknown forms (or not in their form)
// follow, sorted lexicographically. A linkId appears once even if several forms use it.
std::vector<std::string> csv_answer_columns(const std::vector<ExportRecord>& records, const FormCatalogue& forms);

// Header (metadata columns, then answer columns by linkId) and one row per record; several answers
// to one linkId are joined with "; ". Unanswered cells are empty.
std::string format_csv(const std::vector<ExportRecord>& records, const FormCatalogue& forms);

} // namespace selfdirect::council
