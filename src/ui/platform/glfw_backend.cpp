// The real backend: one GLFW window with an OpenGL 3.0 context, Dear ImGui 1.86's GLFW + OpenGL3
// backends (compiled into Debian's libimgui.a), XTest input, and back-buffer screenshots. It also
// carries the 1.86 workarounds: a key latch (1.86 loses a press+release handled in one wait),
// "did anything happen" tracking for the event-driven loop, and a clipboard that goes nowhere. The
// keyboard-navigation shim (keyboard_nav.h) runs on the keys after the latch, before ImGui::NewFrame.
#include "ui/platform/backend.h"
#include "ui/platform/key_latch.h"
#include "ui/platform/keyboard_nav.h"
#include "ui/platform/xtest_input.h"

#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <GLFW/glfw3.h> // also declares the GL 1.1 calls used here (viewport, clear, read pixels)

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <system_error>
#include <thread>
#include <vector>

// Last: it pulls in Xlib, whose macros (None, Bool, Status) must not leak into the code above.
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3native.h>

namespace selfdirect::ui::platform {
namespace {

// Answers copied in a text field must not reach the X selection, where they would outlive the
// session (research imgui-kiosk.md §5.3).
void no_clipboard_set(void*, const char*) {}
const char* no_clipboard_get(void*) { return ""; }

std::string last_glfw_error() {
    const char* description = nullptr;
    glfwGetError(&description);
    return description ? description : "unknown GLFW error";
}

// Does nothing: the input driver before init() or after shutdown().
class NoInput final : public InputDriver {
public:
    void move_to(float, float) override {}
    void button(bool) override {}
    void wheel(int) override {}
    void type_text(const std::string&) override {}
    bool key(const std::string&) override { return false; }
};

class GlfwBackend final : public Backend {
public:
    ~GlfwBackend() override { shutdown(); }

    bool init(const WindowOptions& options, std::string& error) override {
        if (window_ != nullptr) return true;
        const char* display = std::getenv("DISPLAY");
        if (display == nullptr || *display == '\0') {
            error = "no display: set DISPLAY or run under xvfb-run";
            return false;
        }
        // An X server resets when its last client leaves and drops connections that arrive
        // meanwhile (seen under xvfb-run when one test's window closes just before the next
        // opens), so retry briefly before giving up.
        bool initialised = glfwInit();
        for (int attempt = 1; !initialised && attempt < 20; ++attempt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            initialised = glfwInit();
        }
        if (!initialised) {
            error = "cannot open the display " + std::string(display) + " (GLFW: " + last_glfw_error() + ")";
            return false;
        }
        glfw_alive_ = true;

        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
        int width = options.width, height = options.height;
        if (options.fullscreen) {
            // An undecorated window covering the monitor rather than GLFW's exclusive full-screen
            // mode: no video-mode switch, and it behaves the same under Xvfb, Xorg and Xwayland.
            glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
            if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
                if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) {
                    width = mode->width;
                    height = mode->height;
                }
            }
        }
        window_ = glfwCreateWindow(width, height, options.title.c_str(), nullptr, nullptr);
        if (window_ == nullptr) {
            error = "cannot create an OpenGL 3.0 window (GLFW: " + last_glfw_error() + ")";
            glfwTerminate();
            glfw_alive_ = false;
            return false;
        }
        glfwSetWindowPos(window_, 0, 0);
        glfwMakeContextCurrent(window_);
        glfwSwapInterval(1);
        install_callbacks();
        input_ = make_xtest_input(glfwGetX11Display(), glfwGetX11Window(window_), [] { glfwPollEvents(); });
        return true;
    }

    // Our callbacks are installed first (in init); ImGui's backend then installs its own and
    // chains to ours, and its Shutdown puts ours back, so a kiosk wipe can detach and re-attach.
    void attach_imgui() override {
        if (window_ == nullptr || attached_) return;
        ImGui_ImplGlfw_InitForOpenGL(window_, true);
        ImGui_ImplOpenGL3_Init("#version 130");
        ImGuiIO& io = ImGui::GetIO();
        io.SetClipboardTextFn = no_clipboard_set;
        io.GetClipboardTextFn = no_clipboard_get;
        io.ClipboardUserData = nullptr;
        io.IniFilename = nullptr; // no imgui.ini in the working directory
        io.LogFilename = nullptr;
        keys_.reset();
        nav_.attach();
        attached_ = true;
    }

    void detach_imgui() override {
        if (!attached_) return;
        nav_.detach();
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        attached_ = false;
    }

    bool wait_events(double timeout_seconds) override {
        if (window_ == nullptr) return false;
        // Events may already have been handled (the XTest driver pumps while a key is remapped):
        // then only poll, or we would sleep on an event that has been consumed.
        if (event_seen_ || woken_.load()) timeout_seconds = 0;
        if (timeout_seconds < 0)
            glfwWaitEvents();
        else if (timeout_seconds == 0)
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(timeout_seconds);
        const bool woken = woken_.exchange(false);
        const bool any = event_seen_ || woken;
        event_seen_ = false;
        return any;
    }

