// The key latch that keeps a quick press visible to ImGui 1.86 for one frame.
#include "ui/platform/key_latch.h"

#include <doctest/doctest.h>

using selfdirect::ui::platform::KeyLatch;

namespace {
constexpr int kTab = 258; // GLFW_KEY_TAB
}

TEST_CASE("a press and release inside one wait is down for one frame and up the next") {
    KeyLatch latch;
    bool keys[KeyLatch::kKeyCount] = {};
    // What ImGui 1.86's callback leaves behind: true, then false.
    latch.press(kTab);
    keys[kTab] = true;
    latch.release(kTab);
    keys[kTab] = false;

    latch.apply(keys);
    CHECK(keys[kTab]);
    latch.apply(keys);
    CHECK_FALSE(keys[kTab]);
    latch.apply(keys);
    CHECK_FALSE(keys[kTab]);
}

TEST_CASE("a held key stays down after its latched frame until it is released") {
    KeyLatch latch;
    bool keys[KeyLatch::kKeyCount] = {};
    latch.press(kTab);
    keys[kTab] = true;
    latch.apply(keys);
    CHECK(keys[kTab]);
    latch.apply(keys);
    CHECK(keys[kTab]);
    latch.release(kTab);
    keys[kTab] = false;
    latch.apply(keys);
    CHECK_FALSE(keys[kTab]);
}

TEST_CASE("the latch leaves keys it did not see alone and ignores out-of-range keys") {
    KeyLatch latch;
    bool keys[KeyLatch::kKeyCount] = {};
    keys[65] = true;
    latch.press(-1);
    latch.press(KeyLatch::kKeyCount);
    latch.apply(keys);
    CHECK(keys[65]);
    for (int k = 0; k < KeyLatch::kKeyCount; ++k)
        if (k != 65) CHECK_FALSE(keys[k]);
}

TEST_CASE("reset forgets latched presses") {
    KeyLatch latch;
    bool keys[KeyLatch::kKeyCount] = {};
    latch.press(kTab);
    latch.reset();
    latch.apply(keys);
    CHECK_FALSE(keys[kTab]);
}
