// The subcommands of selfdirect-council, each a function of its parsed options returning the
// process exit code: 0 success, 1 some records could not be opened, 2 bad arguments or an
// unreadable file (with a one-line message on stderr).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

namespace selfdirect::council {

inline constexpr int kExitOk = 0;
inline constexpr int kExitSomeFailed = 1;
inline constexpr int kExitUsage = 2;

struct KeygenOptions {
    std::filesystem::path out_dir;
    std::string key_id; // empty: "council-YYYYMMDD" (UTC)
};

struct DecryptOptions {
    std::filesystem::path key_file;   // council.sk (or the directory holding it)
    std::filesystem::path store_file; // the selfdirect-sync SQLite store
};

// `score QUESTIONNAIRE RESPONSE [--ras TABLE] [--outcomes MAP]`: prints one JSON report (exit 0
// even when the answers are invalid); exit 2 when an input cannot be used.
struct ScoreOptions {
    std::filesystem::path questionnaire_file;
    std::filesystem::path response_file;
    std::filesystem::path ras_file;      // empty: no budget
    std::filesystem::path outcomes_file; // empty: the table's outcomeMap, if it names one
};

int run_keygen(const KeygenOptions& options, std::ostream& out, std::ostream& err);
int run_decrypt(const DecryptOptions& options, std::ostream& out, std::ostream& err);
int run_score(const ScoreOptions& options, std::ostream& out, std::ostream& err);

} // namespace selfdirect::council
