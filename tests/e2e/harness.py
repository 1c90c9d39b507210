"""Shared harness for selfdirect's end-to-end tests: real processes, real files, a real X server.

Each test starts its own Xvfb (so ctest needs no wrapper), a real selfdirect-sync on a free loopback
port with its own SQLite store, generates a council key pair with selfdirect-council, writes a device
profile, and runs the real app in a real window driven by a script (src/app/script.h). Nothing is mocked.
"""
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request


class Fail(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Fail(message)


class Env:
    def __init__(self, bin_dir, src_dir, name):
        self.bin = pathlib.Path(bin_dir)
        self.src = pathlib.Path(src_dir)
        self.app = self.bin / "src/app/selfdirect"
        self.sync = self.bin / "sync/selfdirect-sync"
        self.council = self.bin / "sync/selfdirect-council"
        self.work = pathlib.Path(tempfile.mkdtemp(prefix=f"sd-e2e-{name}-"))
        self.shots = self.bin / "e2e-screenshots" / name
        shutil.rmtree(self.shots, ignore_errors=True)
        self.shots.mkdir(parents=True)
        self.device_dir = self.work / "device"      # the app's data directory
        self.server_dir = self.work / "server"      # the council receiver's files
        self.council_dir = self.work / "council"    # the council's own machine
        self.script_dir = self.work / "scripts"     # test input: outside every data directory
        for d in (self.device_dir, self.server_dir, self.script_dir):
            d.mkdir()
        self.procs = []
        self.display = None
        self.port = None
        self.receipt_key = None

    # -- processes ---------------------------------------------------------------------------
    def start_xvfb(self):
        r, w = os.pipe()
        p = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x800x24", "-nolisten", "tcp",
                              "-noreset"], pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        self.procs.append(p)
        number = b""
        deadline = time.time() + 20
        while not number.endswith(b"\n") and time.time() < deadline:
            chunk = os.read(r, 16)
            if not chunk:
                break
            number += chunk
        os.close(r)
        check(number.strip(), "Xvfb did not start")
        self.display = ":" + number.decode().strip()

    def receipt_keygen(self):
        """The receiver's receipt key pair (receipt.sk for selfdirect-sync, receipt.pk pinned in the profile)."""
        if not (self.server_dir / "receipt.sk").exists():
            out = subprocess.run([str(self.council), "receipt-keygen", "--out", str(self.server_dir)],
                                 capture_output=True, text=True)
            check(out.returncode == 0, "receipt-keygen failed: " + out.stderr)
        return (self.server_dir / "receipt.pk").read_text().split()[-1]

    def enrol(self, device_id):
        """A one-time enrolment code for `device_id`, issued into the running receiver's store."""
        out = subprocess.run([str(self.council), "enrol", "--store", str(self.server_dir / "server.db"),
                              "--device-id", device_id], capture_output=True, text=True)
        check(out.returncode == 0, "enrol failed: " + out.stderr)
        found = re.search(r"enrolment code for .*: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})", out.stdout)
        check(found is not None, "enrol printed no code: " + out.stdout)
        return found.group(1)

    def start_sync(self):
        self.receipt_key = self.receipt_keygen()
        port_file = self.server_dir / "port"
        log = open(self.server_dir / "sync.log", "w")
        p = subprocess.Popen([str(self.sync), "--store", str(self.server_dir / "server.db"), "--host", "127.0.0.1",
                              "--port", "0", "--port-file", str(port_file),
                              "--receipt-key", str(self.server_dir / "receipt.sk")],
                             stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(p)
        deadline = time.time() + 10
        while time.time() < deadline and not (port_file.exists() and port_file.read_text().strip()):
            check(p.poll() is None, "selfdirect-sync exited at start: " + (self.server_dir / "sync.log").read_text())
            time.sleep(0.05)
        self.port = int(port_file.read_text().strip())

    def start_kiosk(self, extra_device=""):
        """Xvfb, a real selfdirect-sync, a council key pair and a kiosk profile sealed to it."""
        self.start_xvfb()
        self.start_sync()
        key_id, public_key = self.keygen()
        return self.write_profile(key_id, public_key, extra_device)

    def default_forms(self):
        """The resident's and the carer's default forms, as JSON."""
        return (json.loads((self.src / "assets/forms/SAQ-D1.json").read_text()),
                json.loads((self.src / "assets/forms/CSAQ-D1.json").read_text()))

    def assessment_args(self):
        """The app's arguments for both default forms with their RAS tables (after --form SAQ-D1)."""
        return ("--ras", str(self.src / "assets/ras/RAS-D1.json"),
                "--carer-form", str(self.src / "assets/forms/CSAQ-D1.json"),
                "--carer-ras", str(self.src / "assets/ras/CRAS-D1.json"))

    def keygen(self):
        (self.work / "pass.txt").write_text("correct horse battery staple e2e\n"); (self.work / "pass.txt").chmod(0o600)
        out = subprocess.run([str(self.council), "keygen", "--out", str(self.council_dir), "--key-id", "e2e-council-1",
                              "--passphrase-file", str(self.work / "pass.txt")],
                             capture_output=True, text=True)
        check(out.returncode == 0, "keygen failed: " + out.stderr)
        key_id, public_key = (self.council_dir / "council.pk").read_text().split()
        return key_id, public_key

    def write_profile(self, key_id, public_key, extra_device="", extra_sync=""):
        # Sync protocol v2: the receiver's receipt key pinned, and a fresh one-time enrolment code
        # (the device enrols with it on its first sync; a repeat with the same keys is harmless).
        code = self.enrol("e2e-kiosk-1")
        profile = self.device_dir / "device.toml"
        profile.write_text(f"""[device]
id = "e2e-kiosk-1"
mode = "kiosk"
data_dir = "."
{extra_device}
[sync]
url = "http://127.0.0.1:{self.port}"
receipt_key = "{self.receipt_key}"
enrolment_code = "{code}"
{extra_sync}
[[council_keys]]
id = "{key_id}"
public_key = "{public_key}"
""")
        return profile

    def run_app(self, profile, form, script_text, timeout=120, extra_args=()):
        script = self.script_dir / "steps.txt"
        script.write_text(script_text)
        stats = self.script_dir / "stats.json"
        env = dict(os.environ, DISPLAY=self.display)
        started = time.time()
        out = subprocess.run([str(self.app), "--profile", str(profile), "--form", str(form), "--script", str(script),
                              "--screenshot-dir", str(self.shots), "--stats-file", str(stats), "--windowed",
                              *extra_args], capture_output=True, text=True, env=env, timeout=timeout)
        sys.stdout.write(out.stderr)
        result = {"returncode": out.returncode, "stderr": out.stderr, "seconds": time.time() - started}
        if stats.exists():
            result.update(json.loads(stats.read_text()))
        return result

    def decrypt(self):
        out = subprocess.run([str(self.council), "decrypt", "--passphrase-file", str(self.work / "pass.txt"), "--key", str(self.council_dir / "council.sk"),
                              "--store", str(self.server_dir / "server.db")], capture_output=True, text=True)
        check(out.returncode == 0, "decrypt failed: " + out.stderr)
        # decrypt prints {"records": [{record_id, revision, server_seq, ..., "response"}], "conflicts": [...],
        # "quarantined": [...]} (docs/council-export.md); the journeys check the responses.
        return [record["response"] for record in json.loads(out.stdout)["records"]]

    def stored_count(self):
        """How many envelopes the running receiver holds (GET /v2/health); -1 if it does not answer."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/v2/health", timeout=5) as answer:
                return int(json.loads(answer.read()).get("records", -1))
        except (OSError, ValueError):
            return -1

    def wait_for_records(self, count, seconds=15):
        # Polls the receiver's health count, then decrypts once: each decrypt unwraps council.sk with
        # Argon2id (about 0.7 s under ASan), too slow to poll with.
        deadline = time.time() + seconds
        while time.time() < deadline and self.stored_count() < count:
            time.sleep(0.1)
        return self.decrypt()

    def files_containing(self, needle: bytes, *dirs):
        hits = []
        for d in dirs:
            for path in pathlib.Path(d).rglob("*"):
                if path.is_file() and needle in path.read_bytes():
                    hits.append(str(path))
        return hits

    def close(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(self.work, ignore_errors=True)


def main(test_fn, name):
    bin_dir, src_dir = sys.argv[1], sys.argv[2]
    env = Env(bin_dir, src_dir, name)
    try:
        test_fn(env)
    except Fail as e:
        print(f"FAILED: {e}")
        sys.exit(1)
    finally:
        env.close()
    print("ok")
