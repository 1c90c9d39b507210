// The council FHIR export: a FHIR R4 Bundle of type collection whose entries are the records'
// QuestionnaireResponses, each with its required elements, and every reference resolvable inside it.
#include "council_export_support.h"

#include "sync/council/export_fhir_bundle.h"
#include "sync/council/export_json.h"

#include <set>

using namespace selfdirect::council;
using namespace selfdirect::council::testing;

namespace {

void collect_references(const nlohmann::json& node, std::vector<std::string>& out) {
    if (node.is_object()) {
        for (const auto& [key, value] : node.items()) {
            if (key == "reference" && value.is_string()) out.push_back(value.get<std::string>());
            collect_references(value, out);
        }
    } else if (node.is_array()) {
        for (const auto& value : node) collect_references(value, out);
    }
}

std::vector<ExportRecord> worked_examples() {
    return {fixture_record("mrs-a", "0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10", 1),
            fixture_record("mr-a-carer", "77aa0c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b", 2),
            fixture_record("mrs-a-no-unpaid-help", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", 3)};
}

} // namespace

TEST_CASE("the FHIR export is a Bundle of type collection with an id and a timestamp") {
    const auto bundle = nlohmann::json::parse(
        format_fhir_bundle(worked_examples(), real_forms(), "5f0c2d9b-0000-4000-8000-000000000001", "2026-11-22T10:00:00Z"));
    CHECK(bundle["resourceType"] == "Bundle");
    CHECK(bundle["type"] == "collection");
    CHECK(bundle["id"] == "5f0c2d9b-0000-4000-8000-000000000001");
    CHECK(bundle["timestamp"] == "2026-11-22T10:00:00Z");
    CHECK_FALSE(bundle.contains("total")); // only searchset and history bundles may carry total
    REQUIRE(bundle["entry"].size() == 3);
}

TEST_CASE("every FHIR entry has a unique urn:uuid fullUrl and a QuestionnaireResponse with status and questionnaire") {
    const auto records = worked_examples();
    const auto bundle = fhir_bundle(records, real_forms(), "b", "2026-11-22T10:00:00Z");
    std::set<std::string> full_urls;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& entry = bundle["entry"][i];
        CHECK(entry["fullUrl"] == "urn:uuid:" + records[i].meta.record_id);
        full_urls.insert(entry["fullUrl"].get<std::string>());
        const auto& resource = entry["resource"];
        CHECK(resource["resourceType"] == "QuestionnaireResponse");
        CHECK(resource["id"] == records[i].meta.record_id);
        CHECK(resource["status"].is_string());
        CHECK(resource["questionnaire"].is_string());
        CHECK(resource["meta"]["versionId"] == "1");
        CHECK(resource["item"] == records[i].response["item"]); // the answers pass through untouched
    }
    CHECK(full_urls.size() == records.size());
}

TEST_CASE("a record without status or questionnaire gets completed and its form's canonical") {
    const std::vector<ExportRecord> records{
        inline_record("0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a10", "SAQ-D1", {{"resourceType", "QuestionnaireResponse"}}),
        inline_record("0b8f4a52-3c1e-4d7a-9e62-5f0c2d9b7a11", "SKEL-1", {{"resourceType", "QuestionnaireResponse"}}, 2)};
    const auto bundle = fhir_bundle(records, real_forms(), "b", "2026-11-22T10:00:00Z");
    CHECK(bundle["entry"][0]["resource"]["status"] == "completed");
    CHECK(bundle["entry"][0]["resource"]["questionnaire"] == "https://selfdirect.example/fhir/Questionnaire/SAQ-D1|1");
    CHECK(bundle["entry"][1]["resource"]["questionnaire"] == "urn:selfdirect:form:SKEL-1|1");
}

TEST_CASE("every urn:uuid reference in the FHIR export resolves to an entry of the bundle") {
    auto records = worked_examples();
    // A response that points at another record of the export (e.g. a carer's to the cared-for person's).
    records[1].response["partOf"] = {{"reference", "urn:uuid:" + records[0].meta.record_id}};
    const auto bundle = fhir_bundle(records, real_forms(), "b", "2026-11-22T10:00:00Z");
    std::set<std::string> full_urls;
    for (const auto& entry : bundle["entry"]) full_urls.insert(entry["fullUrl"].get<std::string>());
    std::vector<std::string> references;
    collect_references(bundle, references);
    CHECK_FALSE(references.empty());
    for (const auto& reference : references) {
        if (reference.rfind("urn:uuid:", 0) == 0) CHECK_MESSAGE(full_urls.count(reference), reference << " does not resolve");
    }
}

TEST_CASE("an empty FHIR export is a Bundle with no entry array") {
    const auto bundle = fhir_bundle({}, {}, "b", "2026-11-22T10:00:00Z");
    CHECK_FALSE(bundle.contains("entry")); // FHIR JSON never has empty arrays
}

TEST_CASE("the JSON export pairs each record's metadata with its response") {
    const auto records = worked_examples();
    const auto array = nlohmann::json::parse(format_json(records));
    REQUIRE(array.is_array());
    REQUIRE(array.size() == 3);
    CHECK(array[1]["record_id"] == records[1].meta.record_id);
    CHECK(array[1]["revision"] == 1);
    CHECK(array[1]["server_seq"] == 2);
    CHECK(array[1]["server_time"] == 1795000002);
    CHECK(array[1]["device_id"] == "kiosk-central-library-1");
    CHECK(array[1]["form_id"] == "CSAQ-D1");
    CHECK(array[1]["form_version"] == "1");
    CHECK(array[1]["response"] == records[1].response);
}
