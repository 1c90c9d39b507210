#!/usr/bin/env python3
"""End to end, keyboard only: the same two journeys as assessment_journeys_test.py (a resident completes
SAQ-D1 and sees the budget explained, then the person who helps them completes CSAQ-D1 from the
confirmation page), in the real window, but with no pointer at all: every step is a real key press
(XTest) of Tab, Shift+Tab, Enter or Space, as a keyboard or switch-access user would make it. Before
every key that acts, `expect-focus` checks the focus ring is on the control the script means, so
the test also pins the focus order of every page (ui/platform/keyboard_nav.h): a new page starts
with its first control focused, Tab goes header -> content -> footer, Shift+Tab from the first
control wraps to the page's last (primary) action. Every page is photographed with its focus ring.
The council side must then hold exactly the two records, with exactly the answers chosen."""

import form_walk
import harness
from harness import check


def question_steps(form, prefix, shots):
    """Each question page: it opens with the first header control focused; Tab twice reaches the
    first option (after "Save and come back later" and "Finish and clear"), Enter or Space chooses
    it; Shift+Tab from the first control wraps round to Next."""
    pages, total = form_walk.walk(form, form_walk.first_option)
    steps = []
    for n, (index, item, answer) in enumerate(pages):
        steps += [f'expect "Question {index + 1} of {total}"', "expect-focus nav.save"]
        if answer is not None:
            first = "option.1" if item["type"] == "choice" else "option.yes"
            # A switch user's select key is often Space, a keyboard user's Enter: use both.
            steps += ["key Tab", "key Tab", f"expect-focus {first}",
                      "key Enter" if n % 2 == 0 else "key Space",
                      # back past the header: option.1 -> nav.clear -> nav.save -> (wrap) nav.next
                      "key Shift+Tab", "key Shift+Tab"]
        steps += [f"screenshot {prefix}-{n + 1:03d}-{item['linkId'].replace('.', '_')}",
                  "key Shift+Tab", "expect-focus nav.next", "key Enter"]
        shots.append(f"{prefix}-{n + 1:03d}")
    expected = {item["linkId"]: answer for _, item, answer in pages if answer is not None}
    return steps, expected


def after_questions(prefix, result_text):
    """Check your answers -> the budget explained -> send -> the confirmation page."""
    return [
        'expect "Check your answers"', "expect-focus nav.save", f"screenshot {prefix}-check",
        "key Shift+Tab", "expect-focus nav.submit", "key Enter",
        f'expect "{result_text}"', "expect-focus nav.clear", f"screenshot {prefix}-result",
        "key Shift+Tab", "expect-focus nav.send", "key KeypadEnter",
        'expect "Your reference is SD-"', "expect-focus nav.finish", f"screenshot {prefix}-confirmation",
    ]


def test(env):
    profile = env.start_kiosk()
    resident, carer = env.default_forms()
    shots = []
    resident_steps, resident_expected = question_steps(resident, "r", shots)
    carer_steps, carer_expected = question_steps(carer, "c", shots)
    check(len(resident_steps) > 60 and len(carer_steps) > 30, "the forms are shorter than expected")

    script = "\n".join([
        # Nothing is shown focused until a key is pressed: the first Tab shows the first control.
        'expect "Tell us about the help you need"', "screenshot 000-attract",
        "key Tab", "key Shift+Tab", "expect-focus nav.begin", "screenshot 000-attract-focus", "key Enter",
        'expect "Before you start"', "expect-focus nav.clear", "key Tab", "expect-focus start.resident",
        "screenshot 001-start", "key Enter",
        *resident_steps,
        *after_questions("r", "Nothing is decided yet"),
        # The confirmation page: "Finish and clear the screen", then the carer's offer.
        "key Tab", "expect-focus receipt.carer.start", "key Enter",
        *carer_steps,
        # The walk answers C0.5 "Are you under 18?" yes: the young carers' route, no figure.
        *after_questions("c", "Support for young carers"),
        "key Enter", 'expect "Tell us about the help you need"', "screenshot 999-cleared",
        "quit", ""])
    result = env.run_app(profile, env.src / "assets/forms/SAQ-D1.json", script, timeout=280, extra_args=env.assessment_args())
    check(result["returncode"] == 0, f"app exited {result['returncode']}")
    check(" tap " not in script and "\ntap " not in script, "the keyboard journey used the pointer")

    form_walk.check_records(env.wait_for_records(2), [(resident, resident_expected), (carer, carer_expected)], check)
    pngs = {p.name for p in env.shots.glob("*.png")}
    for shot in ["000-attract", "000-attract-focus", "001-start", "r-check", "r-result", "r-confirmation",
                 "c-check", "c-result", "c-confirmation", "999-cleared"]:
        check(f"{shot}.png" in pngs, f"screenshot {shot}.png missing")
    for prefix in shots:
        check(any(name.startswith(prefix + "-") for name in pngs), f"no screenshot of page {prefix}")


if __name__ == "__main__":
    harness.main(test, "keyboard-journeys")
