// Sync worker thread (see sync_worker.h).
#include "app/sync_worker.h"

#include <algorithm>

namespace selfdirect::app {

namespace {

std::int64_t system_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The code of a pass's problem ("" none): what the status words are chosen by, with the receiver's reason.
std::string problem_code(const sync::UploadReport& r) { return r.last_error ? r.last_error->code : std::string(); }

// Whether a status line (staff page, tablet header) would read differently after `next`: the counts,
// the last success and the last problem. Purges and backoff flags alone are not news.
bool shows_differently(const std::optional<sync::UploadReport>& before, const sync::UploadReport& next) {
    if (!before) return true;
    const vault::SyncStatus& a = before->status;
    const vault::SyncStatus& b = next.status;
    return a.queued != b.queued || a.sending != b.sending || a.acked != b.acked || a.held != b.held ||
           a.last_success_unix != b.last_success_unix || problem_code(*before) != problem_code(next) ||
           before->receiver_reason != next.receiver_reason;
}

} // namespace

sync::ClientHooks SyncWorker::with_progress(sync::ClientHooks hooks, SyncWorker* worker) {
    hooks.on_progress = [worker](int sent, int total) { worker->on_progress(sent, total); };
    // The destructor's stop ends a pass between batches: quitting waits for one batch, not a pass.
    hooks.should_stop = [worker, theirs = hooks.should_stop] { return worker->stopping_.load() || (theirs && theirs()); };
    return hooks;
}

SyncWorker::SyncWorker(vault::DeviceVault& vault, sync::ClientConfig config, std::chrono::seconds interval,
                       ReportFn on_report, sync::ClientHooks hooks, ChangeFn on_change)
    : vault_(vault), client_(vault, std::move(config), with_progress(hooks, this)), hooks_(hooks), interval_(interval),
      on_report_(std::move(on_report)), on_change_(std::move(on_change)), caller_progress_(hooks.on_progress),
      thread_([this] { run(); }) {}

SyncWorker::~SyncWorker() {
    stopping_ = true; // read by the pass in flight, between batches
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void SyncWorker::trigger() {
    {
        std::lock_guard lock(mutex_);
        triggered_ = true;
    }
    cv_.notify_all();
}

void SyncWorker::request_export(std::filesystem::path parent, ExportDoneFn done) {
    {
        std::lock_guard lock(mutex_);
        exports_.emplace_back(std::move(parent), std::move(done));
    }
    cv_.notify_all();
}

std::optional<sync::UploadReport> SyncWorker::latest() const {
    std::lock_guard lock(mutex_);
    return latest_;
}

std::optional<SyncProgress> SyncWorker::progress() const {
    std::lock_guard lock(mutex_);
    return progress_;
}

// On the worker thread, from inside sync_once.
void SyncWorker::on_progress(int sent, int total) {
    {
        std::lock_guard lock(mutex_);
        progress_ = SyncProgress{sent, total};
    }
    if (caller_progress_) caller_progress_(sent, total);
    if (on_change_) on_change_();
}

// Sleep until the next attempt is worth making: the backoff's end, at most `interval`, at least 1 s.
std::chrono::seconds SyncWorker::wait_after(const sync::UploadReport& report) {
    auto next = client_.next_attempt_unix();
    if (!next || next.value() == 0) return interval_;
    const std::int64_t now = hooks_.now ? hooks_.now() : system_now();
    const std::int64_t seconds = std::clamp<std::int64_t>(next.value() - now, 1, interval_.count());
    return std::chrono::seconds(seconds);
}

void SyncWorker::run() {
    std::chrono::seconds wait = std::chrono::seconds(0);
    for (;;) {
        std::optional<std::pair<std::filesystem::path, ExportDoneFn>> job;
        {
            std::unique_lock lock(mutex_);
            cv_.wait_for(lock, wait, [&] { return stop_ || triggered_ || !exports_.empty(); });
            if (stop_) return;
            if (!exports_.empty()) {
                job = std::move(exports_.front());
                exports_.pop_front();
            } else {
                triggered_ = false;
            }
        }
        if (job) {
            const std::int64_t now = hooks_.now ? hooks_.now() : system_now();
            auto exported = sync::bundle::export_bundle(vault_, job->first, now);
            if (job->second) job->second(exported);
            wait = std::chrono::seconds(0);
            continue;
        }
        sync::UploadReport report;
        auto pass = client_.sync_once();
        if (pass.ok()) {
            report = std::move(pass).value();
        } else {
            report.last_error = pass.error();
        }
        bool changed = false;
        {
            // The report and the end of the progress together: a reader never sees the pass as both
            // finished and still sending.
            std::lock_guard lock(mutex_);
            changed = progress_.has_value() || shows_differently(latest_, report);
            latest_ = report;
            progress_.reset();
        }
        if (on_report_) on_report_(report);
        if (changed && on_change_) on_change_();
        wait = wait_after(report);
    }
}

std::string describe(const sync::UploadReport& r) {
    const auto& s = r.status;
    std::string line = std::to_string(s.queued) + " queued, " + std::to_string(s.sending) + " sending, " +
                       std::to_string(s.acked) + " acknowledged, " + std::to_string(s.held) + " held, " +
                       std::to_string(s.purged) + " purged; this pass: " + std::to_string(r.acknowledged) + " acknowledged, " +
                       std::to_string(r.held) + " held, " + std::to_string(r.failed) + " to retry";
    if (r.enrolled_now) line += "; enrolled";
    if (r.backed_off) line += "; waiting (backoff)";
    if (r.last_error) line += "; last error: " + r.last_error->code + " (" + r.last_error->message + ")";
    return line;
}

} // namespace selfdirect::app
