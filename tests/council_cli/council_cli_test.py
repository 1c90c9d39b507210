#!/usr/bin/env python3
"""Drives the real selfdirect-council binary the way a council administrator would: keygen, then
export (CSV, JSON, FHIR Bundle, CLD) of records sealed into a store by council_cli_seed, pull into a
council-local copy, and verify of receipts and envelopes, including tampered ones.

Usage: council_cli_test.py SCENARIO COUNCIL_BIN SEED_BIN SOURCE_DIR
Scenarios: export, unopenable, pull-verify, passphrase, bundle, hostile, swapped, conflicts, decimal, triage.
"""
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

scenario, council_bin, seed_bin, source_dir = sys.argv[1:5]
work = tempfile.mkdtemp(prefix="selfdirect-council-cli-")
PASSPHRASE = "correct horse battery staple council"


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def run(args, want):
    # A new session has no controlling terminal, so a passphrase prompt can never wait for a person.
    done = subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, start_new_session=True)
    if done.returncode != want:
        fail(f"{' '.join(args)} exited {done.returncode}, expected {want}\nstdout: {done.stdout}\nstderr: {done.stderr}")
    if want == 2 and len(done.stderr.strip().splitlines()) != 1:
        fail(f"{' '.join(args)} should print one line on stderr, printed: {done.stderr}")
    return done


def path(*parts):
    return os.path.join(work, *parts)


