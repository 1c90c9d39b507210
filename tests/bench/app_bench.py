#!/usr/bin/env python3
"""The app's own benchmarks (issue 5), recorded in docs/benchmarks.md: not a test, nothing asserted.

Runs the real app (a Release build) in a real window under its own Xvfb, with a real selfdirect-sync
and council keys, through tests/e2e/harness.py, and prints the median (and range) of RUNS runs of:

  1. launch -> first presented frame of the HL7 Cardiology form: `first_frame_seconds` from
     --stats-file (from the start of run_app: profile, form, vault, GL context, fonts, first frame);
  2. PSS of the app after its first page is drawn: Pss in /proc/PID/smaps_rollup, read as soon as
     the screenshot of that page is written;
  3. frames drawn and CPU time (utime + stime from /proc/PID/stat) over 10 s idle on that page:
     between two screenshot steps around `wait-ms 12000`, frames from the "frame" numbers in the
     screenshots' NAME.json, less the same figures for a control window around `wait-ms 2000` (the
     second screenshot's own frame and PNG, and the frames drawn as one step hands over to the next);
  4. CPU per drawn frame on the busiest page, the check page of SAQ-D1 (every answer listed): CPU
     between two screenshots around `wait N`, divided by the frames between them.

The screenshots are the markers: the script below names one, the app writes NAME.png and NAME.json,
and this process reads /proc the moment NAME.json appears (polling every 2 ms).

Usage: app_bench.py BUILD_DIR SOURCE_DIR [--runs N] [--frames N] [--no-busy]
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "e2e"))
import assessment_journeys_test  # noqa: E402  (journey_steps: the whole SAQ-D1 by touch)
import harness  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")
CARDIOLOGY = "tests/fixtures/fhir-sdc/Questionnaire-CardiologyForm.json"


def cpu_seconds(pid):
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK          # utime + stime


def memory_mib(pid):
    """Pss, Rss and private (Private_Clean + Private_Dirty: what this process alone holds) in MiB.
    Pss depends on how many other processes map the same libraries (Mesa, X11), so Rss and private
    are printed beside it."""
    kb = {}
    for line in pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        kb[name] = int(value.split()[0])
    return {"pss": kb["Pss"] / 1024, "rss": kb["Rss"] / 1024,
            "private": (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024}


def run(env, profile, form, script_text, markers, extra=(), timeout=600):
    """Starts the app, reads (cpu, pss) when each marker screenshot appears, returns them with the stats."""
    script = env.script_dir / "bench.txt"
    script.write_text(script_text)
    stats = env.script_dir / "stats.json"
    stats.unlink(missing_ok=True)
    for m in markers:
        (env.shots / f"{m}.json").unlink(missing_ok=True)
    p = subprocess.Popen([str(env.app), "--profile", str(profile), "--form", str(form), "--script", str(script),
                          "--screenshot-dir", str(env.shots), "--stats-file", str(stats), "--windowed", *extra],
                         env=dict(os.environ, DISPLAY=env.display), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = {}
    deadline = time.time() + timeout
    while len(seen) < len(markers) and p.poll() is None and time.time() < deadline:
        for m in markers:
            if m not in seen and (env.shots / f"{m}.json").exists():
                seen[m] = {"cpu": cpu_seconds(p.pid), **memory_mib(p.pid)}
        time.sleep(0.002)
    _, err = p.communicate(timeout=timeout)
    if p.returncode != 0 or len(seen) < len(markers):
        raise RuntimeError(f"app exited {p.returncode}, markers seen {sorted(seen)}: {err.decode()[-2000:]}")
    for m in markers:
        seen[m]["frame"] = json.loads((env.shots / f"{m}.json").read_text())["frame"]
    return seen, json.loads(stats.read_text())


def summary(values, unit, scale=1.0):
    v = [x * scale for x in values]
    return f"median {statistics.median(v):.2f} {unit} (min {min(v):.2f}, max {max(v):.2f}, n={len(v)})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("source_dir")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--no-busy", action="store_true", help="skip the SAQ-D1 check page (about 30 s a run)")
    a = ap.parse_args()
    env = harness.Env(a.build_dir, a.source_dir, "bench")
    try:
        env.start_xvfb()
        env.start_sync()
        key_id, public_key = env.keygen()
        profile = env.write_profile(key_id, public_key)
        cardiology = (env.src / CARDIOLOGY).resolve()

        first, pss, rss, private, idle_frames, idle_cpu = [], [], [], [], [], []
        # Idle: the window between two screenshots around `wait-ms 12000`, less the same window around
        # `wait-ms 2000` (the control: the second screenshot's own frame and PNG, and the frames the app
        # draws as one step hands over to the next), so what is left is what 10 s of idle itself costs.
        launch = "\n".join(['expect "Tell us about the help you need"', "wait 2", "screenshot first",
                            "wait-ms 1000", "screenshot ctl-a", "wait-ms 2000", "screenshot ctl-b",
                            "wait-ms 1000", "screenshot idle-a", "wait-ms 12000", "screenshot idle-b", "quit", ""])
        raw_frames, ctl_frames = [], []
        for _ in range(a.runs):
            seen, stats = run(env, profile, cardiology, launch, ["first", "ctl-a", "ctl-b", "idle-a", "idle-b"])
            first.append(stats["first_frame_seconds"])
            pss.append(seen["first"]["pss"])
            rss.append(seen["first"]["rss"])
            private.append(seen["first"]["private"])
            raw = seen["idle-b"]["frame"] - seen["idle-a"]["frame"]
            ctl = seen["ctl-b"]["frame"] - seen["ctl-a"]["frame"]
            raw_frames.append(raw)
            ctl_frames.append(ctl)
            idle_frames.append(raw - ctl)
            idle_cpu.append((seen["idle-b"]["cpu"] - seen["idle-a"]["cpu"]) - (seen["ctl-b"]["cpu"] - seen["ctl-a"]["cpu"]))
        print(f"launch -> first frame, Cardiology form: {summary(first, 'ms', 1000)}")
        print(f"PSS after the first page is drawn, Cardiology form: {summary(pss, 'MiB')}; "
              f"Rss {summary(rss, 'MiB')}; private {summary(private, 'MiB')}")
        print(f"frames in the 12 s window {raw_frames}, in the 2 s control window {ctl_frames}: "
              f"frames drawn by 10 s idle {idle_frames}; CPU of 10 s idle: {summary(idle_cpu, 'ms', 1000)} "
              f"(CPU clock ticks are {1000 / CLK_TCK:.0f} ms)")

        if a.no_busy:
            return
        saq = json.loads((env.src / "assets/forms/SAQ-D1.json").read_text())
        steps, _ = assessment_journeys_test.journey_steps(saq, "r", [])
        steps = [s for s in steps if not s.startswith("screenshot")]
        busy = "\n".join(['expect "Tell us about the help you need"', "tap nav.begin", 'expect "Before you start"',
                          "tap start.resident", *steps, 'expect "Check your answers"', "wait 5",
                          "screenshot busy-a", f"wait {a.frames}", "screenshot busy-b", "quit", ""])
        per_frame, frames = [], []
        for _ in range(a.runs):
            seen, _ = run(env, profile, env.src / "assets/forms/SAQ-D1.json", busy, ["busy-a", "busy-b"])
            n = seen["busy-b"]["frame"] - seen["busy-a"]["frame"]
            frames.append(n)
            per_frame.append((seen["busy-b"]["cpu"] - seen["busy-a"]["cpu"]) / n)
        print(f"CPU per drawn frame, SAQ-D1 check page ({frames[0]} frames forced by `wait {a.frames}`): "
              f"{summary(per_frame, 'ms', 1000)}")
    finally:
        env.close()


if __name__ == "__main__":
    main()
