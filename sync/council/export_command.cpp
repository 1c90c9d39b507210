// `selfdirect-council export`: on the council's own machine, opens every stored record with the
// council key and writes them to one file in a format the council's systems import (CSV, JSON, a
// FHIR Bundle, or a Client Level Data shaped CSV). The formats are pure functions in export_*.cpp;
// this file does the I/O: key, store, forms, CLD map, and an atomic write of the result.
// Every record is read by open_stored_record (verified as it goes, identity from the signed header,
// nesting cap); one that fails is quarantined: named on stderr, listed in OUT.quarantine.json, and
// the tool exits 1 after writing the others. Kept conflicts are reported on stderr.
#include "sync/council/commands.h"
#include "sync/protocol/untrusted_json.h"
#include "sync/council/command_support.h"

#include "sync/council/council_key_file.h"
#include "sync/council/council_records.h"
#include "sync/council/export_cld.h"
#include "sync/council/export_csv.h"
#include "sync/council/export_enabled.h"
#include "sync/council/export_fhir_bundle.h"
#include "sync/council/export_json.h"
#include "core/questionnaire_parser.h"
#include "vault/asset_file.h"

#include <cstdio>
#include <ostream>
#include <random>

namespace selfdirect::council {

namespace {

// Bundle.id only names this export (it is not a secret), so std::random_device is enough.
std::string random_uuid() {
    std::random_device device;
    std::uint8_t b[16];
    for (auto& byte : b) byte = static_cast<std::uint8_t>(device() & 0xff);
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return text;
}

Result<nlohmann::json> read_json_file(const std::filesystem::path& path) {
    auto text = vault::read_asset_file(path);
    if (!text) return text.error();
    auto parsed = sync::parse_untrusted_json(text.value());
    if (parsed.is_discarded()) return make_error("council.bad_json", path.string() + ": not JSON");
    return parsed;
}

// Every *.json Questionnaire in the directory; other JSON files (RAS tables, maps) are skipped.
// `models` gets each form the form engine reads, for the answer columns (export_enabled.h).
Result<FormCatalogue> read_forms(const std::filesystem::path& dir, FormModels& models) {
    FormCatalogue forms;
    if (dir.empty()) return forms;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return make_error("council.forms", dir.string() + ": not a directory");
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".json" || !entry.is_regular_file()) continue;
        auto json = read_json_file(entry.path());
        if (!json) return json.error();
        std::string form_id;
        FormOrder order;
        if (!read_form_order(json.value(), form_id, order)) continue;
        forms[form_id] = std::move(order);
        if (auto model = core::parse_questionnaire_json(json.value(), entry.path().string()))
            models[form_id] = std::move(model.value());
    }
    if (ec) return make_error("council.forms", dir.string() + ": " + ec.message());
    return forms;
}

} // namespace

int run_export(const ExportOptions& options, std::ostream& out, std::ostream& err) {
    const auto& format = options.format;
    if (format != "csv" && format != "json" && format != "fhir" && format != "cld") {
        err << "selfdirect-council: --format must be csv, json, fhir or cld\n";
        return kExitUsage;
    }
    if (options.all_revisions && (format == "fhir" || format == "cld")) {
        err << "selfdirect-council: --all-revisions works with csv and json only (a FHIR Bundle or CLD return "
               "holds one revision of each record)\n";
        return kExitUsage;
    }
    FormModels form_models;
    auto forms = read_forms(options.questionnaire_dir, form_models);
    if (!forms) {
        err << "selfdirect-council: cannot read forms: " << forms.error().code << ": " << forms.error().message << "\n";
        return kExitUsage;
    }
    CldMap cld_map;
    if (format == "cld") {
        auto json = read_json_file(options.cld_map);
        auto map = json ? parse_cld_map(json.value()) : Result<CldMap>(json.error());
        if (!map) {
            err << "selfdirect-council: cannot use CLD map " << options.cld_map.string() << ": " << map.error().code
                << ": " << map.error().message << "\n";
            return kExitUsage;
        }
        cld_map = std::move(map.value());
    }
    auto opened_store = open_key_and_store(options.key_file, options.passphrase_file, options.store, err);
    if (!opened_store) return kExitUsage;
    auto& [key, store] = *opened_store;
    auto opened = open_all_records(store, key, err);
    if (!opened) {
        err << "selfdirect-council: cannot read store: " << opened.error().code << ": " << opened.error().message << "\n";
        return kExitUsage;
    }

    auto conflicts = store.conflicts();
    if (!conflicts) {
        err << "selfdirect-council: cannot read store: " << conflicts.error().code << ": " << conflicts.error().message
            << "\n";
        return kExitUsage;
    }

    std::size_t superseded = 0;
    auto records = options.all_revisions ? std::move(opened->records)
                                         : latest_revisions(std::move(opened->records), &superseded);
    // Answer columns show only what the form enables; JSON and FHIR stay the response as sealed.
    if (format == "csv" || format == "cld")
        for (const DroppedAnswers& d : keep_enabled_answers(records, form_models))
            err << "selfdirect-council: record " << d.meta.record_id << " revision " << d.meta.revision << ": " << d.items
                << " answer(s) under items its form does not enable left out of the columns\n";
    std::string text;
    if (format == "csv") text = format_csv(records, forms.value());
    if (format == "json") text = format_json(records);
    if (format == "fhir") text = format_fhir_bundle(records, forms.value(), random_uuid(), iso8601_utc(now_unix()));
    if (format == "cld") {
        text = format_cld(records, cld_map, CldOptions{options.la_code, options.period_start, options.period_end});
    }
    if (auto wrote = write_output_file(options.out_file, text); !wrote) {
        err << "selfdirect-council: cannot write " << options.out_file.string() << ": " << wrote.error().code << ": "
            << wrote.error().message << "\n";
        return kExitUsage;
    }
    // The quarantine list sits beside the output; an old one is removed so it never describes
    // another export than this one.
    auto quarantine_file = options.out_file;
    quarantine_file += ".quarantine.json";
    if (!opened->quarantined.empty()) {
        if (auto wrote = write_output_file(quarantine_file, quarantine_json(opened->quarantined)); !wrote) {
            err << "selfdirect-council: cannot write " << quarantine_file.string() << ": " << wrote.error().code << ": "
                << wrote.error().message << "\n";
            return kExitUsage;
        }
    } else {
        std::error_code ignored;
        std::filesystem::remove(quarantine_file, ignored);
    }
    report_conflicts(conflicts.value(), err);
    out << "exported " << records.size() << " record(s) as " << format << " to " << options.out_file.string();
    if (superseded) out << " (" << superseded << " earlier revision(s) left out)";
    if (!opened->quarantined.empty()) {
        out << "; " << opened->quarantined.size() << " record(s) quarantined, listed in " << quarantine_file.string();
    }
    if (!conflicts->empty()) out << "; " << conflicts->size() << " kept conflict(s) to review";
    out << "\n";
    return opened->quarantined.empty() ? kExitOk : kExitSomeFailed;
}

} // namespace selfdirect::council
