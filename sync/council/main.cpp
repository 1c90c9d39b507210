// Entry point of selfdirect-council, the council's command-line tool: argument parsing only; each
// subcommand lives in its own *_command.cpp. Bad arguments exit 2 with one line on stderr.
#include "sync/council/commands.h"
#include "vault/memory_hygiene.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    using namespace selfdirect::council;

    // The council tool holds the council secret key and decrypted records: no core dumps, no ptrace.
    if (auto hardened = selfdirect::vault::harden_process(); !hardened) {
        std::cerr << "selfdirect-council: warning: " << hardened.error().message << "\n";
    }

    CLI::App app{"selfdirect-council: council-side tool for selfdirect records"};
    app.require_subcommand(1);

    KeygenOptions keygen;
    auto* keygen_cmd = app.add_subcommand("keygen", "create the council key pair (council.pk, council.sk)");
    keygen_cmd->add_option("--out", keygen.out_dir, "directory to write the key files into")->required();
    keygen_cmd->add_option("--key-id", keygen.key_id, "key id recorded in every envelope (default council-YYYYMMDD)");
    keygen_cmd->add_option("--passphrase-file", keygen.passphrase_file,
                           "file holding the passphrase that protects council.sk (default: ask on the terminal)");

    DecryptOptions decrypt;
    auto* decrypt_cmd = app.add_subcommand("decrypt", "print every stored record as a JSON array");
    decrypt_cmd->add_option("--key", decrypt.key_file, "council.sk file (or its directory)")->required();
    decrypt_cmd->add_option("--store", decrypt.store_file, "selfdirect-sync store file")->required();

    decrypt_cmd->add_option("--passphrase-file", decrypt.passphrase_file, "file holding the council key passphrase");

    TriageOptions triage;
    auto* triage_cmd = app.add_subcommand("triage", "list every record for a worker: safeguarding first, then carers "
                                                    "who cannot carry on caring, then the rest");
    triage_cmd->add_option("--key", triage.key_file, "council.sk file (or its directory)")->required();
    triage_cmd->add_option("--store", triage.store, "store: sqlite:PATH, PATH or postgresql://...")->required();
    triage_cmd->add_option("--passphrase-file", triage.passphrase_file, "file holding the council key passphrase");

    ExportOptions export_opts;
    auto* export_cmd = app.add_subcommand("export", "decrypt every stored record into one CSV, JSON, FHIR Bundle "
                                                    "or Client Level Data CSV file");
    export_cmd->add_option("--key", export_opts.key_file, "council.sk file (or its directory)")->required();
    export_cmd->add_option("--passphrase-file", export_opts.passphrase_file, "file holding the council key passphrase");
    export_cmd->add_option("--store", export_opts.store, "store: sqlite:PATH, PATH or postgresql://...")->required();
    export_cmd->add_option("--format", export_opts.format, "csv, json, fhir or cld")->required();
    export_cmd->add_option("--out", export_opts.out_file, "file to write (replaced atomically, mode 0600)")->required();
    export_cmd->add_option("--questionnaire-dir", export_opts.questionnaire_dir,
                           "directory of Questionnaire JSON files (column order, canonical URLs)");
    export_cmd->add_option("--cld-map", export_opts.cld_map, "CLD column map (default assets/exports/cld-map.json)");
    export_cmd->add_option("--la-code", export_opts.la_code, "CLD: the council's LA code");
    export_cmd->add_option("--period-start", export_opts.period_start, "CLD: reporting period start (YYYY-MM-DD)");
    export_cmd->add_option("--period-end", export_opts.period_end, "CLD: reporting period end (YYYY-MM-DD)");
    export_cmd->add_flag("--all-revisions", export_opts.all_revisions, "csv/json: every revision, not only the latest");

    PullOptions pull;
    auto* pull_cmd = app.add_subcommand("pull", "copy stored envelopes into a council-local store");
    auto* pull_from = pull_cmd->add_option("--from", pull.from, "server store: sqlite:PATH, PATH or postgresql://...");
    auto* pull_bundle = pull_cmd->add_option("--bundle", pull.bundle_dir, "removable-media bundle directory");
    pull_from->excludes(pull_bundle);
    pull_cmd->add_option("--into", pull.into, "council-local SQLite store")->required();
    pull_cmd->add_option("--overlap", pull.overlap, "sequence numbers re-read behind the last pull (default 64)");
    pull_cmd->add_option("--receipt-key", pull.receipt_key, "with --bundle: the receiver's receipt.sk (signs the receipts)");

    VerifyOptions verify;
    auto* verify_cmd = app.add_subcommand("verify", "re-check every stored envelope's signature, hash and receipt");
    verify_cmd->add_option("--store", verify.store, "store: sqlite:PATH, PATH or postgresql://...")->required();
    verify_cmd->add_option("--receipt-public-key", verify.receipt_public_key, "receipt.pk of the receiver")->required();
    verify_cmd->add_option("--council-public-key", verify.council_public_key,
                           "council.pk: also check every record is sealed to this key");

    ReceiptKeygenOptions receipt_keygen;
    auto* receipt_keygen_cmd =
        app.add_subcommand("receipt-keygen", "create the receiver's receipt key pair (receipt.sk, receipt.pk)");
    receipt_keygen_cmd->add_option("--out", receipt_keygen.out_dir, "directory to write the key files into")->required();

    EnrolOptions enrol;
    auto* enrol_cmd = app.add_subcommand("enrol", "issue a one-time enrolment code for a device");
    enrol_cmd->add_option("--store", enrol.store, "store: sqlite:PATH, PATH or postgresql://...")->required();
    enrol_cmd->add_option("--device-id", enrol.device_id, "the device's id (its profile's device_id)")->required();
    enrol_cmd->add_option("--valid-hours", enrol.valid_hours, "hours the code stays valid (default 72)")
        ->check(CLI::Range(1, 24 * 90));

    RevokeOptions revoke;
    auto* revoke_cmd = app.add_subcommand("revoke", "stop accepting envelopes from a device");
    revoke_cmd->add_option("--store", revoke.store, "store: sqlite:PATH, PATH or postgresql://...")->required();
    revoke_cmd->add_option("--device-id", revoke.device_id, "the device to revoke")->required();

    RestoreEpochOptions restore_epoch;
    auto* restore_epoch_cmd = app.add_subcommand(
        "restore-epoch", "give the store a new restore epoch (run once after restoring it from a backup)");
    restore_epoch_cmd->add_option("--store", restore_epoch.store, "store: sqlite:PATH, PATH or postgresql://...")
        ->required();

    ScoreOptions score;
    auto* score_cmd = app.add_subcommand("score", "score a QuestionnaireResponse: validity, calculated items, flags, "
                                                  "and with --ras the indicative budget and eligibility indicator");
    score_cmd->add_option("questionnaire", score.questionnaire_file, "FHIR R4 Questionnaire JSON")->required();
    score_cmd->add_option("response", score.response_file, "FHIR R4 QuestionnaireResponse JSON")->required();
    score_cmd->add_option("--ras", score.ras_file, "RAS table JSON (assets/ras/*.json)");
    score_cmd->add_option("--outcomes", score.outcomes_file,
                          "eligibility outcome map JSON (default: the one the RAS table names)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "selfdirect-council: " << e.what() << " (see --help)\n";
        return kExitUsage;
    }

    if (keygen_cmd->parsed()) return run_keygen(keygen, std::cout, std::cerr);
    if (score_cmd->parsed()) return run_score(score, std::cout, std::cerr);
    if (export_cmd->parsed()) return run_export(export_opts, std::cout, std::cerr);
    if (triage_cmd->parsed()) return run_triage(triage, std::cout, std::cerr);
    if (pull_cmd->parsed()) {
        if (pull.from.empty() == pull.bundle_dir.empty()) {
            std::cerr << "selfdirect-council: pull needs exactly one of --from and --bundle (see --help)\n";
            return kExitUsage;
        }
        return run_pull(pull, std::cout, std::cerr);
    }
    if (verify_cmd->parsed()) return run_verify(verify, std::cout, std::cerr);
    if (receipt_keygen_cmd->parsed()) return run_receipt_keygen(receipt_keygen, std::cout, std::cerr);
    if (enrol_cmd->parsed()) return run_enrol(enrol, std::cout, std::cerr);
    if (revoke_cmd->parsed()) return run_revoke(revoke, std::cout, std::cerr);
    if (restore_epoch_cmd->parsed()) return run_restore_epoch(restore_epoch, std::cout, std::cerr);
    return run_decrypt(decrypt, std::cout, std::cerr);
}
