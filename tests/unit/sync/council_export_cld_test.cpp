// The council CLD export: the header from the column map, the shipped map's fields and mapping on
// the worked examples, and a map that is wrong refused with the column named.
#include "council_export_support.h"

#include "sync/council/export_cld.h"

using namespace selfdirect::council;
using namespace selfdirect::council::testing;

namespace {

CldMap shipped_map() {
    auto map = parse_cld_map(read_json("assets/exports/cld-map.json"));
    REQUIRE_MESSAGE(map.ok(), (map.ok() ? "" : map.error().message));
    return map.value();
}

// Splits a CLD export (no quoted fields in these examples) into rows of fields.
std::vector<std::vector<std::string>> rows_of(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2) {
        std::vector<std::string> fields;
        const std::string line = text.substr(start, end - start);
        std::size_t from = 0;
        for (std::size_t comma; (comma = line.find(',', from)) != std::string::npos; from = comma + 1) {
            fields.push_back(line.substr(from, comma - from));
        }
        fields.push_back(line.substr(from));
        rows.push_back(fields);
    }
    return rows;
}

std::string cell(const std::vector<std::vector<std::string>>& rows, std::size_t row, const std::string& field) {
    const auto& header = rows.at(0);
    const auto at = std::find(header.begin(), header.end(), field);
    REQUIRE_MESSAGE(at != header.end(), field << " is not a CLD column");
    return rows.at(row).at(static_cast<std::size_t>(at - header.begin()));
}

} // namespace

TEST_CASE("the CLD header lists the Client Level Data fields in the map's order") {
    const auto rows = rows_of(format_cld({}, shipped_map(), {}));
    REQUIRE(rows.size() == 1);
    const auto& header = rows[0];
    CHECK(header.size() == 50);
    CHECK(header[0] == "LA Code");
    CHECK(header[1] == "Reporting Period Start Date");
    CHECK(header[2] == "Reporting Period End Date");
    for (const char* field : {"NHS Number", "LA Person Unique Identifier", "Client Type", "Primary Support Reason",
                              "Has Unpaid Carer", "Event Type", "Event Reference", "Event Start Date", "Event Outcome",
                              "Method of Assessment", "Total Hrs Caring per week", "No. of adults being cared for",
                              "Delivery Mechanism", "Planned units per week"}) {
        CHECK_MESSAGE(std::find(header.begin(), header.end(), field) != header.end(), field);
    }
}

TEST_CASE("the CLD export fills what the worked examples answer and leaves the rest blank") {
    const std::vector<ExportRecord> records{fixture_record("mrs-a", "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10", 1),
                                            fixture_record("mrs-a-no-unpaid-help", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", 2),
                                            fixture_record("mr-a-carer", "77aa0c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b", 3)};
    const auto rows = rows_of(format_cld(records, shipped_map(), CldOptions{"E08000012", "2026-10-01", "2026-12-31"}));
    REQUIRE(rows.size() == 4);

    CHECK(cell(rows, 1, "LA Code") == "E08000012");
    CHECK(cell(rows, 1, "Reporting Period End Date") == "2026-12-31");
    CHECK(cell(rows, 1, "Client Type") == "Service User");
    CHECK(cell(rows, 1, "Has Unpaid Carer") == "Yes");
    CHECK(cell(rows, 1, "Event Type") == "Assessment");
    CHECK(cell(rows, 1, "Event Reference") == "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10");
    CHECK(cell(rows, 1, "Event Start Date") == "2025-05-01"); // from authored, the person's own date
    CHECK(cell(rows, 1, "Delivery Mechanism") == "");         // "not-sure" is not a delivery mechanism
    CHECK(cell(rows, 1, "NHS Number") == "");
    CHECK(cell(rows, 1, "Total Hrs Caring per week") == ""); // a carer's field, not on the SAQ

    CHECK(cell(rows, 2, "Has Unpaid Carer") == "No");

    CHECK(cell(rows, 3, "Client Type") == "Carer");
    CHECK(cell(rows, 3, "Total Hrs Caring per week") == "50 or more");
    CHECK(cell(rows, 3, "No. of adults being cared for") == "1");
    CHECK(cell(rows, 3, "Has Unpaid Carer") == "");
}

TEST_CASE("a CLD answers rule without values passes the answer through and with values maps it") {
    auto map = parse_cld_map({{"format", "selfdirect-cld-map"},
                              {"version", 1},
                              {"columns",
                               {{{"field", "Raw"}, {"answers", {{{"form", "F"}, {"linkId", "q"}}}}},
                                {{"field", "Mapped"}, {"answers", {{{"form", "F"}, {"linkId", "q"}, {"values", {{"b", "Bee"}}}}}}},
                                {{"field", "Other form"}, {"answers", {{{"form", "G"}, {"linkId", "q"}}}}},
                                {{"field", "Meta"}, {"meta", "device_id"}}}}});
    REQUIRE(map.ok());
    const std::vector<ExportRecord> records{inline_record(
        "r", "F", {{"item", {{{"linkId", "q"}, {"answer", {{{"valueCoding", {{"code", "a"}}}}, {{"valueCoding", {{"code", "b"}}}}}}}}}})};
    CHECK(format_cld(records, map.value(), {}) == "Raw,Mapped,Other form,Meta\r\na; b,Bee,,kiosk-1\r\n");
}

TEST_CASE("a CLD map with a mistake is refused naming the column") {
    auto unknown_meta = parse_cld_map({{"format", "selfdirect-cld-map"}, {"version", 1},
                                       {"columns", {{{"field", "A"}}, {{"field", "B"}, {"meta", "nhs_number"}}}}});
    REQUIRE_FALSE(unknown_meta.ok());
    CHECK(unknown_meta.error().code == "council.cld_map");
    CHECK(unknown_meta.error().message.find("column 2 (B)") != std::string::npos);

    auto two_sources = parse_cld_map({{"format", "selfdirect-cld-map"}, {"version", 1},
                                      {"columns", {{{"field", "A"}, {"constant", "x"}, {"meta", "record_id"}}}}});
    CHECK_FALSE(two_sources.ok());
    auto wrong_format = parse_cld_map({{"format", "something-else"}, {"version", 1}, {"columns", {{{"field", "A"}}}}});
    CHECK_FALSE(wrong_format.ok());
    auto repeated = parse_cld_map({{"format", "selfdirect-cld-map"}, {"version", 1},
                                   {"columns", {{{"field", "A"}}, {{"field", "A"}}}}});
    CHECK_FALSE(repeated.ok());
}
