#!/usr/bin/python3
"""Scale-out test (issue 6): two selfdirect-sync processes on one PostgreSQL database receive the
same envelopes at the same moment. Uniqueness is the database's job, so each record must end up
stored exactly once: for every envelope one receiver answers `stored` and the other `duplicate`,
both with the same server_seq and server_time, and both receipts verify with the receipt key.

Run inside a throwaway cluster (toolchains/pg-test-cluster.sh sets SELFDIRECT_TEST_PG_URI):

  pg-test-cluster.sh /usr/bin/python3 tests/pg/scale_out_test.py SELFDIRECT_SYNC SELFDIRECT_COUNCIL [RECORDS]

Envelopes are sealed and signed by tests/sync_client/independent_client.py (written only from the
documents), so this test needs Debian's python3-nacl. Prints one line per step; exit 1 on a failure.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sync_client"))
try:
    import independent_client as client  # seal(), post(), receipt_valid(), b64()
    import nacl.bindings as nb
    import nacl.signing
except ImportError as e:
    sys.exit(f"scale_out_test.py needs python3-nacl and tests/sync_client/independent_client.py: {e}")

BATCH = 20


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def start_receiver(sync_bin, store, receipt_sk, work, name):
    port_file = os.path.join(work, f"{name}.port")
    log = open(os.path.join(work, f"{name}.log"), "w")
    proc = subprocess.Popen([sync_bin, "--store", store, "--receipt-key", receipt_sk, "--host", "127.0.0.1",
                             "--port", "0", "--port-file", port_file], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            fail(f"receiver {name} exited with {proc.returncode}: {open(log.name).read()}")
        if os.path.exists(port_file) and open(port_file).read().strip():
            return proc, f"http://127.0.0.1:{int(open(port_file).read().strip())}"
        time.sleep(0.05)
    fail(f"receiver {name} did not start")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    sync_bin, council_bin = sys.argv[1], sys.argv[2]
    records = int(sys.argv[3]) if len(sys.argv) == 4 else 400
    store = os.environ.get("SELFDIRECT_TEST_PG_URI")
    if not store:
        fail("SELFDIRECT_TEST_PG_URI is not set (run under toolchains/pg-test-cluster.sh)")

    work = tempfile.mkdtemp(prefix="selfdirect-scale-out-")
    procs = []
    try:
        subprocess.run([council_bin, "receipt-keygen", "--out", work], check=True, stdout=subprocess.DEVNULL)
        receipt_sk = os.path.join(work, "receipt.sk")
        receipt_key = nacl.signing.VerifyKey(client.unb64(client.read_key_file(os.path.join(work, "receipt.pk"))))

        # Both start against the empty database at once: the schema is created once, under a lock.
        a_proc, a = start_receiver(sync_bin, store, receipt_sk, work, "a")
        b_proc, b = start_receiver(sync_bin, store, receipt_sk, work, "b")
        procs = [a_proc, b_proc]
        print(f"ok: two receivers on one PostgreSQL database ({a}, {b})")

        device_id = "scale-out-kiosk-1"
        enrol = subprocess.run([council_bin, "enrol", "--store", store, "--device-id", device_id],
                               check=True, capture_output=True, text=True).stdout
        match = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", enrol)
        if not match:
            fail(f"no enrolment code in: {enrol!r}")
        code = match.group(0)
        sign_key = nacl.signing.SigningKey.generate()
        box_pk, _ = nb.crypto_box_keypair()
        sign_pk_b64, box_pk_b64 = client.b64(bytes(sign_key.verify_key)), client.b64(box_pk)
        proof = "".join(f"{line}\n" for line in ["selfdirect-enrol-v2", device_id, code, sign_pk_b64, box_pk_b64])
        status, answer = client.post(a, "/v2/enrol", {
            "protocol": 2, "device_id": device_id, "code": code, "sign_public_key": sign_pk_b64,
            "box_public_key": box_pk_b64, "proof": client.b64(sign_key.sign(proof.encode()).signature)})
        if status != 200 or answer.get("result") != "enrolled":
            fail(f"enrol through receiver a: HTTP {status} {answer}")
        print(f"ok: enrolled {device_id} through receiver a")

        council_pk, _ = nb.crypto_box_keypair()  # the receivers never open envelopes
        envelopes = []
        for n in range(records):
            env = client.seal(b'{"resourceType":"QuestionnaireResponse","status":"completed"}', str(uuid.uuid4()), 1,
                              device_id, sign_key, "scale-out-council", council_pk, 1795000000 + n)
            envelopes.append(env)

        # Every batch goes to both receivers at the same moment, from two threads.
        answers = {a: [], b: []}
        errors = []
        for start in range(0, records, BATCH):
            body = {"protocol": 2, "device_id": device_id,
                    "envelopes": [client.b64(e) for e in envelopes[start:start + BATCH]]}
            barrier = threading.Barrier(2)

            def send(base, body=body, barrier=barrier):
                barrier.wait()
                status, answer = client.post(base, "/v2/upload", body)
                if status != 200:
                    errors.append(f"{base}: HTTP {status} {answer}")
                    return
                answers[base].extend(answer["results"])

            threads = [threading.Thread(target=send, args=(base,)) for base in (a, b)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        if errors:
            fail("; ".join(errors[:3]))

        stored = {a: 0, b: 0}
        seqs = set()
        for i, env in enumerate(envelopes):
            ra, rb = answers[a][i], answers[b][i]
            outcomes = sorted([ra["result"], rb["result"]])
            if outcomes != ["duplicate", "stored"]:
                fail(f"envelope {i}: answers {ra['result']} / {rb['result']} (want one stored, one duplicate)")
            stored[a] += ra["result"] == "stored"
            stored[b] += rb["result"] == "stored"
            hash_hex = client.envelope_hash(env)
            for r in (ra, rb):
                if not client.receipt_valid(r["receipt"], receipt_key, r["record_id"], 1, hash_hex):
                    fail(f"envelope {i}: a receipt does not verify")
            if (ra["receipt"]["server_seq"], ra["receipt"]["server_time"]) != \
               (rb["receipt"]["server_seq"], rb["receipt"]["server_time"]):
                fail(f"envelope {i}: the receivers name different copies: {ra['receipt']} / {rb['receipt']}")
            seqs.add(ra["receipt"]["server_seq"])
        if len(seqs) != records:
            fail(f"{records} records but {len(seqs)} distinct server_seq")
        print(f"ok: {records} envelopes sent to both receivers at once: each stored once "
              f"(a stored {stored[a]}, b stored {stored[b]}), the other answered duplicate with the same seq, "
              f"{2 * records} receipts verified")

        for base in (a, b):
            with urllib.request.urlopen(base + "/v2/health", timeout=30) as response:
                status, health = response.status, json.loads(response.read())
            if status != 200 or health.get("records") != records:
                fail(f"{base}/v2/health: {status} {health} (want records = {records})")
        print(f"ok: both receivers report {records} records")
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
