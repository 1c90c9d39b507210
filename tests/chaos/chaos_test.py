#!/usr/bin/python3
"""The sync chaos test (issue 6): N records from a real device vault reach the council exactly once
whatever the network and the server do.

  device (chaos_device: DeviceVault + SyncClient)
     -> chaos_proxy.py (refuses, delays, truncates, duplicates, drops answers after the commit)
     -> selfdirect-sync, SIGKILLed and restarted on the same port every RESTART seconds
     -> the store: SQLite, or PostgreSQL when SELFDIRECT_TEST_PG_URI is set (pg-test-cluster.sh)

Passes when: the device reports every row ACKED (none queued, sending or held); the store holds
exactly N records, whose record ids are exactly the ones the device sealed (0 lost, 0 duplicated);
`selfdirect-council verify` re-checks every envelope and receipt; and the proxy really injected
every kind of fault (so a pass is not a quiet network).

usage: chaos_test.py SYNC COUNCIL CHAOS_DEVICE [--records N] [--restart-seconds S] [--seed N]
"""
import argparse
import json
import os
import pathlib
import re
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent


def fail(message):
    print(f"FAIL: {message}", flush=True)
    sys.exit(1)


def wait_for_file(path, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if path.exists() and path.read_text().strip():
            return path.read_text().strip()
        time.sleep(0.02)
    fail(f"{path} did not appear")


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """selfdirect-sync on a fixed port, so the proxy's upstream stays put across restarts."""

    def __init__(self, binary, store, receipt_key, port, log):
        self.args = [binary, "--store", store, "--receipt-key", str(receipt_key), "--host", "127.0.0.1", "--port", str(port)]
        self.port = port
        self.log = log
        self.process = None
        self.restarts = 0

    def start(self):
        for _ in range(100):  # the port may be in TIME_WAIT for a moment after a kill
            self.process = subprocess.Popen(self.args, stdout=self.log, stderr=self.log)
            for _ in range(100):
                if self.healthy():
                    return
                if self.process.poll() is not None:
                    break
                time.sleep(0.02)
            if self.process.poll() is None:
                return
            time.sleep(0.1)
        fail("selfdirect-sync would not start")

    def healthy(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/v2/health", timeout=1) as r:
                return r.status == 200
        except OSError:
            return False

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def records(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/v2/health", timeout=5) as r:
            return json.loads(r.read())["records"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sync")
    ap.add_argument("council")
    ap.add_argument("device")
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--restart-seconds", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--deadline-seconds", type=int, default=240)
    a = ap.parse_args()

    work = pathlib.Path(tempfile.mkdtemp(prefix="sd-chaos-"))
    pg = os.environ.get("SELFDIRECT_TEST_PG_URI", "")
    store = pg if pg else f"sqlite:{work / 'server.db'}"
    backend = "PostgreSQL" if pg else "SQLite"
    log = open(work / "sync.log", "ab")
    print(f"chaos: {a.records} records, {backend} store, server restarted every {a.restart_seconds} s, work dir {work}", flush=True)

    def council(*args):
        out = subprocess.run([a.council, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if out.returncode != 0:
            fail(f"selfdirect-council {args[0]}: exit {out.returncode}: {out.stderr.strip()}")
        return out.stdout

    passphrase = work / "passphrase"
    passphrase.write_text("chaos council passphrase, not a secret\n")
    passphrase.chmod(0o600)
    council("keygen", "--out", str(work / "council"), "--key-id", "chaos-council-1", "--passphrase-file", str(passphrase))
    key_id, council_pk = (work / "council" / "council.pk").read_text().split()[:2]
    council("receipt-keygen", "--out", str(work / "receipt"))
    receipt_pk = (work / "receipt" / "receipt.pk").read_text().split()[-1]

    server = Server(a.sync, store, work / "receipt" / "receipt.sk", free_port(), log)
    server.start()
    code_line = council("enrol", "--store", store, "--device-id", "chaos-device-1")
    code = re.search(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}\b", code_line.split(":", 1)[1]).group(0)

    stats = work / "proxy-stats.json"
    port_file = work / "proxy-port"
    proxy = subprocess.Popen([sys.executable, str(HERE / "chaos_proxy.py"), "--upstream", f"127.0.0.1:{server.port}",
                              "--seed", str(a.seed), "--port-file", str(port_file), "--stats-file", str(stats)],
                             stdout=subprocess.DEVNULL)
    proxy_port = wait_for_file(port_file)

    # Restarts: SIGKILL (no clean shutdown) at random moments, then start again on the same port.
    stop = threading.Event()

    def restarter():
        rng = random.Random(a.seed)
        while not stop.wait(rng.uniform(0.5, 2 * a.restart_seconds)):
            server.kill()
            server.restarts += 1
            time.sleep(rng.uniform(0.0, 0.5))
            server.start()

    thread = threading.Thread(target=restarter, daemon=True)
    thread.start()
    started = time.time()
    device = subprocess.run([a.device, "--data", str(work / "device"), "--url", f"http://127.0.0.1:{proxy_port}",
                             "--receipt-key", receipt_pk, "--code", code, "--council-key-id", key_id,
                             "--council-public-key", council_pk, "--records", str(a.records),
                             "--deadline-seconds", str(a.deadline_seconds), "--ids-out", str(work / "ids.txt")],
                            capture_output=True, text=True)
    stop.set()
    thread.join()
    proxy.send_signal(signal.SIGTERM)
    proxy.wait(timeout=10)
    elapsed = time.time() - started
    if not server.healthy():
        server.start()
    print(f"chaos: device: {device.stdout.strip()} {device.stderr.strip()[-500:]}", flush=True)
    faults = json.loads(stats.read_text())
    print(f"chaos: proxy faults {faults}; server restarts {server.restarts}; {elapsed:.0f} s", flush=True)
    report = json.loads(device.stdout.strip().splitlines()[-1]) if device.stdout.strip() else {}
    if device.returncode != 0 or report.get("acked") != a.records or report.get("held") or report.get("queued") or report.get("sending"):
        fail(f"the device did not end with every row ACKED: {report}")

    stored = server.records()
    sealed = set((work / "ids.txt").read_text().split())
    if len(sealed) != a.records:
        fail(f"the device sealed {len(sealed)} distinct ids, not {a.records}")
    exported = work / "export.json"
    council("export", "--key", str(work / "council" / "council.sk"), "--passphrase-file", str(passphrase),
            "--store", store, "--format", "json", "--out", str(exported))
    rows = json.loads(exported.read_text())
    ids = [r["record_id"] for r in rows]
    lost, extra = sealed - set(ids), set(ids) - sealed
    duplicated = len(ids) - len(set(ids))
    print(f"chaos: council store {stored} records, export {len(ids)} rows: lost {len(lost)}, unknown {len(extra)}, "
          f"duplicated {duplicated}", flush=True)
    if stored != a.records or lost or extra or duplicated:
        fail("the council does not hold exactly the records the device sealed")
    council("verify", "--store", store, "--receipt-public-key", str(work / "receipt" / "receipt.pk"))
    missing = [f for f in ("refuse", "truncate", "duplicate", "drop_answer") if faults.get(f, 0) == 0]
    if missing:
        fail(f"the proxy never injected {missing}: the run proves nothing about them")
    if server.restarts == 0:
        fail("the server was never restarted")
    server.kill()
    print(f"ok: {a.records} records, exactly once at the council ({backend}), every device row ACKED, "
          f"{server.restarts} server kills, faults {faults}")


if __name__ == "__main__":
    main()
