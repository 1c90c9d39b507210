// XTest input driver (see xtest_input.h). Every call ends with XSync: XTest events are processed
// by the server in request order, so once XSync returns the resulting events are already in our
// Xlib queue and the next wait_events sees them.
#include "ui/platform/xtest_input.h"

#include <X11/XKBlib.h>
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <thread>

namespace selfdirect::ui::platform {
namespace {

KeySym keysym_for_name(std::string_view name) {
    if (name == "Enter" || name == "Return") return XK_Return;
    if (name == "Tab" || name == "Shift+Tab") return XK_Tab;
    if (name == "KeypadEnter") return XK_KP_Enter;
    if (name == "Escape") return XK_Escape;
    if (name == "Backspace") return XK_BackSpace;
    if (name == "Delete") return XK_Delete;
    if (name == "Left") return XK_Left;
    if (name == "Right") return XK_Right;
    if (name == "Up") return XK_Up;
    if (name == "Down") return XK_Down;
    if (name == "Home") return XK_Home;
    if (name == "End") return XK_End;
    if (name == "Space") return XK_space;
    if (name == "PageUp") return XK_Page_Up;
    if (name == "PageDown") return XK_Page_Down;
    return NoSymbol;
}

// Latin-1 keysyms equal their code point; everything else uses the Unicode keysym range.
KeySym keysym_for_codepoint(char32_t cp) {
    if (cp == U'\n' || cp == U'\r') return XK_Return;
    if (cp == U'\t') return XK_Tab;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return NoSymbol;
    if (cp <= 0xff) return KeySym(cp);
    return KeySym(0x01000000 | cp);
}

// Decodes one UTF-8 sequence; malformed bytes become U+FFFD so typing never stalls.
char32_t next_codepoint(std::string_view s, size_t& i) {
    const auto b = static_cast<unsigned char>(s[i++]);
    int extra = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xe ? 2 : (b >> 3) == 0x1e ? 3 : -1;
    if (extra < 0) return 0xfffd;
    char32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1f) : extra == 2 ? (b & 0x0f) : (b & 0x07);
    for (; extra > 0; --extra) {
        if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) return 0xfffd;
        cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3f);
    }
    return cp;
}

class XTestInput final : public InputDriver {
public:
    XTestInput(Display* display, Window window, std::function<void()> pump)
        : display_(display), window_(window), pump_(std::move(pump)) {}

    void move_to(float x, float y) override {
        const Window root = DefaultRootWindow(display_);
        int rx = 0, ry = 0;
        Window child = 0;
        XTranslateCoordinates(display_, window_, root, int(std::lround(x)), int(std::lround(y)), &rx, &ry, &child);
        XTestFakeMotionEvent(display_, DefaultScreen(display_), rx, ry, CurrentTime);
        XSync(display_, False);
    }

    void button(bool down) override {
        XTestFakeButtonEvent(display_, 1, down ? True : False, CurrentTime);
        XSync(display_, False);
    }

    // X has no wheel axis: each notch is a click of button 5 (down) or 4 (up), which GLFW turns
    // into a scroll event.
    void wheel(int notches) override {
        const unsigned int button = notches > 0 ? 5 : 4;
        for (int i = 0; i < std::abs(notches); ++i) {
            XTestFakeButtonEvent(display_, button, True, CurrentTime);
            XTestFakeButtonEvent(display_, button, False, CurrentTime);
        }
        XSync(display_, False);
    }

    bool key(const std::string& name) override {
        const KeySym sym = keysym_for_name(name);
        if (sym == NoSymbol) return false;
        const KeyCode code = XKeysymToKeycode(display_, sym);
        if (code == 0) return false;
        tap(code, name.rfind("Shift+", 0) == 0);
        return true;
    }

    void type_text(const std::string& utf8) override {
        const std::string_view s(utf8);
        for (size_t i = 0; i < s.size();) type_codepoint(next_codepoint(s, i));
    }

private:
    void type_codepoint(char32_t cp) {
        const KeySym sym = keysym_for_codepoint(cp);
        if (sym == NoSymbol) return;
        const KeyCode code = XKeysymToKeycode(display_, sym);
        if (code != 0) {
            if (XkbKeycodeToKeysym(display_, code, 0, 0) == sym) return tap(code, false);
            if (XkbKeycodeToKeysym(display_, code, 0, 1) == sym) return tap(code, true);
        }
        type_with_scratch_keycode(sym);
    }

    // No key produces this character (é on a US layout): bind it to an unused keycode, press it,
    // let GLFW translate it while the binding is live, then unbind (what xdotool does).
    void type_with_scratch_keycode(KeySym sym) {
        const KeyCode scratch = scratch_keycode();
        if (scratch == 0) return;
        KeySym syms[2] = {sym, sym};
        XChangeKeyboardMapping(display_, scratch, 2, syms, 1);
        XSync(display_, False);
        tap(scratch, false);
        pump_();
        KeySym none[2] = {NoSymbol, NoSymbol};
        XChangeKeyboardMapping(display_, scratch, 2, none, 1);
        XSync(display_, False);
    }

    KeyCode scratch_keycode() {
        if (scratch_ != 0) return scratch_;
        int min = 0, max = 0, per = 0;
        XDisplayKeycodes(display_, &min, &max);
        KeySym* map = XGetKeyboardMapping(display_, KeyCode(min), max - min + 1, &per);
        if (map == nullptr) return 0;
        for (int code = max; code >= min && scratch_ == 0; --code) {
            bool empty = true;
            for (int j = 0; j < per; ++j)
                if (map[(code - min) * per + j] != NoSymbol) empty = false;
            if (empty) scratch_ = KeyCode(code);
        }
        XFree(map);
        return scratch_;
    }

    void tap(KeyCode code, bool shift) {
        const KeyCode shift_code = shift ? XKeysymToKeycode(display_, XK_Shift_L) : 0;
        if (shift_code != 0) press(shift_code, true);
        press(code, true);
        press(code, false);
        if (shift_code != 0) press(shift_code, false);
    }

    // GLFW 3.3 (with an X input method) drops a key press whose server timestamp is not later
    // than the previous one, and the server stamps in milliseconds: space presses >= 2 ms apart
    // and flush each one so the server stamps it when we send it.
    void press(KeyCode code, bool down) {
        if (down) {
            const auto earliest = last_press_ + std::chrono::milliseconds(2);
            std::this_thread::sleep_until(earliest);
        }
        XTestFakeKeyEvent(display_, code, down ? True : False, CurrentTime);
        XSync(display_, False);
        if (down) last_press_ = std::chrono::steady_clock::now();
    }

    Display* display_;
    Window window_;
    std::function<void()> pump_;
    KeyCode scratch_ = 0;
    std::chrono::steady_clock::time_point last_press_{};
};

} // namespace

std::unique_ptr<InputDriver> make_xtest_input(void* display, unsigned long window, std::function<void()> pump) {
    return std::make_unique<XTestInput>(static_cast<Display*>(display), Window(window), std::move(pump));
}

} // namespace selfdirect::ui::platform
