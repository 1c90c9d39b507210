#!/usr/bin/env python3
"""End to end: a resident answers the skeleton form in the real window, changes an answer from the
check page, submits; the council side then holds exactly one record that decrypts to those answers,
and the free-text canary is in no file of the device or the server. The app also proves it draws
no frames while idle (expect-idle in the script), and staff find the record confirmed on the device
status page (five taps on the attract page's heading)."""
import secrets

import harness
from harness import check


def test(env):
    env.start_xvfb()
    env.start_sync()
    key_id, public_key = env.keygen()
    usb = env.device_dir.parent / "usb"
    usb.mkdir(exist_ok=True)
    profile = env.write_profile(key_id, public_key, extra_sync=f'export_dir = "{usb}"')
    canary = "canary-" + secrets.token_hex(12)

    result = env.run_app(profile, env.src / "assets/forms/skeleton.json", f"""
# The attract page, then idle: no frames for 5 s.
expect "Tell us about the help you need"
screenshot 00-attract
expect-idle 5000 0
tap nav.begin
expect "Before you start"
screenshot 00-start
tap start.resident
expect "Question 1 of 3"
screenshot 01-question-choice
tap "I need some help"
tap nav.next
expect "Question 2 of 3"
screenshot 02-question-boolean
tap Yes
tap nav.next
expect "Question 3 of 3"
tap answer.text
type "{canary}"
screenshot 03-question-text
tap nav.next
expect "Check your answers"
screenshot 04-check-answers
# Change an answer from the check page and come back to it.
tap change.9.1
expect "Question 2 of 3"
tap No
screenshot 05-change-answer
tap nav.next
expect "Check your answers"
tap nav.submit
expect "Your reference is SD-"
screenshot 06-confirmation
tap nav.finish
expect "Tell us about the help you need"
screenshot 07-cleared
# Staff: five taps on the heading open the device status page; the record just sent is confirmed.
tap attract.heading
tap attract.heading
tap attract.heading
tap attract.heading
tap attract.heading
expect "Device status (for staff)"
expect "Confirmed by the council and kept for now: 1"
expect "Everything is sent"
screenshot 08-staff-status
# Removable media: everything was sent, so there is nothing to copy, and the page says so.
tap staff.export
expect "There is nothing waiting to be sent."
screenshot 09-staff-export
tap nav.back
expect "Tell us about the help you need"
quit
""")
    check(result["returncode"] == 0, f"app exited {result['returncode']}")
    check(result["frames_drawn"] > 0, "no frames drawn")

    records = env.wait_for_records(1)
    check(len(records) == 1, f"expected exactly 1 record at the council, found {len(records)}")
    # Give the uploader a moment to be sure nothing else arrives (no duplicates).
    records = env.decrypt()
    check(len(records) == 1, f"expected exactly 1 record after settling, found {len(records)}")
    r = records[0]
    check(r["resourceType"] == "QuestionnaireResponse", "not a QuestionnaireResponse")
    answers = {i["linkId"]: i["answer"][0] for i in r["item"]}
    check(answers["1.1"]["valueCoding"]["code"] == "some", f"1.1 wrong: {answers['1.1']}")
    check(answers["9.1"] == {"valueBoolean": False}, f"9.1 not changed to No: {answers['9.1']}")
    check(answers["12.1"] == {"valueString": canary}, f"12.1 wrong: {answers['12.1']}")

    hits = env.files_containing(canary.encode(), env.device_dir, env.server_dir)
    check(not hits, f"canary found in plaintext in: {hits}")
    for shot in ("01-question-choice", "04-check-answers", "06-confirmation", "07-cleared"):
        png = env.shots / f"{shot}.png"
        check(png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"screenshot {shot}.png missing")


if __name__ == "__main__":
    harness.main(test, "skeleton-journey")
