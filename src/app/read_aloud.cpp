// Read-aloud on eSpeak NG (see the header).
//
// Every eSpeak call is made on our worker thread. Speech itself runs on eSpeak's own threads in its
// asynchronous modes: PLAYBACK (to the sound device) or RETRIEVAL (samples handed to our callback,
// which counts and discards them), where espeak_ng_Cancel stops an utterance part-way.
//
// Two eSpeak NG 1.51 quirks shape start-up (found by experiment; each hangs forever otherwise):
// a purely synchronous session cannot be terminated twice in one process, and after a
// re-initialisation espeak_ng_Cancel / espeak_ng_Terminate wait for a stale command unless one
// command has gone through the new session's queue. So every session ends asynchronous, and each
// asynchronous start queues a harmless command (the rate) at once.
#include "app/read_aloud.h"

#include "core/wiped_text.h"

#include <espeak-ng/espeak_ng.h>

#include <algorithm>
#include <cstdio>

namespace selfdirect::app {
namespace {

void log_status(const char* what, espeak_ng_STATUS status) {
    char message[256] = {};
    espeak_ng_GetStatusCodeMessage(status, message, sizeof message);
    std::fprintf(stderr, "selfdirect: read-aloud: %s: %s\n", what, message); // never the text spoken
}

espeak_ng_OUTPUT_MODE output_mode(int flags) { return static_cast<espeak_ng_OUTPUT_MODE>(flags); }

// Starts an asynchronous output mode and primes its queue (see the quirks above).
espeak_ng_STATUS start_async(int flags, int rate) {
    espeak_ng_STATUS status = espeak_ng_InitializeOutput(output_mode(flags), 0, nullptr);
    if (status == ENS_OK) status = espeak_ng_SetParameter(espeakRATE, rate, 0);
    return status;
}

} // namespace

struct EngineCallback {
    static int on_synth(short* wav, int samples, espeak_EVENT* events);
};

ReadAloud::ReadAloud(Options options)
    : options_(std::move(options)), rate_(std::clamp(options_.words_per_minute, kMinRate, kMaxRate)) {
    thread_ = std::thread([this, voice = options_.voice] { run(voice); });
}

bool ReadAloud::wait_until_started() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return ready_; });
    return available_.load();
}

ReadAloud::~ReadAloud() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        if (pending_) core::wipe(*pending_);
        pending_.reset();
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ReadAloud::say(std::string text) {
    {
        std::lock_guard lock(mutex_);
        if (!enabled_ || (ready_ && !available_)) {
            core::wipe(text);
            return;
        }
        if (pending_) core::wipe(*pending_); // replaced before it was spoken
        pending_ = std::move(text);
        ++generation_;
    }
    cv_.notify_all();
}

void ReadAloud::stop() {
    {
        std::lock_guard lock(mutex_);
        if (pending_) core::wipe(*pending_);
        pending_.reset();
        ++generation_;
    }
    cv_.notify_all();
}

void ReadAloud::set_enabled(bool enabled) {
    {
        std::lock_guard lock(mutex_);
        enabled_ = enabled;
    }
    if (!enabled) stop();
}

void ReadAloud::set_rate(int words_per_minute) { rate_ = std::clamp(words_per_minute, kMinRate, kMaxRate); }

