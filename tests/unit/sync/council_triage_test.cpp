// The council's triage order: the promise "What you told us will go to a worker first" holds only if
// a safeguarding record is listed before everything else, whatever order the receiver stored it in;
// a summary that cannot be read must be listed and named, never taken for "no concern".
#include "council_export_support.h"

#include "core/assessment_summary.h"
#include "sync/council/export_json.h"
#include "sync/council/triage.h"

using namespace selfdirect;
using namespace selfdirect::council;
using namespace selfdirect::council::testing;

namespace {

ExportRecord with_flags(const std::string& record_id, std::int64_t seq, std::vector<std::string> flags) {
    ExportRecord r = fixture_record("mrs-a", record_id, seq);
    core::AssessmentSummary s;
    s.form_id = "SAQ-D1";
    s.ras_table_id = "RAS-D1";
    for (auto& f : flags) s.flags.push_back({std::move(f), {}});
    s.budget_shown = true;
    s.figures_shown = {{"weekly", 36850}};
    auto carried = core::with_summary(r.response.dump(), s);
    REQUIRE(carried.ok());
    r.response = nlohmann::json::parse(*carried);
    return r;
}

} // namespace

TEST_CASE("triage lists safeguarding, then carer-urgent, then the rest, then records without a readable summary, each by seq") {
    std::vector<ExportRecord> records;
    records.push_back(fixture_record("mrs-a", "00000001-0000-4000-8000-000000000000", 1)); // no summary
    records.push_back(with_flags("00000002-0000-4000-8000-000000000000", 2, {"carer-offer"}));
    records.push_back(with_flags("00000003-0000-4000-8000-000000000000", 3, {"carer-urgent"}));
    records.push_back(with_flags("00000004-0000-4000-8000-000000000000", 4, {"safeguarding"}));
    ExportRecord broken = fixture_record("mrs-a", "00000005-0000-4000-8000-000000000000", 5);
    broken.response["extension"] = {{{"url", core::kAssessmentSummaryUrl}, {"valueString", "{\"summaryVersion\":"}}};
    records.push_back(broken);
    records.push_back(with_flags("0000000a-0000-4000-8000-000000000000", 6, {"carer-urgent", "safeguarding"}));

    const auto entries = triage(records);
    REQUIRE(entries.size() == 6);
    std::vector<std::string> order;
    for (const auto& e : entries) order.push_back(e.reference);
    CHECK(order == std::vector<std::string>{"SD-0000-0004", "SD-0000-000A", "SD-0000-0003", "SD-0000-0002",
                                            "SD-0000-0001", "SD-0000-0005"});
    CHECK(entries[0].group == TriageGroup::Safeguarding);
    CHECK(entries[1].group == TriageGroup::Safeguarding);
    CHECK(entries[2].group == TriageGroup::CarerUrgent);
    CHECK(entries[3].group == TriageGroup::Other);
    CHECK(entries[4].group == TriageGroup::NoSummary);
    CHECK(entries[5].group == TriageGroup::NoSummary);
    CHECK(entries[5].summary_error.rfind("summary.malformed", 0) == 0);

    const std::string text = format_triage(entries);
    CHECK(text.find("SAFEGUARDING  SD-0000-0004  record 00000004-0000-4000-8000-000000000000 rev 1") == 0);
    CHECK(text.find("NO-SUMMARY  SD-0000-0001  record 00000001-0000-4000-8000-000000000000 rev 1  form SAQ-D1  no summary\n") !=
          std::string::npos);
    CHECK(text.find("summary unreadable (summary.malformed") != std::string::npos);
    CHECK(text.find("shown: £368.50 a week; eligibility for the worker") != std::string::npos);

    // The JSON export gives the summary as an object, null without one, and the reason when unreadable.
    const auto exported = nlohmann::json::parse(format_json(records));
    CHECK(exported[0]["summary"].is_null());
    CHECK(exported[3]["summary"]["flags"][0]["flag"] == "safeguarding");
    CHECK(exported[4]["summary"]["error"].get<std::string>().rfind("summary.malformed", 0) == 0);
}
