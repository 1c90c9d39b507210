// The Null backend: the same ImGui frames with no window and no GPU, for fast UI-logic tests
// (after ocornut/imgui v1.86 examples/example_null). Its InputDriver writes straight into ImGui's
// pre-1.87 io fields (io.MousePos, io.MouseDown, io.KeysDown, io.AddInputCharactersUTF8), which is
// the only input API 1.86 has. 1.86 has no input queue, so this driver keeps its own: each frame
// applies pointer moves freely and at most one button/key/text change, so a tap is "down" in one
// frame and "up" in the next, and nothing typed after a key lands in the same frame as that key.
#include "ui/platform/backend.h"
#include "ui/platform/key_names.h"
#include "ui/platform/keyboard_nav.h"

#include <imgui.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string_view>

namespace selfdirect::ui::platform {
namespace {

// Our own key indices into io.KeysDown: the ImGuiKey_* value itself (io.KeyMap is the identity).
constexpr int null_key_index(std::string_view name) {
    if (name == "Enter" || name == "Return") return ImGuiKey_Enter;
    if (name == "Tab" || name == "Shift+Tab") return ImGuiKey_Tab;
    if (name == "KeypadEnter") return ImGuiKey_KeyPadEnter;
    if (name == "Escape") return ImGuiKey_Escape;
    if (name == "Backspace") return ImGuiKey_Backspace;
    if (name == "Delete") return ImGuiKey_Delete;
    if (name == "Left") return ImGuiKey_LeftArrow;
    if (name == "Right") return ImGuiKey_RightArrow;
    if (name == "Up") return ImGuiKey_UpArrow;
    if (name == "Down") return ImGuiKey_DownArrow;
    if (name == "Home") return ImGuiKey_Home;
    if (name == "End") return ImGuiKey_End;
    if (name == "Space") return ImGuiKey_Space;
    if (name == "PageUp") return ImGuiKey_PageUp;
    if (name == "PageDown") return ImGuiKey_PageDown;
    return -1;
}

constexpr bool maps_every_script_key() {
    for (auto name : kKeyNames)
        if (null_key_index(name) < 0) return false;
    return true;
}
static_assert(maps_every_script_key(), "every script key name must have a Null key index");

// Clipboard stand-ins: answers copied in a text field must never reach a system clipboard.
void no_clipboard_set(void*, const char*) {}
const char* no_clipboard_get(void*) { return ""; }

class NullInput final : public InputDriver {
public:
    explicit NullInput(std::function<void()> notify) : notify_(std::move(notify)) {}

    void move_to(float x, float y) override {
        Event e{Kind::move};
        e.x = x;
        e.y = y;
        push(std::move(e));
    }
    void button(bool down) override {
        Event e{Kind::button};
        e.down = down;
        push(std::move(e));
    }
    void wheel(int notches) override {
        Event e{Kind::wheel};
        e.y = static_cast<float>(-notches); // ImGui: positive scrolls up
        push(std::move(e));
    }
    void type_text(const std::string& utf8) override {
        if (utf8.empty()) return;
        Event e{Kind::text};
        e.text = utf8;
        push(std::move(e));
    }
    bool key(const std::string& name) override {
        const int index = null_key_index(name);
        if (index < 0) return false;
        for (bool down : {true, false}) {
            Event e{Kind::key};
            e.key = index;
            e.down = down;
            e.shift = name.rfind("Shift+", 0) == 0;
            push(std::move(e));
        }
        return true;
    }

    bool pending() const {
        std::lock_guard lock(mutex_);
        return !queue_.empty();
    }

