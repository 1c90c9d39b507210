#!/usr/bin/python3
"""Sync throughput (issue 6), recorded in docs/benchmarks.md: not a test, nothing asserted.

A real device vault (chaos_device) seals N records, then its SyncClient sends them straight to a real
selfdirect-sync on loopback (batches of 50, receipts verified, rows ACKED); the figure is records per
second of the sending phase only (sealing is the submit benchmark in bench_vault). The store is SQLite,
or PostgreSQL when SELFDIRECT_TEST_PG_URI is set (run under toolchains/pg-test-cluster.sh).

usage: sync_bench.py BUILD_DIR [--records N] [--runs N]
"""
import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--records", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    build = pathlib.Path(a.build)
    sync, council, device = build / "sync/selfdirect-sync", build / "sync/selfdirect-council", build / "tests/bench/chaos_device"
    pg = os.environ.get("SELFDIRECT_TEST_PG_URI", "")
    rates = []
    for run in range(a.runs):
        work = pathlib.Path(tempfile.mkdtemp(prefix="sd-sync-bench-"))
        store = pg if pg else f"sqlite:{work / 'server.db'}"
        if pg:  # a fresh database per run would need createdb; empty the tables instead
            subprocess.run(["psql", pg, "-q", "-c", "DO $$ BEGIN IF to_regclass('envelopes') IS NOT NULL THEN "
                            "TRUNCATE envelopes, conflicts; END IF; END $$;"], check=False, capture_output=True)
        pw = work / "pass"
        pw.write_text("bench passphrase, not a secret\n")
        pw.chmod(0o600)
        subprocess.run([council, "keygen", "--out", work / "council", "--key-id", "bench-1", "--passphrase-file", pw],
                       check=True, capture_output=True)
        subprocess.run([council, "receipt-keygen", "--out", work / "receipt"], check=True, capture_output=True)
        port_file = work / "port"
        server = subprocess.Popen([sync, "--store", store, "--receipt-key", work / "receipt/receipt.sk", "--port", "0",
                                   "--port-file", port_file], stderr=open(work / "server.log", "w"))
        try:
            while not port_file.exists() or not port_file.read_text().strip():
                time.sleep(0.02)
            device_id = f"bench-device-{run}-{os.getpid()}"
            out = subprocess.run([council, "enrol", "--store", store, "--device-id", device_id], check=True,
                                 capture_output=True, text=True).stdout
            code = re.search(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}\b", out.split(":", 1)[1]).group(0)
            key_id, pk = (work / "council/council.pk").read_text().split()[:2]
            receipt = (work / "receipt/receipt.pk").read_text().split()[-1]
            wrapper = os.environ.get("SYNC_BENCH_DEVICE_WRAPPER", "").split()  # e.g. "perf record -g -o FILE --"
            result = subprocess.run([*wrapper, device, "--data", work / "device", "--device-id", device_id,
                                     "--url", f"http://127.0.0.1:{port_file.read_text().strip()}", "--receipt-key", receipt,
                                     "--code", code, "--council-key-id", key_id, "--council-public-key", pk,
                                     "--records", str(a.records), "--ids-out", work / "ids.txt"],
                                    capture_output=True, text=True)
            report = json.loads(result.stdout.strip().splitlines()[-1])
            if report["acked"] != a.records:
                raise SystemExit(f"run {run}: not every record acknowledged: {report}")
            rates.append(a.records / report["seconds"])
            # Where the time goes: the receiver's own time per batch (its "event=batch ... ms=N" lines).
            batch_ms = [int(line.rsplit("ms=", 1)[1]) for line in (work / "server.log").read_text().splitlines()
                        if "event=batch" in line and "ms=" in line]
            server_s = sum(batch_ms) / 1000
            print(f"run {run + 1}: {a.records} records in {report['seconds']:.2f} s = {rates[-1]:.0f} records/s "
                  f"({len(batch_ms)} batches; receiver busy {server_s:.2f} s, "
                  f"{server_s / report['seconds']:.0%} of the time)", flush=True)
        finally:
            server.terminate()
            server.wait()
    print(f"device -> selfdirect-sync ({'PostgreSQL' if pg else 'SQLite'}), loopback: median {statistics.median(rates):.0f} "
          f"records/s (min {min(rates):.0f}, max {max(rates):.0f}, n={len(rates)})")


if __name__ == "__main__":
    main()
