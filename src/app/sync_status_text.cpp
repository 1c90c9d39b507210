// Sync status words for the staff page and a tablet's header (see sync_status_text.h).
#include "app/sync_status_text.h"
#include "app/date_words.h"

namespace selfdirect::app {

using core::fill;
using core::tr_noop;

namespace {

// The last problem as a tablet header says it: short, and what happens next. "" when the held
// count says it better (a record the council refused or that conflicts). A device that needs setting
// up gets a line of its own (tablet_status_line), not these words.
std::string problem_words(SyncProblem problem, int held, const core::Catalogue& c) {
    switch (problem) {
    case SyncProblem::None: return {};
    case SyncProblem::Unreachable: return std::string(c.tr("Could not reach the council — will try again"));
    case SyncProblem::NoAnswer: return std::string(c.tr("The council's server did not answer — will try again"));
    case SyncProblem::ServerStorage:
    case SyncProblem::ServerTrouble: return std::string(c.tr("The council's server had a problem — will try again"));
    case SyncProblem::AnswerUnverifiable:
        return std::string(c.tr("The council's answer could not be checked — tell the council's IT team"));
    case SyncProblem::Held:
        if (held > 0) return {};
        break;
    case SyncProblem::NotSetUp:
    case SyncProblem::EnrolmentRefused:
    case SyncProblem::Other: break;
    }
    return std::string(c.tr("Could not send — will try again"));
}

std::string records_text(int n, const char* one, const char* many, const core::Catalogue& c) {
    if (n == 1) return std::string(c.tr(one));
    return fill(c.tr(many), {{"n", format_count(n)}});
}

std::string joined(const std::string& status, const std::string& detail, const core::Catalogue& c) {
    if (detail.empty()) return status;
    return fill(c.tr("{status} · {detail}"), {{"status", status}, {"detail", detail}});
}

} // namespace

SyncStatus staff_sync_status(const sync::UploadReport& r) {
    SyncStatus s;
    s.waiting = r.status.queued + r.status.sending;
    s.confirmed = r.status.acked;
    s.held = r.status.held;
    s.last_success_unix = r.status.last_success_unix;
    s.problem = sync_problem(r.last_error, r.receiver_reason);
    if (r.last_error) s.problem_code = r.last_error->code;
    return s;
}

std::string format_count(std::int64_t n) {
    const std::string text = std::to_string(n);
    const std::size_t first = (!text.empty() && text[0] == '-') ? 1 : 0; // the first digit
    std::string out(text, 0, first);
    // Appended left to right (GCC 12 warns falsely about std::string::insert at -O2).
    for (std::size_t i = first; i < text.size(); ++i) {
        if (i > first && (text.size() - i) % 3 == 0) out += ',';
        out += text[i];
    }
    return out;
}

std::string sending_text(const SyncProgress& p, const core::Catalogue& c) {
    return fill(c.tr("Sending {n} of {m} records"), {{"n", format_count(p.sent)}, {"m", format_count(p.total)}});
}

std::string tablet_status_line(const SyncSnapshot& s, const core::Catalogue& c) {
    if (s.progress && s.progress->total > 0) return sending_text(*s.progress, c);
    if (!s.report) return {};
    const sync::UploadReport& r = *s.report;
    const int waiting = r.status.queued + r.status.sending;
    const int held = r.status.held;
    const SyncProblem problem = sync_problem(r.last_error, r.receiver_reason);
    std::string line;
    if (needs_set_up(problem)) {
        line = std::string(c.tr("Not set up to send yet — tell the council's IT team"));
    } else if (waiting > 0) {
        line = joined(records_text(waiting, tr_noop("1 record waiting to send"), tr_noop("{n} records waiting to send"), c),
                      problem_words(problem, held, c), c);
    } else if (r.status.last_success_unix > 0) {
        const LocalDateTime last = local_date_time(r.status.last_success_unix);
        line = last.date == s.today_local ? fill(c.tr("All records sent · last {time}"), {{"time", last.time}})
                                          : fill(c.tr("All records sent · last {date}"), {{"date", date_words(c, last.date)}});
    } else {
        line = std::string(c.tr("No records to send yet"));
    }
    if (held > 0)
        line = joined(line, records_text(held, tr_noop("1 record held for the council to check"),
                                         tr_noop("{n} records held for the council to check"), c),
                      c);
    return line;
}

void show_sync_status(ui::AppView& view, const SyncSnapshot& s, bool tablet, const core::Catalogue& c) {
    // Only the state line changes: view.spoken keeps the flow's, so read-aloud does not repeat the
    // page at every batch.
    if (view.screen == ui::Screen::StaffStatus && s.progress && s.progress->total > 0) view.sync.state = sending_text(*s.progress, c);
    view.sync_header = tablet ? tablet_status_line(s, c) : std::string();
}

} // namespace selfdirect::app
