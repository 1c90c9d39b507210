// SyncMetrics: plain counters under one mutex (a few increments per batch; contention is negligible
// next to an fsync), rendered as the JSON of GET /v2/metrics.
#include "sync/server/sync_metrics.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

namespace selfdirect::sync {

void SyncMetrics::count_result(const std::string& result, const std::string& reason) {
    std::lock_guard lock(mutex_);
    ++results_[result];
    if (result == "rejected") ++rejected_[reason];
}

void SyncMetrics::count_clock_flag(const std::string& clock_flag) {
    if (clock_flag.empty()) return;
    std::lock_guard lock(mutex_);
    ++clock_flags_[clock_flag];
}

void SyncMetrics::count_batch(double latency_ms) {
    std::lock_guard lock(mutex_);
    ++batches_;
    latencies_[latency_count_ % latencies_.size()] = latency_ms;
    ++latency_count_;
}

void SyncMetrics::count_request_rejection(const std::string& reason) {
    std::lock_guard lock(mutex_);
    ++requests_rejected_[reason];
}

void SyncMetrics::count_enrolment(const std::string& outcome) {
    std::lock_guard lock(mutex_);
    ++enrolments_[outcome];
}

std::string SyncMetrics::to_json() const {
    std::lock_guard lock(mutex_);
    nlohmann::ordered_json j;
    for (const char* name : {"stored", "duplicate", "conflict", "rejected", "error"}) {
        auto it = results_.find(name);
        j["results"][name] = it == results_.end() ? 0 : it->second;
    }
    j["rejected_by_reason"] = nlohmann::json::object();
    for (const auto& [reason, n] : rejected_) j["rejected_by_reason"][reason] = n;
    j["requests_rejected"] = nlohmann::json::object();
    for (const auto& [reason, n] : requests_rejected_) j["requests_rejected"][reason] = n;
    j["batches"] = batches_;
    j["enrolments"] = nlohmann::json::object();
    for (const auto& [outcome, n] : enrolments_) j["enrolments"][outcome] = n;
    j["clock_flags"] = {{"future", 0}, {"past", 0}};
    for (const auto& [flag, n] : clock_flags_) j["clock_flags"][flag] = n;

    const std::size_t held = std::min(latency_count_, latencies_.size());
    std::vector<double> window(latencies_.begin(), latencies_.begin() + static_cast<std::ptrdiff_t>(held));
    std::sort(window.begin(), window.end());
    double sum = 0;
    for (const double v : window) sum += v;
    auto percentile = [&](double p) {
        if (window.empty()) return 0.0;
        const auto rank = static_cast<std::size_t>(p * static_cast<double>(window.size() - 1) + 0.5);
        return window[std::min(rank, window.size() - 1)];
    };
    j["upload_latency_ms"] = {{"count", held},
                              {"mean", window.empty() ? 0.0 : sum / static_cast<double>(held)},
                              {"p50", percentile(0.50)},
                              {"p99", percentile(0.99)}};
    return j.dump();
}

} // namespace selfdirect::sync