def private_file(name, text):
    """Passphrase files must be private (mode 0600), like key files."""
    fd = os.open(path(name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path(name)


def keygen(name, key_id):
    private_file(name + ".pass", PASSPHRASE + "\n")
    run([council_bin, "keygen", "--out", path(name), "--key-id", key_id, "--passphrase-file", path(name + ".pass")], 0)
    return path(name, "council.pk")


def fixture(name):
    return os.path.join(source_dir, "tests", "fixtures", name + ".json")


def seed(store, *records):
    out = run([seed_bin, "--store", store, "--receipt-pk-out", path("receipt.pk")]
              + [arg for record in records for arg in ("--record", ",".join(record))], 0).stdout
    return out.split()


def export(store, fmt, out, key="keys", want=0, extra=()):
    return run([council_bin, "export", "--key", path(key, "council.sk"), "--passphrase-file", path(key + ".pass"),
                "--store", store, "--format", fmt, "--out", out,
                "--questionnaire-dir", os.path.join(source_dir, "assets", "forms"),
                "--cld-map", os.path.join(source_dir, "assets", "exports", "cld-map.json")] + list(extra), want)


def injection_response():
    response = {"resourceType": "QuestionnaireResponse", "status": "completed",
                "questionnaire": "https://selfdirect.example/fhir/Questionnaire/SAQ-D1|1",
                "item": [{"linkId": "13", "item": [
                    {"linkId": "13.1", "answer": [{"valueString": '=HYPERLINK("http://evil.example","x"), and more'}]}]}]}
    with open(path("injection.json"), "w") as f:
        json.dump(response, f)
    return path("injection.json")


def scenario_export():
    pk = keygen("keys", "council-cli")
    store = path("server.db")
    ids = seed(store, (pk, "SAQ-D1", fixture("mrs-a")), (pk, "CSAQ-D1", fixture("mr-a-carer")),
               (pk, "SAQ-D1", injection_response()))
    if len(ids) != 3:
        fail(f"seeded {ids}")

    # JSON: metadata beside each response, in server order.
    export(store, "json", path("out.json"))
    records = json.load(open(path("out.json")))
    if [r["record_id"] for r in records] != ids:
        fail(f"json records {[r['record_id'] for r in records]} != seeded {ids}")
    for r in records:
        for field in ("revision", "server_seq", "server_time", "device_id", "form_id", "form_version", "response"):
            if field not in r:
                fail(f"json record lacks {field}")
    if records[1]["form_id"] != "CSAQ-D1" or records[1]["response"]["id"] != "mr-a-carer":
        fail("json record 2 is not the carer's")
    if oct(os.stat(path("out.json")).st_mode & 0o777) != "0o600":
        fail("export file is not mode 600")

    # CSV: header, one row per record, the formula guard, RFC 4180 quoting.
    export(store, "csv", path("out.csv"))
    raw = open(path("out.csv"), newline="").read()
    if not raw.endswith("\r\n"):
        fail("csv lines do not end in CRLF")
    rows = list(csv.reader(io.StringIO(raw)))
    header = rows[0]
    if header[:8] != ["record_id", "revision", "server_seq", "server_time", "device_id", "form_id", "form_version", "authored"]:
        fail(f"csv header {header[:8]}")
    if len(rows) != 4:
        fail(f"csv has {len(rows)} rows")
    cell = rows[3][header.index("13.1")]
    if cell != "'=HYPERLINK(\"http://evil.example\",\"x\"), and more":
        fail(f"formula not guarded: {cell!r}")
    if rows[1][header.index("12.1")] != "yes":
        fail("csv 12.1 of Mrs A is not yes")

    # FHIR: a collection Bundle whose entries resolve.
    export(store, "fhir", path("out.fhir.json"))
    bundle = json.load(open(path("out.fhir.json")))
    if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "collection":
        fail("not a collection Bundle")
    for field in ("id", "timestamp", "entry"):
        if field not in bundle:
            fail(f"Bundle lacks {field}")
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    if full_urls != ["urn:uuid:" + i for i in ids] or len(set(full_urls)) != 3:
        fail(f"fullUrls {full_urls}")
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource.get("resourceType") != "QuestionnaireResponse":
            fail("an entry is not a QuestionnaireResponse")
        if not resource.get("status") or not resource.get("questionnaire"):
            fail("a QuestionnaireResponse lacks status or questionnaire")
        if "urn:uuid:" + resource["id"] != entry["fullUrl"]:
            fail("resource id and fullUrl disagree")

    def references(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "reference" and isinstance(value, str):
                    yield value
                yield from references(value)
        elif isinstance(node, list):
            for value in node:
                yield from references(value)

    for ref in references(bundle):
        if ref.startswith("urn:uuid:") and ref not in full_urls:
            fail(f"reference {ref} does not resolve in the bundle")

    # CLD: the mapped fields filled from the answers.
    export(store, "cld", path("out.cld.csv"), extra=["--la-code", "E08000012", "--period-start", "2026-10-01",
                                                     "--period-end", "2026-12-31"])
    rows = list(csv.reader(open(path("out.cld.csv"), newline="")))
    header = rows[0]
    if header[0] != "LA Code" or "Client Type" not in header or len(rows) != 4:
        fail(f"cld header/rows: {header[:3]} {len(rows)}")
    col = {name: i for i, name in enumerate(header)}
    if [r[col["Client Type"]] for r in rows[1:]] != ["Service User", "Carer", "Service User"]:
        fail("cld Client Type")
    if rows[1][col["Has Unpaid Carer"]] != "Yes" or rows[2][col["Total Hrs Caring per week"]] != "50 or more":
        fail("cld answers not mapped")
    if rows[1][col["Event Reference"]] != ids[0] or rows[1][col["LA Code"]] != "E08000012":
        fail("cld metadata")

    # Bad format or an unreadable map: exit 2, one line.
    export(store, "xml", path("out.xml"), want=2)
    run([council_bin, "export", "--key", path("keys", "council.sk"), "--passphrase-file", path("keys.pass"),
         "--store", store, "--format", "cld", "--out", path("x.csv"), "--cld-map", path("no-such-map.json")], 2)
    export(path("no-such-store.db"), "json", path("x.json"), want=2)
    if os.path.exists(path("no-such-store.db")):
        fail("export created the store it was asked to read")


def scenario_unopenable():
    pk = keygen("keys", "council-cli")
    other = keygen("other", "other-council")
    store = path("server.db")
    ids = seed(store, (pk, "SAQ-D1", fixture("mrs-a")), (other, "SAQ-D1", fixture("mrs-a-no-unpaid-help")),
               (pk, "CSAQ-D1", fixture("mr-a-carer")))
    done = export(store, "json", path("out.json"), want=1)
    if ids[1] not in done.stderr:
        fail(f"stderr does not name the record that failed: {done.stderr}")
    if ids[0] in done.stderr or ids[2] in done.stderr:
        fail("stderr names a record that opened")
    records = json.load(open(path("out.json")))
    if [r["record_id"] for r in records] != [ids[0], ids[2]]:
        fail("the records that opened were not all written")


def tamper(db, record_id, column, offset):
    con = sqlite3.connect(db)
    (blob,) = con.execute(f"SELECT {column} FROM council_envelopes WHERE record_id = ?", (record_id,)).fetchone()
    blob = bytearray(blob)
    blob[offset] ^= 0x01
    con.execute(f"UPDATE council_envelopes SET {column} = ? WHERE record_id = ?", (bytes(blob), record_id))
    con.commit()
    con.close()


def scenario_pull_verify():
    pk = keygen("keys", "council-cli")
    store = path("server.db")
    ids = seed(store, (pk, "SAQ-D1", fixture("mrs-a")), (pk, "CSAQ-D1", fixture("mr-a-carer")))
    receipt = path("receipt.pk")

    done = run([council_bin, "verify", "--store", store, "--receipt-public-key", receipt,
                "--council-public-key", pk], 0)
    if "2 ok, 0 failed" not in done.stdout:
        fail(f"verify summary: {done.stdout}")

    local = path("council.db")
    done = run([council_bin, "pull", "--from", store, "--into", local], 0)
    if "2 new, 0 already held, 0 conflict" not in done.stdout:
        fail(f"first pull: {done.stdout}")
    done = run([council_bin, "pull", "--from", store, "--into", local], 0)
    if "0 new, 2 already held, 0 conflict" not in done.stdout:
        fail(f"second pull (overlap re-read) should hold both already: {done.stdout}")
    run([council_bin, "verify", "--store", local, "--receipt-public-key", receipt], 0)
    run([council_bin, "pull", "--from", store, "--into", "sqlite:" + store], 2)  # never into the store itself

    # The local copy exports like the store itself.
    export(local, "json", path("local.json"))
    if [r["record_id"] for r in json.load(open(path("local.json")))] != ids:
        fail("export of the pulled copy")

    # Another receipt key: every receipt fails.
    other = path("other-receipt.pk")
    with open(other, "w") as f:
        f.write("receipt AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")
    run([council_bin, "verify", "--store", local, "--receipt-public-key", other], 1)

    # A tampered receipt signature names that record only.
    tamper(local, ids[0], "receipt_signature", 5)
    done = run([council_bin, "verify", "--store", local, "--receipt-public-key", receipt], 1)
    if ids[0] not in done.stderr or ids[1] in done.stderr or "receipt signature" not in done.stderr:
        fail(f"tampered receipt: {done.stderr}")
    tamper(local, ids[0], "receipt_signature", 5)  # undo
    run([council_bin, "verify", "--store", local, "--receipt-public-key", receipt], 0)

    # A flipped envelope byte breaks the device signature and the hash.
    tamper(local, ids[1], "envelope", 200)
    done = run([council_bin, "verify", "--store", local, "--receipt-public-key", receipt], 1)
    if ids[1] not in done.stderr or ids[0] in done.stderr or "envelope_hash" not in done.stderr:
        fail(f"tampered envelope: {done.stderr}")
    if "1 ok, 1 failed" not in done.stdout:
        fail(f"tampered envelope summary: {done.stdout}")

    # A bundle import is not wired yet: a clear error, exit 2.
    run([council_bin, "pull", "--bundle", work, "--into", local], 2)
    run([council_bin, "pull", "--into", local], 2)


def scenario_passphrase():
    pk = keygen("keys", "council-cli")
    secret = open(path("keys", "council.sk"), "rb").read()
    key_id, public = open(pk).read().split()
    if not secret.startswith(b"selfdirect-council-key-v1\n"):
        fail(f"council.sk is not a passphrase-wrapped key file: {secret[:40]!r}")
    if oct(os.stat(path("keys", "council.sk")).st_mode & 0o777) != "0o600":
        fail("council.sk is not mode 600")
    store = path("server.db")
    ids = seed(store, (pk, "SAQ-D1", fixture("mrs-a")))
    export(store, "json", path("out.json"))
    private_file("wrong.pass", "not the passphrase at all\n")
    done = run([council_bin, "decrypt", "--key", path("keys"), "--passphrase-file", path("wrong.pass"),
                "--store", store], 2)
    if "passphrase" not in done.stderr:
        fail(f"wrong passphrase message: {done.stderr}")
    # No passphrase file and no terminal: refused, nothing asked.
    run([council_bin, "decrypt", "--key", path("keys"), "--store", store], 2)
    # A short passphrase is refused at keygen.
    private_file("short.pass", "short\n")
    run([council_bin, "keygen", "--out", path("weak"), "--passphrase-file", path("short.pass")], 2)
    if os.path.exists(path("weak", "council.sk")):
        fail("keygen wrote a key under a weak passphrase")
    done = run([council_bin, "decrypt", "--key", path("keys"), "--passphrase-file", path("keys.pass"),
                "--store", store], 0)
    if json.loads(done.stdout)["records"][0]["response"]["id"] != "mrs-a":
        fail("decrypt with the right passphrase")


def scenario_bundle():
    pk = keygen("keys", "council-cli")
    run([council_bin, "receipt-keygen", "--out", path("receiver")], 0)
    store = path("server.db")
    out = run([seed_bin, "--store", store, "--receipt-pk-out", path("unused.pk"), "--bundle-out", path("media"),
               "--device-dir", path("device"), "--record", f"{pk},SAQ-D1,{fixture('mrs-a')}",
               "--record", f"{pk},CSAQ-D1,{fixture('mr-a-carer')}"], 0).stdout.split()
    bundle, ids = out[0], out[1:]
    receipt_sk = path("receiver", "receipt.sk")

    done = run([council_bin, "pull", "--bundle", bundle, "--into", store, "--receipt-key", receipt_sk], 0)
    if "2 envelope(s), 2 stored" not in done.stdout:
        fail(f"first bundle import: {done.stdout}")
    done = run([council_bin, "pull", "--bundle", bundle, "--into", store, "--receipt-key", receipt_sk], 0)
    if "2 envelope(s), 2 duplicate" not in done.stdout:
        fail(f"second bundle import should store nothing again: {done.stdout}")
    run([council_bin, "verify", "--store", store, "--receipt-public-key", path("receiver", "receipt.pk")], 0)
    export(store, "json", path("out.json"))
    if sorted(r["record_id"] for r in json.load(open(path("out.json")))) != sorted(ids):
        fail("exported records differ from the bundle's")

    # A bundle with one flipped envelope byte is refused whole, before anything is stored.
    envelope = os.path.join(bundle, "envelopes", "000001.sdev")
    data = bytearray(open(envelope, "rb").read())
    data[100] ^= 1
    open(envelope, "wb").write(bytes(data))
    done = run([council_bin, "pull", "--bundle", bundle, "--into", store, "--receipt-key", receipt_sk], 2)
    if "bundle." not in done.stderr:
        fail(f"tampered bundle: {done.stderr}")
    run([council_bin, "pull", "--bundle", bundle, "--into", store], 2)  # no receipt key


def decrypt(store, want):
    return run([council_bin, "decrypt", "--key", path("keys"), "--passphrase-file", path("keys.pass"),
                "--store", store], want)


def write_text(name, text):
    with open(path(name), "w") as f:
        f.write(text)
    return path(name)


def scenario_hostile():
    """One record nested 100,000 deep and one whose signed header carries a form id that is not UTF-8,
    among good ones: decrypt and export write every good record, name the bad ones, exit 1."""
    pk = keygen("keys", "council-cli")
    store = path("server.db")
    depth = 100000
    deep = write_text("deep.json", '{"resourceType":"QuestionnaireResponse","status":"completed","item":'
                      + "[" * depth + "]" * depth + "}")
    ids = seed(store, (pk, "SAQ-D1", fixture("mrs-a")), (pk, "SAQ-D1", deep), (pk, "CSAQ-D1", fixture("mr-a-carer")))
    # "\udcff" is passed to the seed as the single byte 0xff (Python's surrogateescape).
    ids += seed(store, (pk, "SAQ-\udcff", fixture("mrs-a-no-unpaid-help")))
    good, bad = [ids[0], ids[2]], [ids[1], ids[3]]

    def check_named(done, what):
        for record_id in bad:
            if record_id not in done.stderr or "quarantined" not in done.stderr:
                fail(f"{what}: stderr does not name quarantined {record_id}: {done.stderr}")
        for record_id in good:
            if record_id in done.stderr:
                fail(f"{what}: stderr names a good record {record_id}")
        if "council.record_too_deep" not in done.stderr or "council.header_not_utf8" not in done.stderr:
            fail(f"{what}: reasons missing: {done.stderr}")

    done = decrypt(store, 1)
    check_named(done, "decrypt")
    shown = json.loads(done.stdout)
    if [r["record_id"] for r in shown["records"]] != good:
        fail(f"decrypt records {[r['record_id'] for r in shown['records']]} != {good}")
    if sorted(q["record_id"] for q in shown["quarantined"]) != sorted(bad):
        fail(f"decrypt quarantined {shown['quarantined']}")

    done = export(store, "json", path("out.json"), want=1)
    check_named(done, "export json")
    if [r["record_id"] for r in json.load(open(path("out.json")))] != good:
        fail("export json did not write every good record")
    listed = json.load(open(path("out.json.quarantine.json")))
    if sorted(q["record_id"] for q in listed) != sorted(bad) or not all(q["reason"] for q in listed):
        fail(f"quarantine file {listed}")

    done = export(store, "fhir", path("out.fhir.json"), want=1)
    check_named(done, "export fhir")
    if [e["fullUrl"] for e in json.load(open(path("out.fhir.json")))["entry"]] != ["urn:uuid:" + i for i in good]:
        fail("export fhir did not write every good record")
    for fmt in ("csv", "cld"):
        check_named(export(store, fmt, path("out." + fmt), want=1), "export " + fmt)


def swap_envelopes(db, table, a, b):
    con = sqlite3.connect(db)
    (blob_a,) = con.execute(f"SELECT envelope FROM {table} WHERE record_id = ?", (a,)).fetchone()
    (blob_b,) = con.execute(f"SELECT envelope FROM {table} WHERE record_id = ?", (b,)).fetchone()
    con.execute(f"UPDATE {table} SET envelope = ? WHERE record_id = ?", (blob_b, a))
    con.execute(f"UPDATE {table} SET envelope = ? WHERE record_id = ?", (blob_a, b))
    con.commit()
    con.close()


def scenario_swapped():
    """Two rows' envelopes swapped in the store: neither is exported under the other's id."""
    pk = keygen("keys", "council-cli")
    store = path("server.db")
    ids = seed(store, (pk, "SAQ-D1", fixture("mrs-a")), (pk, "CSAQ-D1", fixture("mr-a-carer")),
               (pk, "SAQ-D1", fixture("mrs-a-no-unpaid-help")))
    swap_envelopes(store, "envelopes", ids[0], ids[1])
    for fmt in ("json", "fhir", "csv"):
        done = export(store, fmt, path("out." + fmt), want=1)
        if ids[0] not in done.stderr or ids[1] not in done.stderr or "council.row_mismatch" not in done.stderr:
            fail(f"export {fmt}: mismatch not reported: {done.stderr}")
    records = json.load(open(path("out.json")))
    if [r["record_id"] for r in records] != [ids[2]]:
        fail(f"swapped rows were exported: {[(r['record_id'], r['response'].get('id')) for r in records]}")
    done = decrypt(store, 1)
    if [r["record_id"] for r in json.loads(done.stdout)["records"]] != [ids[2]]:
        fail("decrypt showed a swapped row")
    # A pulled copy is read the same way.
    run([council_bin, "pull", "--from", store, "--into", path("council.db")], 0)
    done = export(path("council.db"), "json", path("local.json"), want=1)
    if "council.row_mismatch" not in done.stderr:
        fail(f"pulled copy: {done.stderr}")


def scenario_conflicts():
    """A different envelope under a stored record id and revision is kept aside; every command shows it."""
    pk = keygen("keys", "council-cli")
    store = path("server.db")
    ids = seed(store, (pk, "SAQ-D1", fixture("mrs-a")), (pk, "CSAQ-D1", fixture("mr-a-carer")))
    receipt = path("receipt.pk")
    kept = run([seed_bin, "--store", store, "--receipt-pk-out", path("second-receipt.pk"), "--record-id", ids[0],
                "--record", ",".join((pk, "SAQ-D1", fixture("mrs-a-no-unpaid-help")))], 0).stdout.split()
    if kept != [ids[0]]:
        fail(f"second seed {kept}")

    def check_reported(done, what):
        if "1 kept conflict" not in done.stderr or f"conflict: record {ids[0]} rev 1" not in done.stderr:
            fail(f"{what} does not report the kept conflict: {done.stderr}")

    done = decrypt(store, 0)
    check_reported(done, "decrypt")
    shown = json.loads(done.stdout)
    if [(r["record_id"], r["revision"]) for r in shown["records"]] != [(ids[0], 1), (ids[1], 1)] \
            or not 0 < shown["records"][0]["server_seq"] < shown["records"][1]["server_seq"]:
        fail(f"decrypt records lack their ids, revisions and seqs: {shown['records']}")
    if shown["records"][0]["response"]["id"] != "mrs-a":
        fail("decrypt shows the kept copy as the stored record")
    conflict = shown["conflicts"]
    if len(conflict) != 1 or conflict[0].get("conflict") is not True or conflict[0]["record_id"] != ids[0] \
            or conflict[0]["response"]["id"] != "mrs-a-no-unpaid-help" or "envelope_hash" not in conflict[0]:
        fail(f"decrypt conflicts: {conflict}")

    check_reported(export(store, "json", path("out.json")), "export")
    if [r["response"]["id"] for r in json.load(open(path("out.json")))] != ["mrs-a", "mr-a-carer"]:
        fail("export wrote the kept copy")
    done = run([council_bin, "verify", "--store", store, "--receipt-public-key", receipt], 0)
    check_reported(done, "verify")
    if "1 kept conflict(s) to review" not in done.stdout:
        fail(f"verify summary: {done.stdout}")

    local = path("council.db")
    done = run([council_bin, "pull", "--from", store, "--into", local], 1)  # a conflict new to the copy
    check_reported(done, "pull")
    done = run([council_bin, "pull", "--from", store, "--into", local], 0)  # held already: still shown
    check_reported(done, "second pull")
    done = decrypt(local, 0)
    check_reported(done, "decrypt of the pulled copy")
    if [c["response"]["id"] for c in json.loads(done.stdout)["conflicts"]] != ["mrs-a-no-unpaid-help"]:
        fail("decrypt of the pulled copy does not show the kept copy")


def scenario_decimal():
    """valueDecimal 1.10 is exported as 1.10 (not 1.1) in every format."""
    pk = keygen("keys", "council-cli")
    store = path("server.db")
    response = write_text("decimal.json", '{"resourceType":"QuestionnaireResponse","status":"completed",'
                          '"item":[{"linkId":"w","answer":[{"valueDecimal":1.10}]},'
                          '{"linkId":"q","answer":[{"valueQuantity":{"value":2.50E+3,"unit":"g"}}]}]}')
    seed(store, (pk, "SAQ-D1", response))

    def answers(text):
        doc = json.loads(text, parse_float=str)  # keeps the number's text
        return doc

    export(store, "json", path("out.json"))
    items = answers(open(path("out.json")).read())[0]["response"]["item"]
    if items[0]["answer"][0]["valueDecimal"] != "1.10" or items[1]["answer"][0]["valueQuantity"]["value"] != "2.50E+3":
        fail(f"json export changed the numbers: {items}")
    export(store, "fhir", path("out.fhir.json"))
    items = answers(open(path("out.fhir.json")).read())["entry"][0]["resource"]["item"]
    if items[0]["answer"][0]["valueDecimal"] != "1.10":
        fail(f"fhir export changed the number: {items}")
    export(store, "csv", path("out.csv"))
    rows = list(csv.reader(open(path("out.csv"), newline="")))
    if rows[1][rows[0].index("w")] != "1.10" or rows[1][rows[0].index("q")] != "2.50E+3 g":
        fail(f"csv export changed the numbers: {rows}")
    done = decrypt(store, 0)
    if answers(done.stdout)["records"][0]["response"]["item"][0]["answer"][0]["valueDecimal"] != "1.10":
        fail("decrypt changed the number")


SUMMARY_URL = "https://selfdirect.example/fhir/StructureDefinition/assessment-summary"


def with_summary(name, base, flags, figures):
    """A fixture response carrying an assessment summary as the kiosk seals it (docs/sync-protocol.md)."""
    response = json.load(open(fixture(base)))
    carer = base == "mr-a-carer"
    summary = {"summaryVersion": 1, "form": {"id": "CSAQ-D1" if carer else "SAQ-D1", "version": "1"},
               "appVersion": "0.1.0",
               "ras": {"tableId": "CRAS-D1" if carer else "RAS-D1", "tableVersion": "1",
                       "kind": "carer" if carer else "adult", "panel": False},
               "flags": [{"flag": f, "because": []} for f in flags],
               "budgetShown": bool(figures), "figuresShown": figures,
               "eligibility": {"regulation": "carer" if carer else "adult", "indicated": True, "condition1": "met",
                               "condition2": True, "outcomesNeeded": 2, "outcomesIndicated": ["a", "b"],
                               "healthAtRisk": False}}
    response.setdefault("extension", []).append({"url": SUMMARY_URL, "valueString": json.dumps(summary)})
    with open(path(name + ".json"), "w") as f:
        json.dump(response, f)
    return path(name + ".json")


def reference(record_id):
    hex_digits = record_id.replace("-", "")[:8].upper()
    return f"SD-{hex_digits[:4]}-{hex_digits[4:]}"


def scenario_triage():
    pk = keygen("keys", "council-cli")
    store = path("server.db")
    weekly = [{"what": "weekly", "pence": 36850}, {"what": "annual", "pence": 1916200}]
    ids = seed(store, (pk, "SAQ-D1", with_summary("plain", "mrs-a", ["carer-offer"], weekly)),
               (pk, "SAQ-D1", fixture("mrs-a-no-unpaid-help")),  # sealed before summaries existed
               (pk, "CSAQ-D1", with_summary("carer", "mr-a-carer", ["carer-urgent"],
                                            [{"what": "carer-payment", "pence": 50000}])),
               (pk, "SAQ-D1", with_summary("unsafe", "mrs-a", ["carer-offer", "safeguarding"], [])))
    if len(ids) != 4:
        fail(f"seeded {ids}")
    done = run([council_bin, "triage", "--key", path("keys", "council.sk"), "--passphrase-file", path("keys.pass"),
                "--store", store], 0)
    lines = done.stdout.strip().splitlines()
    if len(lines) != 4:
        fail(f"triage should list 4 records, listed: {done.stdout}")
    # Safeguarding first, then the carer who cannot carry on, then the rest, then the older record.
    want = [("SAFEGUARDING", ids[3]), ("CARER-URGENT", ids[2]), ("OTHER", ids[0]), ("NO-SUMMARY", ids[1])]
    for line, (group, record_id) in zip(lines, want):
        if not line.startswith(group + "  " + reference(record_id) + "  record " + record_id + " "):
            fail(f"expected {group} {reference(record_id)} {record_id}, got: {line}\n{done.stdout}")
    if "flags: carer-offer, safeguarding" not in lines[0] or "shown: no amount" not in lines[0]:
        fail(f"the safeguarding line does not say its flags and that no amount was shown: {lines[0]}")
    if "£500.00 one-off carer's payment" not in lines[1]:
        fail(f"the carer line does not say what was shown: {lines[1]}")
    if "£368.50 a week, £19162.00 a year" not in lines[2] or "eligibility indicated (adult)" not in lines[2]:
        fail(f"the other line does not say what was shown: {lines[2]}")
    if not lines[3].endswith("no summary"):
        fail(f"an older record should say it has no summary: {lines[3]}")

    # The JSON export and decrypt show the summary too; an older record's is null.
    export(store, "json", path("out.json"))
    records = {r["record_id"]: r for r in json.load(open(path("out.json")))}
    if records[ids[3]]["summary"]["flags"][1]["flag"] != "safeguarding" or records[ids[1]]["summary"] is not None:
        fail(f"json export summaries: {[records[i].get('summary') for i in ids]}")
    if records[ids[0]]["summary"]["figuresShown"][0]["pence"] != 36850:
        fail("json export does not give the figures shown")
    done = run([council_bin, "decrypt", "--key", path("keys", "council.sk"), "--passphrase-file", path("keys.pass"),
                "--store", store], 0)
    if done.stdout.count(SUMMARY_URL) != 3:
        fail("decrypt does not show the three sealed summaries")


try:
    {"bundle": scenario_bundle, "export": scenario_export, "unopenable": scenario_unopenable, "pull-verify": scenario_pull_verify,
     "passphrase": scenario_passphrase, "hostile": scenario_hostile, "swapped": scenario_swapped,
     "conflicts": scenario_conflicts, "decimal": scenario_decimal, "triage": scenario_triage}[scenario]()
finally:
    subprocess.run(["rm", "-rf", work])
print("ok: " + scenario)
