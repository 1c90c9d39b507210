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

    DecryptOptions decrypt;
    auto* decrypt_cmd = app.add_subcommand("decrypt", "print every stored record as a JSON array");
    decrypt_cmd->add_option("--key", decrypt.key_file, "council.sk file (or its directory)")->required();
    decrypt_cmd->add_option("--store", decrypt.store_file, "selfdirect-sync store file")->required();

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
    return run_decrypt(decrypt, std::cout, std::cerr);
}
