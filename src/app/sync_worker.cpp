// Sync worker thread (see sync_worker.h).
#include "app/sync_worker.h"

namespace selfdirect::app {

SyncWorker::SyncWorker(vault::DeviceVault& vault, std::string base_url, std::chrono::seconds interval, ReportFn on_report)
    : vault_(vault), base_url_(std::move(base_url)), interval_(interval), on_report_(std::move(on_report)),
      thread_([this] { run(); }) {}

SyncWorker::~SyncWorker() {
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

void SyncWorker::run() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            cv_.wait_for(lock, interval_, [&] { return stop_ || triggered_; });
            if (stop_) return;
            triggered_ = false;
        }
        auto report = sync::upload_outbox(vault_, base_url_);
        if (report.ok()) {
            if (on_report_) on_report_(*report);
        } else if (on_report_) {
            sync::UploadReport failed;
            failed.last_error = report.error().message;
            on_report_(failed);
        }
    }
}

} // namespace selfdirect::app