    void new_frame() override {
        if (!attached_) return;
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGuiIO& io = ImGui::GetIO();
        keys_.apply(io.KeysDown);
        // The backend derives modifiers in its key callback; re-derive them after the latch.
        io.KeyCtrl = io.KeysDown[GLFW_KEY_LEFT_CONTROL] || io.KeysDown[GLFW_KEY_RIGHT_CONTROL];
        io.KeyShift = io.KeysDown[GLFW_KEY_LEFT_SHIFT] || io.KeysDown[GLFW_KEY_RIGHT_SHIFT];
        io.KeyAlt = io.KeysDown[GLFW_KEY_LEFT_ALT] || io.KeysDown[GLFW_KEY_RIGHT_ALT];
        io.KeySuper = io.KeysDown[GLFW_KEY_LEFT_SUPER] || io.KeysDown[GLFW_KEY_RIGHT_SUPER];
        nav_.before_new_frame();
    }

    void render(float r, float g, float b) override {
        if (window_ == nullptr) return;
        int width = 0, height = 0;
        glfwGetFramebufferSize(window_, &width, &height);
        glViewport(0, 0, width, height);
        glClearColor(r, g, b, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        if (attached_) {
            if (ImDrawData* data = ImGui::GetDrawData()) ImGui_ImplOpenGL3_RenderDrawData(data);
        }
    }

    // glReadPixels of the back buffer: under Xvfb, capturing the root window of a GL window gives
    // black, and Mesa llvmpipe cannot read the front buffer (research imgui-kiosk.md §5.2).
    bool capture_png(const std::filesystem::path& path) override {
        if (window_ == nullptr) return false;
        int width = 0, height = 0;
        glfwGetFramebufferSize(window_, &width, &height);
        if (width <= 0 || height <= 0) return false;
        const size_t row = size_t(width) * 3;
        std::vector<unsigned char> pixels(row * size_t(height));
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_BACK);
        glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
        if (glGetError() != GL_NO_ERROR) return false;
        // GL's origin is bottom-left; PNG rows run top to bottom.
        std::vector<unsigned char> flipped(pixels.size());
        for (int y = 0; y < height; ++y)
            std::copy_n(pixels.data() + size_t(height - 1 - y) * row, row, flipped.data() + size_t(y) * row);
        if (path.has_parent_path()) {
            std::error_code ec;
            std::filesystem::create_directories(path.parent_path(), ec);
        }
        return stbi_write_png(path.c_str(), width, height, 3, flipped.data(), int(row)) != 0;
    }

    void present() override {
        if (window_ != nullptr) glfwSwapBuffers(window_);
    }

    bool should_close() override { return window_ == nullptr || glfwWindowShouldClose(window_); }

    void wake() override {
        // After shutdown this is a fault, counted, never a GLFW call: the check below and
        // glfwTerminate can still interleave, which is why the app joins its workers first.
        if (terminated_) {
            ++late_wakes_;
            return;
        }
        woken_ = true;
        if (glfw_alive_) glfwPostEmptyEvent();
    }
    int wakes_after_shutdown() const override { return late_wakes_.load(); }

    InputDriver& input() override { return input_ ? *input_ : no_input_; }

    void shutdown() override {
        detach_imgui();
        input_.reset();
        if (window_ != nullptr) {
            glfwDestroyWindow(window_);
            window_ = nullptr;
        }
        if (glfw_alive_) {
            terminated_ = true;
            glfw_alive_ = false;
            glfwTerminate();
        }
    }

private:
    static GlfwBackend& self(GLFWwindow* window) {
        return *static_cast<GlfwBackend*>(glfwGetWindowUserPointer(window));
    }
    static void seen(GLFWwindow* window) { self(window).event_seen_ = true; }

    void install_callbacks() {
        glfwSetWindowUserPointer(window_, this);
        // Chained to by ImGui's backend while attached.
        glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int, int action, int) {
            if (action == GLFW_PRESS) self(w).keys_.press(key);
            if (action == GLFW_RELEASE) self(w).keys_.release(key);
            seen(w);
        });
        glfwSetCharCallback(window_, [](GLFWwindow* w, unsigned int) { seen(w); });
        glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int, int, int) { seen(w); });
        glfwSetScrollCallback(window_, [](GLFWwindow* w, double, double) { seen(w); });
        glfwSetCursorEnterCallback(window_, [](GLFWwindow* w, int) { seen(w); });
        glfwSetWindowFocusCallback(window_, [](GLFWwindow* w, int) { seen(w); });
        // Not used by ImGui 1.86's backend (it polls the cursor position in NewFrame).
        glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double, double) { seen(w); });
        glfwSetFramebufferSizeCallback(window_, [](GLFWwindow* w, int, int) { seen(w); });
        glfwSetWindowRefreshCallback(window_, [](GLFWwindow* w) { seen(w); });
        glfwSetWindowCloseCallback(window_, [](GLFWwindow* w) { seen(w); });
    }

    GLFWwindow* window_ = nullptr;
    std::atomic<bool> glfw_alive_{false};
    std::atomic<bool> terminated_{false};
    std::atomic<int> late_wakes_{0};
    bool attached_ = false;
    bool event_seen_ = false;
    std::atomic<bool> woken_{false};
    KeyLatch keys_;
    KeyboardNav nav_;
    std::unique_ptr<InputDriver> input_;
    NoInput no_input_;
};

} // namespace

std::unique_ptr<Backend> make_glfw_backend() { return std::make_unique<GlfwBackend>(); }

} // namespace selfdirect::ui::platform
