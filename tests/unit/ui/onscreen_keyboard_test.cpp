// The on-screen keyboard: the pure editing rules (shift, caps lock, Delete on UTF-8, the length
// limit, layout switching) and the drawn keyboard through the Null backend: taps edit the
// caller's buffer, and every key is a 44 px target that fits the screen without overlapping.
#include "imgui_test_support.h"
#include "ui/theme.h"
#include "ui/widgets/kiosk_widgets.h"
#include "ui/widgets/onscreen_keyboard.h"

#include <doctest/doctest.h>

#include <set>

using namespace selfdirect;
using namespace selfdirect::ui;

namespace {

constexpr const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

Key key(KeyboardLayout layout, const std::string& id) {
    auto k = find_key(layout, id);
    REQUIRE_MESSAGE(k, "no key ", id);
    return *k;
}

struct KeyboardHarness {
    std::unique_ptr<platform::Backend> backend = platform::make_null_backend();
    WidgetRegistry registry;
    UiState st;
    KeyboardState kb;
    KeyboardOptions options;
    std::string buffer;
    std::vector<KeyResult> results;

    KeyboardHarness(int width, int height, float scale) {
        std::string error;
        REQUIRE(backend->init(platform::WindowOptions{width, height, false, "test"}, error));
        ImGui::CreateContext();
        st.scale = scale;
        apply_theme(st, kFont);
        backend->attach_imgui();
    }
    ~KeyboardHarness() {
        backend->detach_imgui();
        ImGui::DestroyContext();
        backend->shutdown();
    }
    void frame() {
        platform::testing::run_frame(*backend, [&] {
            registry.begin_frame();
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
            ImGui::Begin("keyboard", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
            KeyResult r = onscreen_keyboard(registry, st, kb, buffer, options);
            if (r != KeyResult::Unchanged) results.push_back(r);
            ImGui::End();
            registry.end_frame();
        });
    }
    void tap(const std::string& id) {
        const RegisteredControl* c = registry.find(id);
        REQUIRE_MESSAGE(c, "no control ", id);
        backend->input().move_to(c->rect.cx(), c->rect.cy());
        backend->input().button(true);
        frame();
        backend->input().button(false);
        frame();
        frame();
    }
    std::string label(const std::string& id) const {
        const RegisteredControl* c = registry.find(id);
        REQUIRE_MESSAGE(c, "no control ", id);
        return c->label;
    }
};

bool overlap(const Rect& a, const Rect& b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

} // namespace

TEST_CASE("shift gives one capital letter and then the keyboard returns to lower case") {
    KeyboardState kb;
    std::string buffer;
    const Key a = key(KeyboardLayout::Letters, "osk.key.a");
    apply_key(kb, buffer, key(KeyboardLayout::Letters, "osk.key.shift"), 0);
    CHECK(key_label(a, kb) == "A");
    CHECK(apply_key(kb, buffer, a) == KeyResult::Edited);
    CHECK(apply_key(kb, buffer, a) == KeyResult::Edited);
    CHECK(buffer == "Aa");
    CHECK_FALSE(kb.shift);
    CHECK(key_label(a, kb) == "a");
}

TEST_CASE("shift tapped twice locks capitals until it is tapped a third time") {
    KeyboardState kb;
    std::string buffer;
    const Key shift = key(KeyboardLayout::Letters, "osk.key.shift");
    const Key b = key(KeyboardLayout::Letters, "osk.key.b");
    apply_key(kb, buffer, shift);
    apply_key(kb, buffer, shift);
    CHECK(kb.caps_lock);
    apply_key(kb, buffer, b);
    apply_key(kb, buffer, b);
    apply_key(kb, buffer, shift);
    apply_key(kb, buffer, b);
    CHECK(buffer == "BBb");
    CHECK_FALSE(kb.caps_lock);
    CHECK_FALSE(kb.shift);
}

TEST_CASE("shift is not spent by a key it does not change, such as space or a hyphen") {
    KeyboardState kb;
    std::string buffer = "Smith";
    apply_key(kb, buffer, key(KeyboardLayout::Letters, "osk.key.shift"));
    apply_key(kb, buffer, key(KeyboardLayout::Letters, "osk.key.hyphen"));
    apply_key(kb, buffer, key(KeyboardLayout::Letters, "osk.key.j"));
    apply_key(kb, buffer, key(KeyboardLayout::Letters, "osk.key.o"));
    CHECK(buffer == "Smith-Jo");
}

TEST_CASE("delete removes a whole accented letter or pound sign, never one byte of it") {
    KeyboardState kb;
    const Key del = key(KeyboardLayout::Letters, "osk.key.backspace");
    std::string buffer = "caf\xC3\xA9"; // café
    CHECK(apply_key(kb, buffer, del) == KeyResult::Edited);
    CHECK(buffer == "caf");
    buffer = "\xC3\xA9"; // é alone: both bytes go
    apply_key(kb, buffer, del);
    CHECK(buffer.empty());
    CHECK(apply_key(kb, buffer, del) == KeyResult::Unchanged);
    apply_key(kb, buffer, key(KeyboardLayout::Numbers, "osk.key.pound"));
    CHECK(buffer == "\xC2\xA3");
    apply_key(kb, buffer, del);
    CHECK(buffer.empty());
    buffer = "a\xF0\x9F\x98\x80"; // a four-byte code point
    apply_key(kb, buffer, del);
    CHECK(buffer == "a");
}

TEST_CASE("typing stops at the maximum length counted in characters, not bytes") {
    KeyboardState kb;
    std::string buffer = "\xC3\xA9"; // one character, two bytes
    const Key a = key(KeyboardLayout::Letters, "osk.key.a");
    CHECK(apply_key(kb, buffer, a, 3) == KeyResult::Edited);
    CHECK(apply_key(kb, buffer, a, 3) == KeyResult::Edited);
    CHECK(apply_key(kb, buffer, a, 3) == KeyResult::Full);
    CHECK(buffer == "\xC3\xA9" "aa");
    CHECK(utf8_length(buffer) == 3);
    // A domain key that would not fit whole is refused whole.
    std::string email = "ab@x";
    CHECK(apply_key(kb, email, key(KeyboardLayout::Email, "osk.key.dotcouk"), 8) == KeyResult::Full);
    CHECK(email == "ab@x");
}

TEST_CASE("the numbers key and the ABC key go back to the layout the person came from") {
    KeyboardState kb;
    kb.layout = KeyboardLayout::Email;
    std::string buffer;
    apply_key(kb, buffer, key(KeyboardLayout::Email, "osk.layout.numbers"));
    CHECK(kb.layout == KeyboardLayout::Numbers);
    apply_key(kb, buffer, key(KeyboardLayout::Numbers, "osk.layout.letters"));
    CHECK(kb.layout == KeyboardLayout::Email);
    kb = {};
    apply_key(kb, buffer, key(KeyboardLayout::Letters, "osk.layout.numbers"));
    apply_key(kb, buffer, key(KeyboardLayout::Numbers, "osk.layout.letters"));
    CHECK(kb.layout == KeyboardLayout::Letters);
    CHECK(buffer.empty());
}

TEST_CASE("the email layout has the at sign, dot, hyphen, underscore and domain keys but no space") {
    KeyboardState kb;
    std::string buffer;
    for (const char* id : {"osk.key.j", "osk.key.underscore", "osk.key.b", "osk.key.hyphen", "osk.key.c", "osk.key.at",
                           "osk.key.x", "osk.key.dot", "osk.key.y", "osk.key.dotcouk"})
        apply_key(kb, buffer, key(KeyboardLayout::Email, id));
    CHECK(buffer == "j_b-c@x.y.co.uk");
    CHECK(find_key(KeyboardLayout::Email, "osk.key.dotcom"));
    CHECK_FALSE(find_key(KeyboardLayout::Email, "osk.key.space"));
    CHECK(find_key(KeyboardLayout::Letters, "osk.key.space"));
}

TEST_CASE("the done key is only shown when asked for, and reports done without editing") {
    CHECK_FALSE(keyboard_rows(KeyboardLayout::Letters, false).back().back().kind == KeyKind::Done);
    CHECK(keyboard_rows(KeyboardLayout::Letters, true).back().back().kind == KeyKind::Done);
    KeyboardState kb;
    std::string buffer = "x";
    CHECK(apply_key(kb, buffer, key(KeyboardLayout::Letters, "osk.key.done")) == KeyResult::Done);
    CHECK(buffer == "x");
}

TEST_CASE("every key id is unique within its layout") {
    for (KeyboardLayout layout : {KeyboardLayout::Letters, KeyboardLayout::Numbers, KeyboardLayout::Email}) {
        std::set<std::string> ids;
        for (const KeyRow& row : keyboard_rows(layout, true))
            for (const Key& k : row) CHECK_MESSAGE(ids.insert(k.id).second, "duplicate ", k.id);
    }
}

TEST_CASE("a row fills the width by weight but never squeezes a key below its minimum") {
    auto w = fit_row({1, 1, 2}, {44, 44, 44}, 416, 8);
    REQUIRE(w.size() == 3);
    CHECK(w[0] == doctest::Approx(100));
    CHECK(w[2] == doctest::Approx(200));
    // The wide label keeps its minimum and the others share what is left.
    w = fit_row({1, 1, 1}, {44, 44, 300}, 408, 4);
    CHECK(w[2] == doctest::Approx(300));
    CHECK(w[0] == doctest::Approx(50));
    CHECK(w[0] + w[1] + w[2] + 8 == doctest::Approx(408));
}

TEST_CASE("tapping keys on the drawn keyboard edits the caller's buffer") {
    KeyboardHarness h(1280, 800, 1.0f);
    h.buffer = "Jo";
    h.frame();
    h.frame();
    h.tap("osk.key.shift");
    CHECK(h.label("osk.key.a") == "A");
    CHECK(h.label("osk.key.shift") == "Shift");
    h.tap("osk.key.a");
    h.tap("osk.key.n");
    h.tap("osk.key.space");
    h.tap("osk.key.backspace");
    CHECK(h.buffer == "JoAn");
    CHECK(h.label("osk.key.a") == "a");
    h.tap("osk.layout.numbers");
    REQUIRE(h.registry.find("osk.key.7"));
    CHECK_FALSE(h.registry.find("osk.key.q"));
    h.tap("osk.key.7");
    CHECK(h.buffer == "JoAn7");
}

TEST_CASE("delete on the drawn keyboard removes both bytes of an accented letter") {
    KeyboardHarness h(800, 600, 1.0f);
    h.buffer = "\xC3\xA9";
    h.frame();
    h.frame();
    h.tap("osk.key.backspace");
    CHECK(h.buffer.empty());
}

TEST_CASE("the drawn keyboard reports done and refuses keys past the maximum length") {
    KeyboardHarness h(1280, 800, 1.0f);
    h.options.show_done = true;
    h.options.max_chars = 1;
    h.frame();
    h.frame();
    h.tap("osk.key.z");
    h.tap("osk.key.z");
    h.tap("osk.key.done");
    CHECK(h.buffer == "z");
    REQUIRE(h.results.size() == 3);
    CHECK(h.results[1] == KeyResult::Full);
    CHECK(h.results[2] == KeyResult::Done);
}

TEST_CASE("every key is at least 44 by 44 pixels, on screen, labelled and apart at text sizes 1 and 2") {
    for (auto [w, h] : {std::pair{800, 600}, std::pair{1280, 800}}) {
        for (float scale : {1.0f, 2.0f}) {
            for (KeyboardLayout layout : {KeyboardLayout::Letters, KeyboardLayout::Numbers, KeyboardLayout::Email}) {
                CAPTURE(w);
                CAPTURE(scale);
                CAPTURE(static_cast<int>(layout));
                KeyboardHarness hn(w, h, scale);
                hn.kb.layout = layout;
                hn.options.show_done = true;
                hn.frame();
                hn.frame();
                const auto& controls = hn.registry.controls();
                std::size_t keys = 0;
                for (const KeyRow& row : keyboard_rows(layout, true)) keys += row.size();
                REQUIRE(controls.size() == keys);
                for (std::size_t i = 0; i < controls.size(); ++i) {
                    const RegisteredControl& c = controls[i];
                    CHECK_MESSAGE(c.rect.width() >= kMinTargetPx, c.id, " is ", c.rect.width(), " px wide");
                    CHECK_MESSAGE(c.rect.height() >= kMinTargetPx, c.id, " is ", c.rect.height(), " px high");
                    CHECK_MESSAGE(c.rect.x0 >= 0.0f, c.id);
                    CHECK_MESSAGE(c.rect.x1 <= static_cast<float>(w), c.id, " ends at ", c.rect.x1);
                    CHECK_MESSAGE(c.rect.y1 <= static_cast<float>(h), c.id, " ends at ", c.rect.y1);
                    CHECK_MESSAGE(c.visible, c.id);
                    CHECK_MESSAGE(!c.label.empty(), c.id);
                    for (std::size_t j = i + 1; j < controls.size(); ++j)
                        CHECK_MESSAGE(!overlap(c.rect, controls[j].rect), c.id, " overlaps ", controls[j].id);
                }
            }
        }
    }
}

TEST_CASE("keys can be pressed with keyboard navigation as well as by touch") {
    KeyboardHarness h(1280, 800, 1.0f);
    h.frame();
    h.frame();
    auto press = [&](const char* name) {
        REQUIRE(h.backend->input().key(name));
        h.frame();
        h.frame();
        h.frame();
    };
    // The first key press only shows the focus, on the first key (q) (ui/platform/keyboard_nav.h);
    // Down then moves to a, Space presses the focused key, Right moves along the row.
    press("Down");
    press("Down");
    press("Space");
    CHECK(h.buffer == "a");
    press("Right");
    press("Space");
    CHECK(h.buffer == "as");
}
