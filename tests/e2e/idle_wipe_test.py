#!/usr/bin/env python3
"""End to end, the kiosk forgets: a resident answers two questions, one of them with a unique canary
typed into a text answer, and then stops touching the screen. The idle warning appears; "I need more
time" keeps every answer. The second time nobody answers it, the screen clears itself to the attract
page. The canary, and the resume code the person was given on the way (saved for later), must then be in no file under the device's data directory (db, -wal, -shm, key and
temp files) and nowhere in the app's own memory (its writable mappings, scanned by the app itself
with `expect-forgotten`; the needle is XOR-masked so the scanner cannot find itself; the code, which
no script can know beforehand, is taken from the screen masked with `remember-masked`)."""
import secrets

import harness
from harness import check

MASK = 0xA5


def masked_hex(text):
    return "".join(f"{b ^ MASK:02x}" for b in text.encode())


def test(env):
    env.start_xvfb()
    env.start_sync()
    key_id, public_key = env.keygen()
    # The shortest idle times a profile allows: 15 s quiet, then a 10 s warning.
    profile = env.write_profile(key_id, public_key, extra_device="idle_timeout_seconds = 15\nidle_warning_seconds = 10")
    canary = "idlecanary" + secrets.token_hex(12)

    result = env.run_app(profile, env.src / "assets/forms/SAQ-D1.json", f"""
expect "Tell us about the help you need"
# Read-aloud on: the code page is spoken too, and the speech engine's buffers are not ours to wipe.
tap read-aloud.toggle
tap nav.begin
tap start.resident
expect "Question 1 of"
tap option.1
tap nav.next
expect "Question 2 of"
tap answer.text
type "{canary}"
tap nav.next
expect "Question 3 of"
# Nobody touches the screen: the warning comes after 15 s.
wait-ms 14000
expect "Are you still there?"
screenshot 01-idle-warning
tap idle.more-time
expect "Question 3 of"
tap nav.back
expect "Question 2 of"
screenshot 02-more-time-kept-answers
# Save for later: the resume code the vault issues is shown, remembered (masked) by the script,
# and must be forgotten by the wipe like the answers.
tap nav.save
remember-masked resume.code
tap nav.back
expect "Question 2 of"
# Again, and this time nobody answers the warning: 15 s + 10 s.
wait-ms 24000
expect "Are you still there?"
wait-ms 2500
expect "Tell us about the help you need"
screenshot 03-wiped-to-attract
wait 3
expect-forgotten {masked_hex(canary)}
expect-forgotten-remembered
quit
""", timeout=200)
    check(result["returncode"] == 0, f"app exited {result['returncode']}")
    check("clearing the screen" in result["stderr"], "the app did not log the idle wipe")
    hits = env.files_containing(canary.encode(), env.device_dir)
    check(not hits, f"canary found in plaintext in: {hits}")
    check(env.decrypt() == [], "nothing was sent, so the council must hold no record")

    # The control: the same scan while the answer is still on screen must find it, or the check
    # above proves nothing.
    control = "ctrlcanary" + secrets.token_hex(12)
    result = env.run_app(profile, env.src / "assets/forms/SAQ-D1.json", f"""
expect "Tell us about the help you need"
tap nav.begin
expect "Before you start"
tap start.resident
expect "Question 1 of"
tap option.1
tap nav.next
expect "Question 2 of"
tap answer.text
type "{control}"
wait 3
expect-forgotten {masked_hex(control)}
quit
""", timeout=120)
    check(result["returncode"] != 0, "the memory scan did not find an answer that is still on screen")
    check("still in memory" in result["stderr"], "the control run failed for another reason")

    # The same control for the resume code: while it is on screen the scan must find it.
    result = env.run_app(profile, env.src / "assets/forms/SAQ-D1.json", """
expect "Tell us about the help you need"
tap nav.begin
expect "Before you start"
tap start.resident
expect "Question 1 of"
tap option.1
tap nav.next
expect "Question 2 of"
tap nav.save
remember-masked resume.code
wait 3
expect-forgotten-remembered
quit
""", timeout=120)
    check(result["returncode"] != 0, "the memory scan did not find a resume code that is still on screen")
    check("still in memory" in result["stderr"], "the resume-code control run failed for another reason")


if __name__ == "__main__":
    harness.main(test, "idle-wipe")
