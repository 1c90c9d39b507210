// Hands work between threads. The UI thread never waits on disk or network: it posts a task to a
// Worker, and the worker posts the result back to the UI thread's MainThreadQueue and wakes the
// event loop (ImHex's doLater, Tracy's RunQueue).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace selfdirect::app {

class MainThreadQueue {
public:
    void post(std::function<void()> task) {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    // Runs everything queued so far on the calling (UI) thread; returns how many tasks ran.
    int drain() {
        std::vector<std::function<void()>> now;
        {
            std::lock_guard lock(mutex_);
            now.swap(tasks_);
        }
        for (auto& t : now) t();
        return static_cast<int>(now.size());
    }

private:
    std::mutex mutex_;
    std::vector<std::function<void()>> tasks_;
};

// One background thread running posted tasks in order. Destruction finishes queued tasks, then joins:
// an answer handed to the vault worker is never dropped at shutdown.
class Worker {
public:
    Worker() : thread_([this] { run(); }) {}
    ~Worker() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void post(std::function<void()> task) {
        {
            std::lock_guard lock(mutex_);
            tasks_.push_back(std::move(task));
        }
        cv_.notify_one();
    }

private:
    void run() {
        for (;;) {
            std::function<void()> task;
            {
                std::unique_lock lock(mutex_);
                cv_.wait(lock, [&] { return stop_ || !tasks_.empty(); });
                if (tasks_.empty()) return;
                task = std::move(tasks_.front());
                tasks_.pop_front();
            }
            task();
        }
    }

    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> tasks_;
    bool stop_ = false;
    std::thread thread_; // last: started after the members it uses exist
};

} // namespace selfdirect::app
