#!/usr/bin/env python3
"""End to end, the whole kiosk visit on the real forms: a resident goes from the attract page through
every page of the self-assessment (SAQ-D1), sees the indicative budget explained (RAS-D1), sends, is
offered a carer's assessment for the person who helps them, and that person completes the carer's
assessment (CSAQ-D1, CRAS-D1) on the same screen. Every page is answered by real taps in the real
window and photographed. The council side must then hold exactly those two records, with exactly the
answers given."""
import json

import form_walk
import harness
from harness import check


def journey_steps(form, prefix, shots):
    pages, total = form_walk.walk(form, form_walk.first_option)
    steps = []
    for n, (index, item, answer) in enumerate(pages):
        steps.append(f'expect "Question {index + 1} of {total}"')
        if item["type"] == "choice" and answer is not None:
            steps.append("tap option.1")
        elif item["type"] == "boolean":
            steps.append("tap option.yes")
        steps.append(f"screenshot {prefix}-{n + 1:03d}-{item['linkId'].replace('.', '_')}")
        shots.append(f"{prefix}-{n + 1:03d}")
        steps.append("tap nav.next")
    expected = {item["linkId"]: answer for _, item, answer in pages if answer is not None}
    return steps, expected


def answers_of(record):
    out = {}

    def walk(items):
        for it in items:
            for a in it.get("answer", []):
                value = {k: v for k, v in a.items() if k != "item"}
                out[it["linkId"]] = value
                walk(a.get("item", []))
            walk(it.get("item", []))
    walk(record.get("item", []))
    return out


def same_answer(got, want):
    if "valueCoding" in want:
        return got.get("valueCoding", {}).get("code") == want["valueCoding"].get("code")
    return got == want


def test(env):
    env.start_xvfb()
    env.start_sync()
    key_id, public_key = env.keygen()
    profile = env.write_profile(key_id, public_key)
    resident = json.loads((env.src / "assets/forms/SAQ-D1.json").read_text())
    carer = json.loads((env.src / "assets/forms/CSAQ-D1.json").read_text())
    shots = []
    resident_steps, resident_expected = journey_steps(resident, "r", shots)
    carer_steps, carer_expected = journey_steps(carer, "c", shots)
    check(len(resident_steps) > 60 and len(carer_steps) > 30, "the forms are shorter than expected")

    script = "\n".join([
        'expect "Tell us about the help you need"', "screenshot 000-attract",
        "tap nav.begin", 'expect "Before you start"', "screenshot 001-start",
        "tap start.resident",
        *resident_steps,
        'expect "Check your answers"', "screenshot r-check", "tap nav.submit",
        'expect "This is an estimate"', "screenshot r-result", "tap nav.send",
        'expect "Your reference is SD-"', "screenshot r-confirmation",
        # The resident said someone helps them: that person is offered their own assessment now.
        "tap receipt.carer.start",
        *carer_steps,
        'expect "Check your answers"', "screenshot c-check", "tap nav.submit",
        'expect "This is an estimate"', "screenshot c-result", "tap nav.send",
        'expect "Your reference is SD-"', "screenshot c-confirmation",
        "tap nav.finish", 'expect "Tell us about the help you need"', "screenshot 999-cleared",
        "quit", ""])
    result = env.run_app(profile, env.src / "assets/forms/SAQ-D1.json", script, timeout=280, extra_args=(
        "--ras", str(env.src / "assets/ras/RAS-D1.json"),
        "--carer-form", str(env.src / "assets/forms/CSAQ-D1.json"),
        "--carer-ras", str(env.src / "assets/ras/CRAS-D1.json")))
    check(result["returncode"] == 0, f"app exited {result['returncode']}")

    records = env.wait_for_records(2)
    records = env.decrypt()
    check(len(records) == 2, f"expected exactly 2 records at the council, found {len(records)}")
    by_form = {}
    for r in records:
        by_form[r["questionnaire"].split("|")[0].rsplit("/", 1)[-1]] = r
    for form, expected in ((resident, resident_expected), (carer, carer_expected)):
        key = form["url"].rsplit("/", 1)[-1]
        check(key in by_form, f"no record for {key}; got {sorted(by_form)}")
        got = answers_of(by_form[key])
        check(set(got) == set(expected), f"{key}: answered {sorted(set(got) ^ set(expected))} differently")
        for link, want in expected.items():
            check(same_answer(got[link], want), f"{key} {link}: {got[link]} != {want}")
    for shot in ("000-attract", "r-result", "r-confirmation", "c-result", "999-cleared"):
        png = env.shots / f"{shot}.png"
        check(png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"screenshot {shot}.png missing")


if __name__ == "__main__":
    harness.main(test, "assessment-journeys")
