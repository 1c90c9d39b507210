// The subcommands of selfdirect-council, each a function of its parsed options returning the
// process exit code: 0 success, 1 some records could not be opened, 2 bad arguments or an
// unreadable file (with a one-line message on stderr).
#pragma once

#include <cstdint>
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
    std::filesystem::path passphrase_file; // empty: ask twice on the terminal, without echo
};

struct DecryptOptions {
    std::filesystem::path key_file;   // council.sk (or the directory holding it)
    std::filesystem::path store_file; // the selfdirect-sync SQLite store
    std::filesystem::path passphrase_file; // empty: ask on the terminal (council.sk is passphrase-wrapped)
};

// `triage --key K --store S`: every record, safeguarding and carer-urgent first (docs/council-export.md).
struct TriageOptions {
    std::filesystem::path key_file;
    std::filesystem::path passphrase_file; // empty: ask on the terminal
    std::string store;                     // store location (sqlite:PATH, PATH or postgresql://…)
};

// `score QUESTIONNAIRE RESPONSE [--ras TABLE] [--outcomes MAP]`: prints one JSON report (exit 0
// even when the answers are invalid); exit 2 when an input cannot be used.
struct ScoreOptions {
    std::filesystem::path questionnaire_file;
    std::filesystem::path response_file;
    std::filesystem::path ras_file;      // empty: no budget
    std::filesystem::path outcomes_file; // empty: the table's outcomeMap, if it names one
};

// `export --key K --store S --format csv|json|fhir|cld --out FILE`: docs/council-export.md.
struct ExportOptions {
    std::filesystem::path key_file;
    std::filesystem::path passphrase_file; // empty: ask on the terminal
    std::string store;                     // store location (sqlite:PATH, PATH or postgresql://…)
    std::string format;                    // csv, json, fhir, cld
    std::filesystem::path out_file;
    std::filesystem::path questionnaire_dir; // empty: no forms known (columns sorted by linkId)
    std::filesystem::path cld_map = "assets/exports/cld-map.json";
    std::string la_code, period_start, period_end; // CLD "option" columns
    bool all_revisions = false;                    // csv/json: every revision, not only the latest
};

// `pull --from STORE|--bundle DIR --into LOCAL.db`: copies stored envelopes into a council-local store.
struct PullOptions {
    std::string from;
    std::filesystem::path bundle_dir;
    std::filesystem::path into;
    std::int64_t overlap = 64; // seqs re-read behind the last pulled one
    std::filesystem::path receipt_key; // --bundle: receipt.sk of the receiver store named by --into
};

// `verify --store S --receipt-public-key receipt.pk [--council-public-key council.pk]`.
struct VerifyOptions {
    std::string store;
    std::filesystem::path receipt_public_key;
    std::filesystem::path council_public_key; // empty: not checked
};

// `receipt-keygen --out DIR`: the receiver's receipt key (receipt.sk 0600, receipt.pk); never overwrites.
struct ReceiptKeygenOptions {
    std::filesystem::path out_dir;
};

// `enrol --store S --device-id D [--valid-hours 72]`: prints a one-time enrolment code for D.
struct EnrolOptions {
    std::string store;
    std::string device_id;
    int valid_hours = 72;
};

// `revoke --store S --device-id D`: D's later envelopes are rejected (device.revoked).
struct RevokeOptions {
    std::string store;
    std::string device_id;
};

// `restore-epoch --store S`: a new restore epoch, after the store was restored from a backup.
struct RestoreEpochOptions {
    std::string store;
};

int run_receipt_keygen(const ReceiptKeygenOptions& options, std::ostream& out, std::ostream& err);
int run_enrol(const EnrolOptions& options, std::ostream& out, std::ostream& err);
int run_revoke(const RevokeOptions& options, std::ostream& out, std::ostream& err);
int run_restore_epoch(const RestoreEpochOptions& options, std::ostream& out, std::ostream& err);

int run_export(const ExportOptions& options, std::ostream& out, std::ostream& err);
int run_pull(const PullOptions& options, std::ostream& out, std::ostream& err);
int run_verify(const VerifyOptions& options, std::ostream& out, std::ostream& err);
int run_keygen(const KeygenOptions& options, std::ostream& out, std::ostream& err);
int run_decrypt(const DecryptOptions& options, std::ostream& out, std::ostream& err);
int run_score(const ScoreOptions& options, std::ostream& out, std::ostream& err);
int run_triage(const TriageOptions& options, std::ostream& out, std::ostream& err);

} // namespace selfdirect::council
