#!/usr/bin/env python3
"""A UI catalogue that does not load stops the app before any window opens, with exit status 2 and a
message naming the file and the line, like a bad profile: a syntax error, and a translation that
drops a {placeholder}. A --language with no catalogue is refused the same way, naming the languages
there are; with the checkout's own catalogues the app gets past them."""
import os
import re
import shutil
import subprocess

import harness
from harness import check

PROFILE = """[device]
id = "k1"
mode = "kiosk"
data_dir = "."

[sync]
url = "http://127.0.0.1:9"
receipt_key = "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk="

[[council_keys]]
id = "c1"
public_key = "Lko4DBcR/eO+NQ6AjwM7FnUcEcunlbQK5T5aydEoGmA="
"""

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

CASES = [
    # (name, .po text, expected pattern in the message: the file and a line, or the culprit)
    ("syntax error", HEADER + 'msgid "Next"\nmsgstr "Go on\n', r"cy\.po:[67]: "),
    ("dropped placeholder", HEADER + 'msgid "Question {number} of {total}"\nmsgstr "Question {number}"\n',
     r"Question \{number\} of \{total\}"),
]


def run(env, *args):
    # No DISPLAY at all: the catalogue must be refused before a window is even attempted. The
    # sanitizers' settings pass through (the ASan build's CI pass turns leak detection off, and a
    # leak report would change the exit status).
    clean = {"PATH": "/usr/bin:/bin"}
    clean.update({k: v for k, v in os.environ.items() if k in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS")})
    out = subprocess.run([str(env.app), "--profile", str(env.device_dir / "device.toml"),
                          "--form", str(env.src / "assets/forms/skeleton.json"), *args],
                         capture_output=True, text=True, env=clean, timeout=30)
    return out.returncode, out.stderr.strip()


def test(env):
    (env.device_dir / "device.toml").write_text(PROFILE)
    i18n = env.work / "i18n"
    i18n.mkdir()
    for name, text, expected in CASES:
        po = i18n / "cy.po"
        po.write_text(text)
        code, message = run(env, "--i18n-dir", str(i18n))
        print(f"{name}: exit {code}: {message}")
        check(code == 2, f"{name}: expected exit 2, got {code}")
        check(str(po) in message, f"{name}: message does not name the file: {message}")
        check(re.search(expected, message), f"{name}: message does not match {expected!r}: {message}")
        check(not (env.device_dir / "device.db").exists(), f"{name}: a store was created despite the bad catalogue")

    code, message = run(env, "--language", "xx-none")
    print(f"unknown language: exit {code}: {message}")
    check(code == 2 and "xx-none" in message and "en-x-easyread" in message,
          f"an unknown --language should be refused naming the languages there are: exit {code}: {message}")

    # The checkout's catalogues load: the app gets as far as the window, which it cannot open here.
    shutil.rmtree(i18n)
    code, message = run(env, "--language", "en-x-easyread")
    print(f"good catalogues: exit {code}: {message}")
    check("i18n" not in message and ".po" not in message, f"the checkout's catalogues were refused: {message}")


if __name__ == "__main__":
    harness.main(test, "bad-catalogue")
