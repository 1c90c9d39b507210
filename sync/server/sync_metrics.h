// Counters behind GET /v2/metrics (docs/sync-protocol.md): results since start (rejections by
// reason), batches, enrolments, flagged clocks, and upload latency over the last 1 024 batches.
// Thread-safe; one instance per receiver process, shared by the HTTP handlers and the Ingestor.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace selfdirect::sync {

class SyncMetrics {
public:
    // `result` is an UploadResult name; `reason` names a rejection; `clock_flag` is "", "future", "past".
    void count_result(const std::string& result, const std::string& reason);
    void count_clock_flag(const std::string& clock_flag);
    void count_batch(double latency_ms);
    void count_request_rejection(const std::string& reason); // whole-request answers (413, 400, 429, 503)
    void count_enrolment(const std::string& outcome);         // "enrolled", "repeated" or a rejection reason
    std::string to_json() const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::int64_t> results_;
    std::map<std::string, std::int64_t> rejected_;
    std::map<std::string, std::int64_t> requests_rejected_;
    std::map<std::string, std::int64_t> enrolments_;
    std::map<std::string, std::int64_t> clock_flags_;
    std::int64_t batches_ = 0;
    std::array<double, 1024> latencies_{};
    std::size_t latency_count_ = 0; // total recorded; the ring holds the last min(count, 1024)
};

} // namespace selfdirect::sync
