// Sync status words for the staff page and a tablet's header (see sync_status_text.h).
#include "app/sync_status_text.h"
#include "app/date_words.h"

#include <ctime>

namespace selfdirect::app {

using core::fill;
using core::tr_noop;

namespace {

// A device that cannot send until someone changes its set-up (the same test as the staff page's).
bool not_set_up(const std::string& code) {
    return code == "sync.config" || code == "sync.enrol_rejected" || code == "sync.bad_url";
}

// The last problem as a tablet header says it: short, and what happens next. "" when the held
// count says it better (a record the council refused or that conflicts).
std::string problem_words(const std::string& code, int held, const core::Catalogue& c) {
    if (code.empty()) return {};
    if (code == "sync.network" || code == "sync.timeout") return std::string(c.tr("Could not reach the council — will try again"));
    if (code == "sync.error" || code == "sync.refused")
        return std::string(c.tr("The council's server had a problem — will try again"));
    if (code == "sync.wrong_receiver" || code == "sync.bad_receipt" || code == "sync.bad_answer" ||
        code == "vault.receipt_mismatch")
        return std::string(c.tr("The council's answer could not be checked — tell the council's IT team"));
    if ((code == "sync.conflict" || code == "sync.rejected") && held > 0) return {};
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

std::string reason_code(const std::string& last_error) { return last_error.substr(0, last_error.find_first_of(": ")); }

LocalDateTime local_date_time(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char date[16], time[8];
    std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
    std::strftime(time, sizeof time, "%H:%M", &tm);
    return {date, time};
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
    const std::string code = reason_code(r.last_error);
    std::string line;
    if (not_set_up(code)) {
        line = std::string(c.tr("Not set up to send yet — tell the council's IT team"));
    } else if (waiting > 0) {
        line = joined(records_text(waiting, tr_noop("1 record waiting to send"), tr_noop("{n} records waiting to send"), c),
                      problem_words(code, held, c), c);
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
