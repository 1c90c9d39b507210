#!/usr/bin/env python3
"""A bad device profile stops the app before any window opens, with a message naming the file, the
line and the key: an unknown key, a value of the wrong type, and a missing council key."""
import subprocess

import harness
from harness import check

GOOD = """[device]
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

CASES = [
    # (name, profile text, expected line, expected key)
    ("unknown key", GOOD.replace('mode = "kiosk"', 'mode = "kiosk"\nidle_timout_seconds = 30'), 4,
     "device.idle_timout_seconds"),
    ("wrong type", GOOD.replace('id = "k1"', "id = 42"), 2, "device.id"),
    ("missing council key", GOOD.split("[[council_keys]]")[0], None, "council_keys"),
    ("bad council key", GOOD.replace("Lko4DBcR/eO+NQ6AjwM7FnUcEcunlbQK5T5aydEoGmA=", "not-base64!"), 12,
     "council_keys.public_key"),
]


def test(env):
    for name, text, line, key in CASES:
        profile = env.device_dir / "device.toml"
        profile.write_text(text)
        # No DISPLAY at all: the profile must be refused before a window is even attempted.
        out = subprocess.run([str(env.app), "--profile", str(profile), "--form", str(env.src / "assets/forms/skeleton.json")],
                             capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, timeout=30)
        message = out.stderr.strip()
        print(f"{name}: exit {out.returncode}: {message}")
        check(out.returncode == 2, f"{name}: expected exit 2, got {out.returncode}")
        check(str(profile) in message, f"{name}: message does not name the file: {message}")
        if line is not None:
            check(f"{profile}:{line}:" in message, f"{name}: message does not name line {line}: {message}")
        check(f"'{key}'" in message, f"{name}: message does not name key {key}: {message}")
        check(not (env.device_dir / "device.db").exists(), f"{name}: a store was created despite the bad profile")


if __name__ == "__main__":
    harness.main(test, "bad-profile")
