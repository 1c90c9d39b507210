// Shared by the council export tests: the worked examples (tests/fixtures/*.json) and the real forms
// (assets/forms) loaded as the export command would load them, wrapped as ExportRecords with
// made-up but plausible envelope metadata.
#pragma once

#include "sync/council/export_record.h"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace selfdirect::council::testing {

inline nlohmann::json read_json(const std::string& relative) {
    std::ifstream in(std::string(SELFDIRECT_SOURCE_DIR) + "/" + relative, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << relative);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return nlohmann::json::parse(text);
}

inline ExportRecord fixture_record(const std::string& name, const std::string& record_id, std::int64_t seq,
                                   std::uint32_t revision = 1) {
    ExportRecord record;
    record.response = read_json("tests/fixtures/" + name + ".json");
    record.meta.record_id = record_id;
    record.meta.revision = revision;
    record.meta.server_seq = seq;
    record.meta.server_time = 1795000000 + seq;
    record.meta.device_id = "kiosk-central-library-1";
    const std::string canonical = record.response.value("questionnaire", "");
    record.meta.form_id = canonical.find("CSAQ-D1") != std::string::npos ? "CSAQ-D1" : "SAQ-D1";
    record.meta.form_version = "1";
    return record;
}

inline FormCatalogue real_forms() {
    FormCatalogue forms;
    for (const char* file : {"assets/forms/SAQ-D1.json", "assets/forms/CSAQ-D1.json"}) {
        std::string form_id;
        FormOrder order;
        REQUIRE(read_form_order(read_json(file), form_id, order));
        forms[form_id] = order;
    }
    return forms;
}

inline ExportRecord inline_record(const std::string& record_id, const std::string& form_id, nlohmann::json response,
                                  std::int64_t seq = 1) {
    ExportRecord record;
    record.meta.record_id = record_id;
    record.meta.server_seq = seq;
    record.meta.server_time = 1795000000;
    record.meta.device_id = "kiosk-1";
    record.meta.form_id = form_id;
    record.meta.form_version = "1";
    record.response = std::move(response);
    return record;
}

} // namespace selfdirect::council::testing
