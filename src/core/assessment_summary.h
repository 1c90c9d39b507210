// What the person was told travels with their record: the council must see "was told X, was shown
// £Y" as the kiosk said it, not a figure recomputed later from tables that may have changed since.
// The summary is built once per submission from the same core::assess result the result page was
// drawn from, and travels inside the sealed QuestionnaireResponse as one FHIR extension (valueString
// holding the summary's JSON), so a response without it (an older record) is still a plain, valid
// QuestionnaireResponse to every reader. Format: docs/sync-protocol.md, "The sealed payload".
#pragma once

#include "core/assessment.h"
#include "core/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::core {

inline constexpr const char* kAssessmentSummaryUrl =
    "https://selfdirect.example/fhir/StructureDefinition/assessment-summary";
inline constexpr int kAssessmentSummaryVersion = 1;

struct SummaryFlag {
    std::string flag;                 // "safeguarding", "carer-urgent", ...
    std::vector<std::string> because; // the linkIds whose answers raised it, in form order
    bool operator==(const SummaryFlag&) const = default;
};

// One amount the result page showed: "weekly" and "annual" (adult tables), "carer-payment" (a
// carer's one-off band amount). Pence, exact.
struct SummaryFigure {
    std::string what;
    std::int64_t pence = 0;
    bool operator==(const SummaryFigure&) const = default;
};

struct SummaryEligibility {
    std::string regulation;                   // "adult" (reg 2) or "carer" (reg 3)
    bool indicated = false;
    std::string condition1;                   // condition_status_name: "met", "not met", ...
    bool condition2 = false;
    int outcomes_needed = 0;
    std::vector<std::string> outcomes;        // the codes of the outcomes indicated ("a", "d", ...)
    bool health_at_risk = false;              // carers: caring affects their health, or may
    bool operator==(const SummaryEligibility&) const = default;
};

struct AssessmentSummary {
    int version = kAssessmentSummaryVersion;
    std::string form_id, form_version;
    std::string app_version;
    std::string ras_table_id, ras_table_version;
    std::string ras_kind;                     // "adult" or "carer"
    bool panel = false;                       // the budget is for a worker to cost individually
    std::vector<SummaryFlag> flags;           // raised flags only, sorted by name
    bool budget_shown = false;                // whether the page showed any amount at all
    std::vector<SummaryFigure> figures_shown; // what it showed; empty when budget_shown is false
    std::optional<SummaryEligibility> eligibility; // none: no outcome map, the worker judges unaided
    bool operator==(const AssessmentSummary&) const = default;

    bool raised(std::string_view flag) const;
};

// What the caller knows that assess() does not: which form and app, and whether the result page
// actually showed the budget (a council may hide it: result.show_budget).
struct SummaryContext {
    std::string form_id, form_version;
    std::string app_version;
    bool budget_shown = true;
};

// Pure: the same result and context always give the same summary.
AssessmentSummary summarise_assessment(const AssessmentResult& result, const SummaryContext& context);

nlohmann::json summary_to_json(const AssessmentSummary& summary);
// Reads what summary_to_json wrote (unknown keys ignored, for later versions). Codes:
// "summary.malformed" (not JSON, too deep, or a field of the wrong type).
Result<AssessmentSummary> summary_from_json(std::string_view text);

// The response JSON with the summary added as its kAssessmentSummaryUrl extension (replacing one
// already there). Fails with "summary.malformed" when `response_json` is not a JSON object.
Result<std::string> with_summary(std::string_view response_json, const AssessmentSummary& summary);
// The summary a QuestionnaireResponse carries: nothing when it has none (an older record), an
// error when it has one that cannot be read.
std::optional<Result<AssessmentSummary>> read_summary(const nlohmann::json& response);

} // namespace selfdirect::core