bool ReadAloud::start_engine(const std::string& voice) {
    espeak_ng_InitializePath(nullptr);
    espeak_ng_ERROR_CONTEXT context = nullptr;
    espeak_ng_STATUS status = espeak_ng_Initialize(&context);
    espeak_ng_ClearErrorContext(&context);
    if (status != ENS_OK) {
        log_status("unavailable", status);
        return false;
    }
    mode_ = Mode::Discard;
    if (options_.use_audio_device) {
        // espeak_Initialize(AUDIO_OUTPUT_PLAYBACK) opens the device lazily on its own thread and
        // loses the error, so first try the device synchronously with an empty utterance: it opens
        // the device and plays nothing.
        status = espeak_ng_InitializeOutput(output_mode(ENOUTPUT_MODE_SYNCHRONOUS | ENOUTPUT_MODE_SPEAK_AUDIO), 0, nullptr);
        if (status == ENS_OK)
            status = espeak_ng_Synthesize("", 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
        if (status == ENS_OK) {
            // The device works. Reopen it in PLAYBACK mode in a fresh session (the probe left it
            // open, and eSpeak cannot open an open device again).
            start_async(ENOUTPUT_MODE_SPEAK_AUDIO, rate_);
            espeak_ng_Terminate();
            status = espeak_ng_Initialize(&context);
            espeak_ng_ClearErrorContext(&context);
            if (status != ENS_OK) {
                log_status("unavailable", status);
                return false;
            }
            status = start_async(ENOUTPUT_MODE_SPEAK_AUDIO, rate_); // AUDIO_OUTPUT_PLAYBACK
            if (status == ENS_OK) mode_ = Mode::Playback;
        }
        if (mode_ != Mode::Playback)
            std::fprintf(stderr, "selfdirect: read-aloud has no audio device; speech is made and discarded\n");
    }
    if (mode_ == Mode::Discard) {
        // AUDIO_OUTPUT_RETRIEVAL: samples come to EngineCallback::on_synth on eSpeak's thread.
        status = start_async(0, rate_);
        if (status != ENS_OK) {
            log_status("cannot start", status);
            espeak_ng_Terminate();
            return false;
        }
    }
    espeak_SetSynthCallback(&EngineCallback::on_synth);
    // By language ("en-gb"), which eSpeak NG 1.51 matches to "English (Great Britain)";
    // by name as a fallback, then plain English.
    espeak_VOICE spec{};
    spec.languages = voice.c_str();
    status = espeak_ng_SetVoiceByProperties(&spec);
    if (status != ENS_OK) status = espeak_ng_SetVoiceByName(voice.c_str());
    if (status != ENS_OK) {
        log_status("voice not found, using English", status);
        espeak_ng_SetVoiceByName("en");
    }
    playing_audio_ = mode_ == Mode::Playback;
    return true;
}

void ReadAloud::run(std::string voice) {
    if (options_.before_engine_start) options_.before_engine_start();
    const bool ok = start_engine(voice);
    {
        std::lock_guard lock(mutex_);
        available_ = ok;
        ready_ = true;
    }
    cv_.notify_all();
    if (!ok) return;

    std::unique_lock lock(mutex_);
    for (;;) {
        cv_.wait(lock, [&] { return stop_.load() || generation_.load() != handled_generation_; });
        if (stop_) break;
        handled_generation_ = generation_.load();
        std::optional<std::string> text = std::move(pending_);
        if (pending_) core::wipe(*pending_);
        pending_.reset();
        const std::uint64_t generation = handled_generation_;
        lock.unlock();
        // Cut short what is being said (and drop what eSpeak still has queued); waits until
        // eSpeak's thread has stopped, so no callback of the old utterance runs after this.
        espeak_ng_Cancel();
        report_end(false); // no-op if the last utterance had finished
        if (text && !cancelled(generation)) speak(*text, generation);
        if (text) core::wipe(*text); // a page's text may be a resume code or an answer
        lock.lock();
    }
    lock.unlock();
    espeak_ng_Cancel();
    report_end(false);
    espeak_ng_Terminate();
}

void ReadAloud::speak(const std::string& text, std::uint64_t generation) {
    speaking_generation_ = generation;
    ended_ = false;
    espeak_ng_SetParameter(espeakRATE, rate_.load(), 0);
    if (options_.on_start) options_.on_start(text);
    // No espeakSSML flag: the text is read as plain text, whatever angle brackets it holds.
    const espeak_ng_STATUS status = espeak_ng_Synthesize(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                                         espeakCHARS_UTF8, nullptr, this);
    if (status != ENS_OK) {
        log_status("speech not queued", status);
        report_end(false);
    }
}

void ReadAloud::report_end(bool completed) {
    if (ended_.exchange(true)) return;
    if (options_.on_end) options_.on_end(completed);
}

// Runs on eSpeak's thread. `user_data` is the ReadAloud that queued the utterance: eSpeak's callback
// has no context pointer of its own, and we keep no globals.
int EngineCallback::on_synth(short* wav, int samples, espeak_EVENT* events) {
    if (!events) return 0;
    auto* self = static_cast<ReadAloud*>(events->user_data);
    if (!self) return 0;
    if (self->cancelled(self->speaking_generation_.load())) {
        self->report_end(false);
        return 1; // stop synthesising this utterance
    }
    if (wav && samples > 0) {
        self->samples_ += static_cast<std::size_t>(samples);
        if (self->options_.on_samples) self->options_.on_samples(static_cast<std::size_t>(samples));
    }
    for (const espeak_EVENT* e = events; e->type != espeakEVENT_LIST_TERMINATED; ++e)
        if (e->type == espeakEVENT_MSG_TERMINATED) self->report_end(true);
    return 0;
}

} // namespace selfdirect::app
