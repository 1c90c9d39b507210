// The end-to-end test script: a small text format that drives the real app, in a real window under
// Xvfb, with real input (XTest), the way a resident would. This header is the format's reference
// (docs/testing.md points here); script.cpp only parses. The app runs the steps (--script FILE).
//
// FORMAT
//
//   One step per line. Blank lines are ignored. A `#` that starts a word (outside quotes) starts a
//   comment that runs to the end of the line, so `# note` lines and `tap next  # go on` both work,
//   while `#` inside a word or inside quotes is ordinary text.
//
//   Words are separated by spaces or tabs. A word may be double-quoted to hold spaces or a `#`;
//   inside quotes `\"` is a quote and `\\` a backslash, and no other escape is allowed. A quote may
//   only open a word (`ab"c` is an error), and the closing quote must end the word.
//
//   tap LABEL_OR_ID            Tap (press and release the pointer at) the centre of the control
//                              whose test id or visible label is LABEL_OR_ID.
//                              e.g.  tap consent.yes      tap "Start now"
//   type "TEXT"                Type TEXT (UTF-8) into the focused field, character by character.
//   key NAME                   Press and release one key. NAME is one of: Enter (or Return), Tab,
//                              Escape, Backspace, Delete, Left, Right, Up, Down, Home, End, Space,
//                              PageUp, PageDown, Shift+Tab, KeypadEnter (ui/platform/key_names.h).
//                              Case matters. What the keys do on a page: ui/platform/keyboard_nav.h.
//   wait N                     Let N frames be drawn before the next step (N >= 0).
//   wait-ms N                  Wait N milliseconds of wall time; the app loop keeps running.
//   screenshot NAME            Save the next drawn frame as NAME.png in the screenshot directory.
//                              NAME is letters, digits, `.`, `_`, `-` (no path separators, no
//                              leading `.`). Beside it, NAME.json holds the widget registry of
//                              that same frame: {"window": {"w", "h"}, "frame": N, "controls":
//                              [{"id", "label", "x0", "y0", "x1", "y1", "interactive", "visible",
//                              "clip": {"x0", "y0", "x1", "y1"} (only when the widget gave one)}]},
//                              in the window's pixels, for checks that measure the picture
//                              (tests/e2e/contrast_and_targets_test.py). There is no separate step.
//   expect "TEXT"              Fail unless a visible control or text containing TEXT is on
//                              screen; retried for up to 2 seconds before failing.
//   expect-idle MS MAX_FRAMES  Fail if more than MAX_FRAMES frames are drawn during the next MS
//                              milliseconds (proves the idle loop really sleeps).
//   expect-id ID               Fail unless the control with test id ID is on screen (not scrolled
//                              out of view); retried for up to 2 seconds. Ids are never
//                              translated, so this works in any language (the pseudo-locale).
//   expect-layout              Fail, naming the control ids, if two controls overlap, a control is
//                              cut off by the window or by its area, or the page's primary action
//                              is out of reach (the rules are in app/layout_check.h). Looks at the
//                              page once it has settled.
//   expect-focus ID            Fail unless the control with test id ID has the keyboard focus, shown
//                              (its focus ring is drawn); retried for up to 2 seconds. Lets a
//                              keyboard-only script check where Tab took it before pressing Enter.
//   scroll-to ID               Turn the mouse wheel over the control's scrolling area until the
//                              control with test id ID is in view (its centre inside the area), as
//                              a person scrolls before tapping; fails after 10 seconds.
//   expect-forgotten HEX       Fail if the text whose bytes, each XOR 0xA5, are the hex digits HEX
//                              (even count, 2..512 digits) is anywhere in the app's own writable
//                              memory, as UTF-8 or UTF-16 (vault/memory_scan.h). The kiosk-forgets
//                              check after a wipe; the needle is masked so the scan cannot find it.
//                              A `type` step's text is wiped from the script once typed.
//   remember-masked ID         Keep the label of the visible control with test id ID (a resume code
//                              the app made, which no script can know beforehand), XOR 0xA5, so
//                              that a later step can look for it; waits for it like `expect-id`.
//   expect-forgotten-remembered  `expect-forgotten` for what `remember-masked` kept.
//   quit                       Exit the app: status 0 if every step passed, non-zero otherwise.
//
//   Step names are lower case. Every step takes exactly the arguments shown; numbers are decimal
//   integers >= 0 that fit in an int. Anything else (an unknown step, a missing or extra argument,
//   a bad number, an unterminated quote) makes the whole script invalid: parse_script returns an
//   Error with code "script.invalid" whose message starts with "line N: ".
//
// EXAMPLE
//
//   # first screen, then the consent question
//   expect "Welcome"
//   tap "Start now"
//   tap consent.yes
//   type "Ada Lovelace"
//   key Tab
//   wait 2
//   screenshot consent-done
//   expect-idle 1000 3
//   quit
#pragma once

#include "core/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace selfdirect::app {

enum class StepKind {
    tap,         // text = test id or label
    type,        // text = UTF-8 to type
    key,         // text = key name
    wait_frames, // number = frames
    wait_ms,     // number = milliseconds
    screenshot,  // text = file name without ".png"
    expect,      // text = text that must be visible
    expect_idle, // number = milliseconds, max_frames = frames allowed
    expect_id,   // text = test id that must be visible
    expect_focus, // text = test id that must have the keyboard focus
    expect_layout,
    expect_forgotten, // text = the masked needle, as hex
    remember_masked,  // text = test id whose label is kept, masked
    expect_forgotten_remembered,
    scroll_to,   // text = test id to bring into view
    quit,
};

struct Step {
    StepKind kind = StepKind::quit;
    std::string text;
    int number = 0;
    int max_frames = 0;
    int line = 0; // 1-based line in the script, for failure messages
};

// The step's name as written in a script ("wait-ms"), for logs and failure messages.
std::string_view step_name(StepKind kind);

// Parses a whole script. Pure: no I/O; the caller reads the file.
Result<std::vector<Step>> parse_script(std::string_view text);

} // namespace selfdirect::app
