#!/usr/bin/env python3
"""End to end, issue 5's acceptance for languages and text size: in the pseudo-locale (every string
longer, with accents) at 200 % text, a resident goes through every page of SAQ-D1 and the person who
helps them through every page of CSAQ-D1, by touch, and on every page (attract, start, each question,
the resume-code page, check, result, confirmation) the widget registry shows no control overlapping
another or cut off by the screen, and the page's primary action in reach (script step expect-layout).
Every page is photographed. Controls are found by test id, since every word on screen is translated;
the progress line and the question are checked in their pseudo-localised form, which proves the form's
text and the screen's own words both went through the pseudo-locale."""

import form_walk
import harness
from harness import check

# The letters of core::pseudo_localise (src/core/catalogue.cpp). Only the letters are mirrored here:
# the brackets and the padding are left out, so a page is matched on a piece of its text.
LOWER = "á ƀ ç ð ë ƒ ĝ ĥ î ĵ ķ ļ ḿ ñ ö þ ǫ ŕ š ţ ü ṽ ŵ ẋ ý ž".split()
UPPER = "Å Ɓ Ç Ð É Ƒ Ĝ Ĥ Î Ĵ Ķ Ļ Ḿ Ñ Ö Þ Ǫ Ŕ Š Ţ Û Ṽ Ŵ Ẋ Ý Ž".split()


def accented(text):
    out = []
    for c in text:
        if "a" <= c <= "z":
            out.append(LOWER[ord(c) - ord("a")])
        elif "A" <= c <= "Z":
            out.append(UPPER[ord(c) - ord("A")])
        else:
            out.append(c)
    return "".join(out)


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_checks(shot, shots):
    shots.append(shot)
    return ["expect-layout", f"screenshot {shot}"]


def journey_steps(form, prefix, shots, save_once):
    pages, total = form_walk.walk(form, form_walk.first_option)
    steps = []
    for n, (index, item, answer) in enumerate(pages):
        steps.append("expect " + quoted("[" + accented(f"Question {index + 1} of {total}")))
        # The start of the question, pseudo-localised: the form's own text went through the locale.
        start = item["text"][:16]
        if "{" not in start and "%" not in start and "#" not in start:
            steps.append("expect " + quoted("[" + accented(start)))
        steps += page_checks(f"{prefix}-{n + 1:03d}-{item['linkId'].replace('.', '_')}", shots)
        if item["type"] == "choice" and answer is not None:
            steps += ["scroll-to option.1", "tap option.1"]
        elif item["type"] == "boolean":
            steps += ["scroll-to option.yes", "tap option.yes"]
        if save_once and n == 0:
            # "Save and come back later" once: the resume-code page, then back to this question.
            steps += ["tap nav.save", "scroll-to resume.code", *page_checks(f"{prefix}-resume-code", shots),
                      "tap nav.back", "expect-id nav.next"]
        steps.append("tap nav.next")
    return steps


def test(env):
    profile = env.start_kiosk()
    resident, carer = env.default_forms()
    shots = []
    resident_steps = journey_steps(resident, "r", shots, save_once=True)
    carer_steps = journey_steps(carer, "c", shots, save_once=False)

    script = "\n".join([
        "expect-id attract.heading", "expect " + quoted("[" + accented("Tell us about")),
        *page_checks("000-attract", shots),
        "tap nav.begin", "expect-id start.heading", *page_checks("001-start", shots),
        "scroll-to start.resident", "tap start.resident",
        *resident_steps,
        "expect-id check.heading", *page_checks("r-check", shots), "tap nav.submit",
        "scroll-to result.heading", *page_checks("r-result", shots), "tap nav.send",
        "scroll-to receipt.reference", "expect SD-", *page_checks("r-confirmation", shots),
        "tap receipt.carer.start",
        *carer_steps,
        "expect-id check.heading", *page_checks("c-check", shots), "tap nav.submit",
        "scroll-to result.heading", *page_checks("c-result", shots), "tap nav.send",
        "scroll-to receipt.reference", *page_checks("c-confirmation", shots),
        # The kiosk forgets the person and goes back to the language and size it starts with.
        "tap nav.finish", "expect-id attract.heading", "expect " + quoted("[" + accented("Tell us about")),
        *page_checks("999-cleared", shots),
        "quit", ""])
    result = env.run_app(profile, env.src / "assets/forms/SAQ-D1.json", script, timeout=580, extra_args=(
        *env.assessment_args(), "--language", "en-x-pseudo", "--text-percent", "200"))
    check(result["returncode"] == 0, f"app exited {result['returncode']}")

    records = env.wait_for_records(2)
    check(len(records) == 2, f"expected 2 records at the council, found {len(records)}")
    for shot in shots:
        png = env.shots / f"{shot}.png"
        check(png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"screenshot {shot}.png missing")


if __name__ == "__main__":
    harness.main(test, "layout-pseudo-locale")
