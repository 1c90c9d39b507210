// The council's answer columns (CSV, CLD) come from each response as its form enables it: a stale
// "most nights" left under the night-time group of the independent test form after "no" is not a
// column value, and the record is named (issue 12, item 20).
#include "council_export_support.h"

#include "core/questionnaire_parser.h"
#include "sync/council/export_csv.h"
#include "sync/council/export_enabled.h"

using namespace selfdirect;
using namespace selfdirect::council;
using namespace selfdirect::council::testing;

namespace {

const char* kForm = "independent-night-help";

FormModels night_form() {
    auto q = core::parse_questionnaire_json(read_json(std::string("tests/fixtures/") + kForm + ".json"), "form.json");
    REQUIRE(q.ok());
    FormModels forms;
    forms[kForm] = std::move(q.value());
    return forms;
}

ExportRecord stale_record(const std::string& form_id = kForm, const std::string& version = "1") {
    ExportRecord r = inline_record("rec-1", form_id, read_json("tests/fixtures/independent-night-help-stale.json"));
    r.meta.form_version = version;
    return r;
}

} // namespace

TEST_CASE("an answer under a group the form does not enable is left out of the export columns, and the record is named") {
    std::vector<ExportRecord> records{stale_record()};
    CHECK(format_csv(records, {}).find("most-nights") != std::string::npos); // the control: as sealed, it is there
    const auto dropped = keep_enabled_answers(records, night_form());
    REQUIRE(dropped.size() == 1);
    CHECK(dropped[0].meta.record_id == "rec-1");
    CHECK(dropped[0].items == 1);
    const std::string csv = format_csv(records, {});
    CHECK(csv.find("most-nights") == std::string::npos);
    CHECK(csv.find("night.often") == std::string::npos);
    CHECK(csv.find("a-lot") != std::string::npos); // the enabled answers stay
}

TEST_CASE("records of a form the council does not have, or of another version of it, are exported as sealed") {
    std::vector<ExportRecord> records{stale_record("other-form"), stale_record(kForm, "2")};
    CHECK(keep_enabled_answers(records, night_form()).empty());
    CHECK(records[0].response == read_json("tests/fixtures/independent-night-help-stale.json"));
    CHECK(records[1].response == read_json("tests/fixtures/independent-night-help-stale.json"));
}

TEST_CASE("a decimal kept as written is judged as its number, and stays as written in the export") {
    auto q = core::parse_questionnaire(R"({"resourceType":"Questionnaire","id":"dec","version":"1","item":[
        {"linkId":"hours","type":"decimal"},
        {"linkId":"g","type":"group","enableWhen":[{"question":"hours","operator":">","answerDecimal":2}],
         "item":[{"linkId":"why","type":"string"}]}]})",
                                       "dec.json");
    REQUIRE(q.ok());
    FormModels forms;
    forms["dec"] = std::move(q.value());
    // The council tool holds "2.50" as a JSON binary value carrying its text (so it exports as 2.50).
    auto record_with = [](const std::string& lexeme) {
        nlohmann::json hours = nlohmann::json::binary(std::vector<std::uint8_t>(lexeme.begin(), lexeme.end()), 0xDE);
        return inline_record("rec-" + lexeme, "dec",
                             {{"resourceType", "QuestionnaireResponse"}, {"status", "completed"},
                              {"item", {{{"linkId", "hours"}, {"answer", {{{"valueDecimal", hours}}}}},
                                        {{"linkId", "g"}, {"item", {{{"linkId", "why"}, {"answer", {{{"valueString", "stairs"}}}}}}}}}}});
    };
    std::vector<ExportRecord> records{record_with("2.50"), record_with("1.50")};
    const std::vector<ExportRecord> sealed = records;
    const auto dropped = keep_enabled_answers(records, forms);
    REQUIRE(dropped.size() == 1);
    CHECK(dropped[0].meta.record_id == "rec-1.50");
    CHECK(records[0].response == sealed[0].response); // 2.50 > 2: the group is asked, nothing changes
    CHECK(records[1].response["item"].size() == 1);
    CHECK(records[1].response["item"][0] == sealed[1].response["item"][0]); // the kept decimal is untouched
}
