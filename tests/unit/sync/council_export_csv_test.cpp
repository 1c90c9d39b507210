// The council CSV export: RFC 4180 quoting, the spreadsheet formula guard, the documented header,
// stable answer columns in the form's item order, and one row per record.
#include "council_export_support.h"

#include "sync/council/export_csv.h"

#include <sstream>

using namespace selfdirect::council;
using namespace selfdirect::council::testing;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2) {
        lines.push_back(text.substr(start, end - start));
    }
    CHECK(start == text.size()); // every line, the last included, ends with CRLF
    return lines;
}

} // namespace

TEST_CASE("a plain CSV field is written as it is") {
    CHECK(csv_field("hello world") == "hello world");
    CHECK(csv_field("") == "");
}

TEST_CASE("a CSV field with a comma, quote or line break is quoted with quotes doubled") {
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
}

TEST_CASE("a CSV field a spreadsheet would run as a formula gets a leading single quote") {
    CHECK(csv_field("=SUM(A1:A9)") == "'=SUM(A1:A9)");
    CHECK(csv_field("+44 1632 960000") == "'+44 1632 960000");
    CHECK(csv_field("-1") == "'-1");
    CHECK(csv_field("@cmd") == "'@cmd");
    CHECK(csv_field("\tTAB") == "'\tTAB");
    CHECK(csv_field("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    CHECK(csv_field("a=b") == "a=b"); // only the first character matters
}

TEST_CASE("the CSV header is the metadata columns then the answered linkIds in the form's item order") {
    const auto forms = real_forms();
    const std::vector<ExportRecord> records{fixture_record("mrs-a", "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10", 3)};
    const auto lines = lines_of(format_csv(records, forms));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].rfind("record_id,revision,server_seq,server_time,device_id,form_id,form_version,authored,0.1,0.1.more,0.2,", 0) == 0);

    const auto columns = csv_answer_columns(records, forms);
    const auto& order = forms.at("SAQ-D1").link_ids;
    std::size_t last = 0;
    for (const auto& column : columns) {
        const auto at = std::find(order.begin(), order.end(), column);
        REQUIRE_MESSAGE(at != order.end(), column << " is not in SAQ-D1");
        CHECK(static_cast<std::size_t>(at - order.begin()) >= last);
        last = static_cast<std::size_t>(at - order.begin());
    }
}

TEST_CASE("without the form the CSV answer columns are sorted lexicographically") {
    const std::vector<ExportRecord> records{
        inline_record("r1", "UNKNOWN", {{"item", {{{"linkId", "b"}, {"answer", {{{"valueString", "x"}}}}},
                                                  {{"linkId", "a"}, {"answer", {{{"valueString", "y"}}}}}}}})};
    CHECK(csv_answer_columns(records, {}) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("CSV rows carry the record metadata and each answer, several answers joined with a semicolon") {
    nlohmann::json response = {
        {"resourceType", "QuestionnaireResponse"},
        {"authored", "2026-11-01T10:00:00Z"},
        {"item",
         {{{"linkId", "g"},
           {"item",
            {{{"linkId", "multi"}, {"answer", {{{"valueCoding", {{"code", "red"}}}}, {{"valueCoding", {{"code", "blue"}}}}}}},
             {{"linkId", "flag"}, {"answer", {{{"valueBoolean", true}}}}},
             {{"linkId", "n"}, {"answer", {{{"valueInteger", 3}}}}},
             {{"linkId", "sneaky"}, {"answer", {{{"valueString", "=1+1, said \"she\""}}}}}}}}}}};
    const std::vector<ExportRecord> records{inline_record("r-1", "X", response, 7)};
    const auto lines = lines_of(format_csv(records, {}));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "record_id,revision,server_seq,server_time,device_id,form_id,form_version,authored,flag,multi,n,sneaky");
    CHECK(lines[1] == "r-1,1,7,2026-11-18T11:06:40Z,kiosk-1,X,1,2026-11-01T10:00:00Z,true,red; blue,3,\"'=1+1, said \"\"she\"\"\"");
}

TEST_CASE("a CSV export has one row per record and empty cells for questions a record did not answer") {
    const auto forms = real_forms();
    const std::vector<ExportRecord> records{fixture_record("mrs-a", "a1", 1), fixture_record("mr-a-carer", "c1", 2)};
    const auto lines = lines_of(format_csv(records, forms));
    CHECK(lines.size() == 3);
    const auto columns = csv_answer_columns(records, forms);
    // Carer linkIds (form CSAQ-D1) come before SAQ-D1's: forms are taken in form id order.
    CHECK(columns.front().rfind("C", 0) == 0);
    CHECK(std::find(columns.begin(), columns.end(), "12.1") != columns.end());
    CHECK(lines[2].rfind("c1,1,2,", 0) == 0);
    CHECK(lines[2].find(",,") != std::string::npos);
}

TEST_CASE("an empty CSV export is just the header") {
    CHECK(format_csv({}, {}) == "record_id,revision,server_seq,server_time,device_id,form_id,form_version,authored\r\n");
}

TEST_CASE("only the latest revision of each record is kept, in server order") {
    std::vector<ExportRecord> records{inline_record("a", "X", nlohmann::json::object(), 1),
                                      inline_record("b", "X", nlohmann::json::object(), 2),
                                      inline_record("a", "X", nlohmann::json::object(), 3)};
    records[2].meta.revision = 2;
    std::size_t superseded = 0;
    const auto kept = latest_revisions(records, &superseded);
    REQUIRE(kept.size() == 2);
    CHECK(superseded == 1);
    CHECK(kept[0].meta.record_id == "b");
    CHECK(kept[1].meta.record_id == "a");
    CHECK(kept[1].meta.revision == 2);
}