    // One frame's worth of input, applied before ImGui::NewFrame.
    void apply(ImGuiIO& io) {
        std::lock_guard lock(mutex_);
        while (!queue_.empty()) {
            Event e = std::move(queue_.front());
            queue_.pop_front();
            switch (e.kind) {
            case Kind::move: io.MousePos = ImVec2(e.x, e.y); continue;
            case Kind::button: io.MouseDown[0] = e.down; break;
            case Kind::key:
                io.KeysDown[e.key] = e.down;
                if (e.shift) io.KeyShift = e.down; // held exactly while its key is
                break;
            case Kind::text: io.AddInputCharactersUTF8(e.text.c_str()); break;
            case Kind::wheel: io.MouseWheel += e.y; break;
            }
            break; // one change per frame
        }
    }

    void clear() {
        std::lock_guard lock(mutex_);
        queue_.clear();
    }

private:
    enum class Kind { move, button, key, text, wheel };
    struct Event {
        explicit Event(Kind k) : kind(k) {}
        Kind kind;
        float x = 0, y = 0;
        bool down = false;
        bool shift = false;
        int key = 0;
        std::string text;
    };

    void push(Event e) {
        {
            std::lock_guard lock(mutex_);
            queue_.push_back(std::move(e));
        }
        notify_();
    }

    std::function<void()> notify_;
    mutable std::mutex mutex_;
    std::deque<Event> queue_;
};

class NullBackend final : public Backend {
public:
    NullBackend()
        : input_([this] {
              { std::lock_guard lock(wake_mutex_); } // no lost wake-up between predicate and sleep
              cv_.notify_all();
          }) {}

    bool init(const WindowOptions& options, std::string& error) override {
        options_ = options;
        return true;
    }

    void attach_imgui() override {
        ImGuiIO& io = ImGui::GetIO();
        io.BackendPlatformName = "selfdirect_null";
        io.IniFilename = nullptr;
        io.LogFilename = nullptr;
        for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;
        io.SetClipboardTextFn = no_clipboard_set;
        io.GetClipboardTextFn = no_clipboard_get;
        io.ClipboardUserData = nullptr;
        input_.clear();
        nav_.attach();
    }

    void detach_imgui() override {
        nav_.detach();
        ImGuiIO& io = ImGui::GetIO();
        io.BackendPlatformName = nullptr;
    }

    // Blocks like the real backend (so a loop on the Null backend does not spin), but returns at
    // once while injected input is still waiting to be applied.
    bool wait_events(double timeout_seconds) override {
        std::unique_lock lock(wake_mutex_);
        auto ready = [&] { return woken_ || input_.pending(); };
        if (timeout_seconds < 0)
            cv_.wait(lock, ready);
        else if (timeout_seconds > 0)
            cv_.wait_for(lock, std::chrono::duration<double>(timeout_seconds), ready);
        const bool any = woken_ || input_.pending();
        woken_ = false;
        return any;
    }

    void new_frame() override {
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(float(options_.width), float(options_.height));
        io.DisplayFramebufferScale = ImVec2(1, 1);
        io.DeltaTime = 1.0f / 60.0f;
        if (!io.Fonts->IsBuilt()) {
            unsigned char* pixels = nullptr;
            int w = 0, h = 0;
            io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        }
        input_.apply(io);
        nav_.before_new_frame();
    }

    void render(float, float, float) override {}
    bool capture_png(const std::filesystem::path&) override { return false; }
    void present() override {}
    bool should_close() override { return false; }

    void wake() override {
        if (shut_down_.load()) {
            ++late_wakes_;
            return;
        }
        {
            std::lock_guard lock(wake_mutex_);
            woken_ = true;
        }
        cv_.notify_all();
    }

    InputDriver& input() override { return input_; }
    void shutdown() override { shut_down_ = true; }
    int wakes_after_shutdown() const override { return late_wakes_.load(); }

private:
    WindowOptions options_;
    std::atomic<bool> shut_down_{false};
    std::atomic<int> late_wakes_{0};
    std::mutex wake_mutex_;
    std::condition_variable cv_;
    bool woken_ = false;
    NullInput input_;
    KeyboardNav nav_;
};

} // namespace

std::unique_ptr<Backend> make_null_backend() { return std::make_unique<NullBackend>(); }

} // namespace selfdirect::ui::platform
