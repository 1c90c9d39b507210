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

SUMMARY_URL = "https://selfdirect.example/fhir/StructureDefinition/assessment-summary"


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


def test(env):
    profile = env.start_kiosk()
    resident, carer = env.default_forms()
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
        'expect "Nothing is decided yet"', "screenshot r-result", "tap nav.send",
        'expect "Your reference is SD-"', "screenshot r-confirmation",
        # The resident said someone helps them: that person is offered their own assessment now.
        "tap receipt.carer.start",
        *carer_steps,
        'expect "Check your answers"', "screenshot c-check", "tap nav.submit",
        # The walk answers "Are you under 18?" (C0.5) with its first option, yes: the young carers'
        # route, with no adult carer's figure (issue 12 item 14).
        'expect "Support for young carers"', "screenshot c-result", "tap nav.send",
        'expect "Your reference is SD-"', "screenshot c-confirmation",
        "tap nav.finish", 'expect "Tell us about the help you need"', "screenshot 999-cleared",
        "quit", ""])
    result = env.run_app(profile, env.src / "assets/forms/SAQ-D1.json", script, timeout=280, extra_args=env.assessment_args())
    check(result["returncode"] == 0, f"app exited {result['returncode']}")

    records = env.wait_for_records(2)
    form_walk.check_records(records, [(resident, resident_expected), (carer, carer_expected)], check)
    # What each person's result page showed travels sealed with their record (docs/sync-protocol.md,
    # "The assessment summary"), so the council sees it without recomputing.
    for record in records:
        summaries = [json.loads(e["valueString"]) for e in record.get("extension", []) if e.get("url") == SUMMARY_URL]
        check(len(summaries) == 1, f"{record['questionnaire']}: the record carries {len(summaries)} assessment summaries, not 1")
        summary = summaries[0]
        carer_record = "CSAQ-D1" in record["questionnaire"]
        check(summary["form"]["id"] == ("CSAQ-D1" if carer_record else "SAQ-D1")
              and summary["ras"]["tableId"] == ("CRAS-D1" if carer_record else "RAS-D1")
              and summary["appVersion"] and summary["eligibility"] is not None,
              f"{record['questionnaire']}: summary {summary}")
        check(summary["budgetShown"] == bool(summary["figuresShown"]), f"shown figures do not agree: {summary}")
    for shot in ("000-attract", "r-result", "r-confirmation", "c-result", "999-cleared"):
        png = env.shots / f"{shot}.png"
        check(png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"screenshot {shot}.png missing")


if __name__ == "__main__":
    harness.main(test, "assessment-journeys")
