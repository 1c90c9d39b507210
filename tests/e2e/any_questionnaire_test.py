#!/usr/bin/env python3
"""End to end, a form the project did not write: the HL7 SDC Cardiology form (a third party's FHIR R4
Questionnaire, kept in tests/fixtures/fhir-sdc, 123 questions of seven types, enableWhen, nested
groups) runs through the same kiosk journey as the councils' forms: attract -> start -> every page
the kiosk asks (the first option of each choice, Yes for booleans, text typed only where an answer
is required) -> check page -> send. Screenshots of the first pages and the check page; the council
must then hold exactly one record, holding the answers typed. Nothing in the app knows this form."""
import json

import form_walk
import harness
from harness import check

FORM = "tests/fixtures/fhir-sdc/Questionnaire-CardiologyForm.json"
SHOWN = 10**6  # a screenshot of every question page (the first ones are checked to exist)


# Answers that meet the form's own rules (maxLength 2, and its targetConstraint regexes for Canadian
# postal codes and phone numbers): the kiosk enforces both, so anything else is refused, as it should be.
VALID = {"province": "ON", "postalcode": "K1A 0B1", "phone": "613-555-0199"}


def choose(item):
    """The answer this test gives: a choice's first option, Yes, or typed text where one is required
    (nothing for an attachment: the kiosk cannot take one)."""
    if item["type"] == "attachment":
        return None
    if item["type"] == "choice" and item.get("answerOption"):
        return dict(item["answerOption"][0])
    if item["type"] == "boolean":
        return {"valueBoolean": True}
    if item.get("required"):
        if item["type"] == "date":
            return {"valueDate": "1970-01-01"}
        if item["type"] == "integer":
            return {"valueInteger": 1}
        for suffix, value in VALID.items():
            if item["linkId"].endswith(suffix):
                return {"valueString": value}
        text = "Test " + item["linkId"].replace("_", " ")
        return {"valueString": text[:item["maxLength"]] if item.get("maxLength") else text}
    return None


def typed(answer):
    return str(next(iter(answer.values())))


def test(env):
    form_path = (env.src / FORM).resolve()
    check(form_path.exists(), f"{form_path} is missing")
    form = json.loads(form_path.read_text())
    # The kiosk cannot take an attachment (core parses it as Unsupported: a kiosk has no files to
    # attach), but it still gives it a page that says a worker will ask, counted in "Question N of M".
    pages, total = form_walk.walk(form, choose)
    check(any(item["type"] == "attachment" for _, item, _ in pages), "the Cardiology form no longer has an attachment")
    check(len(pages) > 50, f"the Cardiology form asks only {len(pages)} pages")

    steps = ['expect "Tell us about the help you need"', "screenshot 00-attract",
             "tap nav.begin", 'expect "Before you start"', "screenshot 01-start", "tap start.resident", "wait 3", "screenshot 02-first-page"]
    for n, (index, item, answer) in enumerate(pages):
        steps.append(f'expect "Question {index + 1} of {total}"')
        if item["type"] == "attachment":
            steps.append("expect-id question.unsupported")
        elif answer is not None and item["type"] == "choice":
            steps.append("tap option.1")
        elif answer is not None and item["type"] == "boolean":
            steps.append("tap option.yes")
        elif answer is not None:
            steps += ["tap answer.text", f'type "{typed(answer)}"']
        if n < SHOWN:
            steps.append(f"screenshot q{n + 1:03d}-{item['linkId']}")
        steps.append("tap nav.next")
    steps += ['expect "Check your answers"', "screenshot 90-check",
              "tap nav.submit", 'expect "Your reference is SD-"', "screenshot 91-confirmation",
              "tap nav.finish", 'expect "Tell us about the help you need"', "quit", ""]

    env.start_xvfb()
    env.start_sync()
    key_id, public_key = env.keygen()
    profile = env.write_profile(key_id, public_key)
    # The catalogues are looked for beside the form (FORM/../i18n) unless --i18n-dir says where: a
    # form kept elsewhere needs it, or the kiosk falls back to English only.
    result = env.run_app(profile, form_path, "\n".join(steps), timeout=280,
                         extra_args=("--i18n-dir", str(env.src / "assets/i18n")))
    check(result["returncode"] == 0, f"app exited {result['returncode']} on the Cardiology form")

    for shot in ("00-attract", "q001-" + pages[0][1]["linkId"], "90-check", "91-confirmation"):
        png = env.shots / f"{shot}.png"
        check(png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"screenshot {shot}.png missing")

    records = env.wait_for_records(1)
    check(len(records) == 1, f"expected exactly 1 record at the council, found {len(records)}")
    record = records[0]
    got = {}

    def walk(items):
        for it in items:
            for a in it.get("answer", []):
                got[it["linkId"]] = {k: v for k, v in a.items() if k != "item"}
                walk(a.get("item", []))
            walk(it.get("item", []))
    walk(record.get("item", []))
    for _, item, answer in pages:
        if answer is None:
            continue
        link = item["linkId"]
        check(link in got, f"{link} was answered but is not in the record")
        if "valueCoding" in answer:
            check(got[link].get("valueCoding", {}).get("code") == answer["valueCoding"].get("code"),
                  f"{link}: expected code {answer['valueCoding'].get('code')}, got {got[link]}")
        else:
            check(got[link] == answer, f"{link}: expected {answer}, got {got[link]}")


if __name__ == "__main__":
    harness.main(test, "any-questionnaire")
