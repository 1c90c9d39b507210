// Background sync (protocol v2): enrols the device on first use, then uploads the outbox after each
// submission and on a timer, on its own thread, so a slow or absent network never stalls the screen.
// It honours the backoff the client records (a trigger wakes it, but a backoff in force still holds),
// and it also runs removable-media exports off the UI thread. Reports go to the app's report callback
// (logs, and the staff view via latest()); a pass in flight shows its progress through progress()
// ("Sending 150 of 2,000 records"). Residents never see sync errors: the app shows these only on the
// staff page and in a tablet's header, and only then asks to be woken by on_change.
#pragma once

#include "sync/bundle/bundle_writer.h"
#include "sync/client/uploader.h"
#include "vault/device_vault.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace selfdirect::app {

// A pass in flight: `sent` of `total` rows answered for so far (see sync::ClientHooks::on_progress).
struct SyncProgress {
    int sent = 0;
    int total = 0;
};

class SyncWorker {
public:
    using ReportFn = std::function<void(const sync::UploadReport&)>;
    using ExportDoneFn = std::function<void(const Result<sync::bundle::ExportResult>&)>;
    using ChangeFn = std::function<void()>;

    // `interval`: the longest quiet time between passes. `hooks`: clock and randomness (tests); its
    // on_progress is the worker's own (a caller's is called too). `on_change` (worker thread): the
    // progress moved, or a pass ended with something a status line would show differently (counts,
    // last success, last problem, a pass in flight ending). A quiet timer pass that changes nothing
    // does not call it, so an idle screen that shows sync is not woken every interval.
    SyncWorker(vault::DeviceVault& vault, sync::ClientConfig config, std::chrono::seconds interval, ReportFn on_report,
               sync::ClientHooks hooks = {}, ChangeFn on_change = {});
    // Stops the worker: a pass in flight ends after its current batch (the rest stays queued).
    ~SyncWorker();
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    void trigger(); // a pass now (returns at once); a backoff in force still holds
    // Writes the pending outbox to removable media under `parent` on the worker thread; `done` is
    // called there. Staff use it when a device has no network; it is not a receipt.
    void request_export(std::filesystem::path parent, ExportDoneFn done);
    // The report of the last pass (for the staff view); nullopt before the first pass ends.
    std::optional<sync::UploadReport> latest() const;
    // The pass in flight ("sending n of m"); nullopt when no upload pass is sending.
    std::optional<SyncProgress> progress() const;

private:
    void run();
    std::chrono::seconds wait_after(const sync::UploadReport& report);
    void on_progress(int sent, int total);
    static sync::ClientHooks with_progress(sync::ClientHooks hooks, SyncWorker* worker);

    vault::DeviceVault& vault_;
    sync::SyncClient client_;
    sync::ClientHooks hooks_;
    std::chrono::seconds interval_;
    ReportFn on_report_;
    ChangeFn on_change_;
    std::function<void(int, int)> caller_progress_; // the caller's hooks.on_progress, if any
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool triggered_ = true; // first pass at start: anything left from before a restart goes out
    bool stop_ = false;
    std::atomic<bool> stopping_{false}; // stop_ for the pass in flight, read without the mutex
    std::deque<std::pair<std::filesystem::path, ExportDoneFn>> exports_;
    std::optional<sync::UploadReport> latest_;
    std::optional<SyncProgress> progress_;
    std::thread thread_; // last: started once everything above exists
};

// One line for logs and staff, no personal data: "3 queued, 1 sending, 12 acknowledged, 0 held; ...".
std::string describe(const sync::UploadReport& report);

} // namespace selfdirect::app
