// One-frame latch for key presses (see key_latch.h).
#include "ui/platform/key_latch.h"

namespace selfdirect::ui::platform {

void KeyLatch::press(int key) {
    if (!valid(key)) return;
    physical_.set(key);
    pending_.set(key);
}

void KeyLatch::release(int key) {
    if (!valid(key)) return;
    physical_.reset(key);
}

void KeyLatch::apply(bool* keys_down) {
    for (int k = 0; k < kKeyCount; ++k) {
        if (pending_[k]) {
            keys_down[k] = true;
            latched_.set(k);
            pending_.reset(k);
        } else if (latched_[k]) {
            // The release (if any) was swallowed by the forced press: apply it one frame later.
            keys_down[k] = physical_[k];
            latched_.reset(k);
        }
    }
}

void KeyLatch::reset() {
    physical_.reset();
    pending_.reset();
    latched_.reset();
}

} // namespace selfdirect::ui::platform
