// Read-aloud: speaks a page's text with eSpeak NG for residents who find reading hard. Speech is
// made on a worker thread that this class owns, so the UI thread never waits for it; a new page's
// text replaces whatever is still being said (the latest page wins).
//
// eSpeak NG keeps its state in process-wide globals: create at most one ReadAloud at a time.
// The text spoken may be a resident's answer, so it is never logged.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace selfdirect::app {

class ReadAloud {
public:
    static constexpr int kMinRate = 80;
    static constexpr int kMaxRate = 300;

    struct Options {
        std::string voice = "en-gb";
        int words_per_minute = 160;
        // false: never open the sound device, synthesise and discard (tests, and kiosks without
        // speakers). When true and the device cannot be opened, the same happens with one log line.
        bool use_audio_device = true;
        // Test hooks, called on the worker thread; they must not log the text.
        std::function<void(const std::string& text)> on_start;  // an utterance begins
        std::function<void(std::size_t samples)> on_samples;    // samples made (discarding mode only)
        std::function<void(bool completed)> on_end;              // finished (true) or cut short (false)
        std::function<void()> before_engine_start;               // the worker is about to start eSpeak
    };

    // Returns at once: eSpeak starts on the worker thread (it reads its voice data from disk, and the
    // UI thread never waits on disk). Text said before it has started is spoken once it has.
    explicit ReadAloud(Options options);
    ~ReadAloud();
    ReadAloud(const ReadAloud&) = delete;
    ReadAloud& operator=(const ReadAloud&) = delete;

    // Returns at once. Replaces any text waiting to be spoken and cuts short the current speech.
    void say(std::string text);
    void stop();
    // Disabling stops any speech; say() is then ignored until enabled again.
    void set_enabled(bool enabled);
    // Clamped to kMinRate..kMaxRate; applies from the next utterance.
    void set_rate(int words_per_minute);
    // False while eSpeak NG is starting, and when it could not start (no voice data); say() then
    // does nothing.
    bool available() const { return available_.load(); }
    // Blocks until the engine has started or failed; returns available(). For tests and tools:
    // never call it on the UI thread.
    bool wait_until_started();
    // True when speech goes to a sound device rather than being discarded.
    bool playing_audio() const { return playing_audio_.load(); }
    // Samples synthesised and discarded so far (0 while playing to a device, which keeps them).
    std::size_t samples_made() const { return samples_.load(); }

private:
    friend struct EngineCallback; // eSpeak's C callback, defined in the .cpp
    enum class Mode { Playback, Discard };
    void run(std::string voice);
    bool start_engine(const std::string& voice);
    void speak(const std::string& text, std::uint64_t generation);
    void report_end(bool completed);
    bool cancelled(std::uint64_t generation) const { return stop_.load() || generation_.load() != generation; }

    Options options_;
    std::atomic<bool> available_{false};
    std::atomic<bool> playing_audio_{false};
    std::atomic<bool> stop_{false};
    std::atomic<int> rate_;
    // Bumped by every say() and stop(): speech started under an older generation is cut short.
    std::atomic<std::uint64_t> generation_{0};
    std::atomic<std::uint64_t> speaking_generation_{0}; // the utterance eSpeak is working on
    std::atomic<bool> ended_{true};   // its on_end has been reported
    std::atomic<std::size_t> samples_{0};

    std::mutex mutex_;
    std::condition_variable cv_;
    bool enabled_ = true;              // guarded by mutex_
    bool ready_ = false;               // guarded by mutex_: the engine has started (or failed to)
    std::optional<std::string> pending_; // guarded by mutex_: the latest text not yet started
    std::uint64_t handled_generation_ = 0; // guarded by mutex_
    Mode mode_ = Mode::Discard;        // set by the worker before ready_
    std::thread thread_;
};

} // namespace selfdirect::app
