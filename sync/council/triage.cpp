// Triage order and its text (see triage.h).
#include "sync/council/triage.h"

#include "core/money.h"
#include "core/record_reference.h"

#include <algorithm>

namespace selfdirect::council {
namespace {

const char* group_label(TriageGroup g) {
    switch (g) {
    case TriageGroup::Safeguarding: return "SAFEGUARDING";
    case TriageGroup::CarerUrgent: return "CARER-URGENT";
    case TriageGroup::Other: return "OTHER";
    case TriageGroup::NoSummary: return "NO-SUMMARY";
    }
    return "?";
}

std::string figure_text(const core::SummaryFigure& f) {
    const std::string amount = "£" + core::format_pence(f.pence);
    if (f.what == "weekly") return amount + " a week";
    if (f.what == "annual") return amount + " a year";
    if (f.what == "carer-payment") return amount + " one-off carer's payment";
    return amount + " (" + f.what + ")";
}

std::string shown_text(const core::AssessmentSummary& s) {
    std::string out;
    if (!s.budget_shown || s.figures_shown.empty()) out = "no amount";
    for (const auto& f : s.figures_shown) out += (out.empty() ? "" : ", ") + figure_text(f);
    if (s.eligibility) {
        out += std::string("; eligibility ") + (s.eligibility->indicated ? "indicated" : "not indicated") + " (" +
               s.eligibility->regulation + ")";
    } else {
        out += "; eligibility for the worker";
    }
    return out;
}

std::string flags_text(const core::AssessmentSummary& s) {
    if (s.flags.empty()) return "none";
    std::string out;
    for (const auto& f : s.flags) out += (out.empty() ? "" : ", ") + f.flag;
    return out;
}

} // namespace

std::vector<TriageEntry> triage(const std::vector<ExportRecord>& records) {
    std::vector<TriageEntry> out;
    out.reserve(records.size());
    for (const ExportRecord& r : records) {
        TriageEntry e;
        e.meta = r.meta;
        e.reference = core::reference_for_record(r.meta.record_id);
        if (auto read = core::read_summary(r.response)) {
            if (read->ok()) e.summary = std::move(read->value());
            else e.summary_error = read->error().code + ": " + read->error().message;
        }
        if (!e.summary) e.group = TriageGroup::NoSummary;
        else if (e.summary->raised("safeguarding")) e.group = TriageGroup::Safeguarding;
        else if (e.summary->raised("carer-urgent")) e.group = TriageGroup::CarerUrgent;
        else e.group = TriageGroup::Other;
        out.push_back(std::move(e));
    }
    std::stable_sort(out.begin(), out.end(), [](const TriageEntry& a, const TriageEntry& b) {
        if (a.group != b.group) return a.group < b.group;
        return a.meta.server_seq < b.meta.server_seq;
    });
    return out;
}

nlohmann::json summary_export_json(const nlohmann::json& response) {
    auto read = core::read_summary(response);
    if (!read) return nullptr;
    if (!read->ok()) return nlohmann::json{{"error", read->error().code + ": " + read->error().message}};
    return core::summary_to_json(read->value());
}

std::string format_triage(const std::vector<TriageEntry>& entries) {
    std::string out;
    for (const TriageEntry& e : entries) {
        out += std::string(group_label(e.group)) + "  " + e.reference + "  record " + e.meta.record_id + " rev " +
               std::to_string(e.meta.revision) + "  form " + e.meta.form_id + "  ";
        if (e.summary) out += "flags: " + flags_text(*e.summary) + "  shown: " + shown_text(*e.summary);
        else if (!e.summary_error.empty()) out += "summary unreadable (" + e.summary_error + ")";
        else out += "no summary";
        out += "\n";
    }
    return out;
}

} // namespace selfdirect::council
