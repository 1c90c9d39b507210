#!/usr/bin/env python3
"""Writes the demo walkthrough that toolchains/run-demo.sh plays when there is no display: the whole
resident journey of a form (SAQ-D1 by default) answered as a resident would, by touch, with a
screenshot of every page, then the result, sending, and the confirmation page. It is made from the
form itself (tests/e2e/form_walk.py walks enableWhen the way the kiosk does), so a council's edit
to the form cannot leave the demo asking for pages that no longer exist.

Usage: demo_walkthrough.py FORM.json > walkthrough.txt   (script format: src/app/script.h)"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
import assessment_journeys_test  # noqa: E402  (journey_steps: every page of a form by touch)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    form = json.loads(pathlib.Path(sys.argv[1]).read_text())
    steps, _ = assessment_journeys_test.journey_steps(form, "page", [])
    print("\n".join([
        "# Demo walkthrough, written by toolchains/demo_walkthrough.py from " + pathlib.Path(sys.argv[1]).name,
        'expect "Tell us about the help you need"', "screenshot 000-attract",
        "tap nav.begin", 'expect "Before you start"', "screenshot 001-start",
        "tap start.resident",
        *steps,
        'expect "Check your answers"', "screenshot check-your-answers", "tap nav.submit",
        'expect "This is an estimate"', "screenshot result", "tap nav.send",
        'expect "Your reference is SD-"', "screenshot confirmation",
        "wait-ms 1500", "quit", ""]))


if __name__ == "__main__":
    main()
