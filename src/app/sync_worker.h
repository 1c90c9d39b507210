// Background sync: uploads the outbox after each submission and every `interval` otherwise, on its
// own thread, so a slow or absent network never stalls the screen. Reports go to staff views and
// logs only; residents never see sync errors.
#pragma once

#include "sync/client/uploader.h"
#include "vault/device_vault.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace selfdirect::app {

class SyncWorker {
public:
    using ReportFn = std::function<void(const sync::UploadReport&)>;
    SyncWorker(vault::DeviceVault& vault, std::string base_url, std::chrono::seconds interval, ReportFn on_report);
    ~SyncWorker();
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    void trigger(); // upload now (returns at once)

private:
    void run();

    vault::DeviceVault& vault_;
    std::string base_url_;
    std::chrono::seconds interval_;
    ReportFn on_report_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool triggered_ = true; // first pass at start: anything left from before a restart goes out
    bool stop_ = false;
    std::thread thread_;
};

} // namespace selfdirect::app
