#!/usr/bin/python3
"""An independent sync client, written only from docs/sync-protocol.md (and, for the envelope it
sends, the format in docs/security.md), with Debian's python3-nacl and the standard library. It
shares no code with selfdirect: if it can enrol, upload and get receipts it can verify, the protocol
is specified well enough to be re-implemented by someone else (issue 6).

Used by independent_client_test.sh, which starts a real selfdirect-sync and issues the enrolment code
with selfdirect-council. Each step prints one line; any mismatch with the document exits 1.

usage: independent_client.py BASE_URL DEVICE_ID CODE RECEIPT_PK_FILE COUNCIL_PK_FILE OUT_JSON
  RECEIPT_PK_FILE: the receipt public key file (docs/security.md: "key_id base64" on one line, or the
                   bare base64 key)
  COUNCIL_PK_FILE: council.pk ("key_id base64-public-key")
  OUT_JSON: where to write what was sent (record ids and plaintexts) for the test to compare with
            what the council decrypts
"""
import base64
import json
import os
import struct
import sys
import urllib.error
import urllib.request
import uuid

try:
    import nacl.bindings as nb
    import nacl.encoding
    import nacl.hash
    import nacl.signing
    from nacl.exceptions import BadSignatureError
except ImportError:
    sys.exit("independent_client.py needs PyNaCl: run it with /usr/bin/python3 and python3-nacl")

CHUNK = 65536


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def b64(data):
    return base64.b64encode(data).decode("ascii")


def unb64(text):
    return base64.b64decode(text, validate=True)


def read_key_file(path):
    words = open(path).read().split()
    return words[-1] if words else ""


# --- Envelope format v1 (docs/security.md), written from the table -----------------------------------
def string_field(text, cap):
    raw = text.encode("utf-8")
    assert len(raw) <= cap
    return bytes([len(raw)]) + raw


def padded_size(n):
    block = 256
    while block <= n and block < CHUNK:
        block *= 2
    if n >= CHUNK:
        block = CHUNK
    return (n // block + 1) * block


def seal(plaintext, record_id, revision, device_id, sign_key, council_key_id, council_pk, created):
    inner = string_field(device_id, 255) + plaintext
    padded_len = padded_size(len(inner))
    padded = inner + b"\x80" + b"\0" * (padded_len - len(inner) - 1)
    header = b"".join([
        string_field(record_id, 64), struct.pack("<I", revision), string_field("PY-1", 64), string_field("1", 32),
        string_field(device_id, 64), bytes(sign_key.verify_key), struct.pack("<q", created),
        struct.pack("<I", padded_len), bytes([1]), string_field(council_key_id, 64)])
    prefix = b"SDEV" + bytes([1, 1]) + struct.pack("<H", len(header)) + header
    file_key = os.urandom(32)
    boxes = nb.crypto_box_seal(file_key, council_pk)
    state = nb.crypto_secretstream_xchacha20poly1305_state()
    ss_header = nb.crypto_secretstream_xchacha20poly1305_init_push(state, file_key)
    chunks = []
    for off in range(0, padded_len, CHUNK):
        piece = padded[off:off + CHUNK]
        last = off + len(piece) == padded_len
        tag = nb.crypto_secretstream_xchacha20poly1305_TAG_FINAL if last else nb.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
        chunks.append(nb.crypto_secretstream_xchacha20poly1305_push(state, piece, prefix, tag))
    signed = prefix + boxes + ss_header + b"".join(chunks)
    return signed + sign_key.sign(signed).signature


def envelope_hash(envelope):
    return nacl.hash.blake2b(envelope, digest_size=32, encoder=nacl.encoding.HexEncoder).decode("ascii")


# --- Protocol v2 (docs/sync-protocol.md) ---------------------------------------------------------------
def post(base, path, body):
    data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(base + path, data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def receipt_text(r):
    return "".join(f"{line}\n" for line in ["selfdirect-receipt-v2", r["record_id"], str(r["revision"]), r["envelope_hash"],
                                             str(r["server_seq"]), str(r["server_time"]), r["restore_epoch"]])


def receipt_valid(r, receipt_key, record_id, revision, hash_hex):
    if (r["record_id"], r["revision"], r["envelope_hash"]) != (record_id, revision, hash_hex):
        return False
    try:
        receipt_key.verify(receipt_text(r).encode("utf-8"), unb64(r["signature"]))
        return True
    except BadSignatureError:
        return False


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    base, device_id, code, receipt_pk_file, council_pk_file, out_json = sys.argv[1:]
    receipt_key = nacl.signing.VerifyKey(unb64(read_key_file(receipt_pk_file)))
    council_words = open(council_pk_file).read().split()
    council_key_id, council_pk = council_words[0], unb64(council_words[1])

    sign_key = nacl.signing.SigningKey.generate()
    box_pk, _box_sk = nb.crypto_box_keypair()
    sign_pk_b64, box_pk_b64 = b64(bytes(sign_key.verify_key)), b64(box_pk)

    # Enrolment: the proof signs five lines with the device key.
    proof_text = "".join(f"{line}\n" for line in ["selfdirect-enrol-v2", device_id, code, sign_pk_b64, box_pk_b64])
    enrol = {"protocol": 2, "device_id": device_id, "code": code, "sign_public_key": sign_pk_b64,
             "box_public_key": box_pk_b64, "proof": b64(sign_key.sign(proof_text.encode()).signature)}
    status, answer = post(base, "/v2/enrol", enrol)
    if status != 200 or answer.get("result") != "enrolled":
        fail(f"enrol: HTTP {status} {answer}")
    if unb64(answer["receipt_key"]) != bytes(receipt_key):
        fail("enrol: the receiver's receipt key is not the pinned one")
    enrolled_text = "".join(f"{line}\n" for line in ["selfdirect-enrolled-v2", device_id, sign_pk_b64, answer["restore_epoch"]])
    try:
        receipt_key.verify(enrolled_text.encode(), unb64(answer["signature"]))
    except BadSignatureError:
        fail("enrol: the answer's signature does not verify with the pinned receipt key")
    print(f"ok: enrolled {device_id} (restore epoch {answer['restore_epoch']})")
    # The same code, keys and device again: the same answer (a lost answer is harmless).
    status, again = post(base, "/v2/enrol", enrol)
    if status != 200 or again.get("result") != "enrolled":
        fail(f"enrol repeated: HTTP {status} {again}")
    print("ok: a repeated enrolment with the same keys is answered again")

    # Upload: three records in one batch.
    sent, envelopes = [], []
    for n in range(3):
        record_id = str(uuid.uuid4())
        plaintext = json.dumps({"resourceType": "QuestionnaireResponse", "status": "completed",
                                "questionnaire": "https://selfdirect.example/fhir/Questionnaire/PY-1|1",
                                "item": [{"linkId": "1", "answer": [{"valueString": f"independent client record {n}"}]}]})
        env = seal(plaintext.encode(), record_id, 1, device_id, sign_key, council_key_id, council_pk, 1795000000 + n)
        sent.append({"record_id": record_id, "revision": 1, "envelope_hash": envelope_hash(env), "plaintext": plaintext})
        envelopes.append(env)
    status, answer = post(base, "/v2/upload", {"protocol": 2, "device_id": device_id, "envelopes": [b64(e) for e in envelopes]})
    if status != 200 or len(answer.get("results", [])) != 3:
        fail(f"upload: HTTP {status} {answer}")
    first_receipts = []
    for i, (result, s) in enumerate(zip(answer["results"], sent)):
        if result["index"] != i or result["result"] != "stored":
            fail(f"upload: envelope {i}: {result}")
        if not receipt_valid(result["receipt"], receipt_key, s["record_id"], 1, s["envelope_hash"]):
            fail(f"upload: envelope {i}: the receipt does not verify or names something else")
        if result["receipt"]["restore_epoch"] != answer["restore_epoch"]:
            fail("upload: a receipt's epoch is not the answer's")
        first_receipts.append(result["receipt"])
    seqs = [r["server_seq"] for r in first_receipts]
    if seqs != sorted(seqs) or len(set(seqs)) != 3:
        fail(f"upload: server sequences not strictly increasing: {seqs}")
    print(f"ok: 3 records stored, 3 receipts verified (server_seq {seqs})")

    # The same envelope again: duplicate, with the original receipt byte for byte.
    status, answer = post(base, "/v2/upload", {"protocol": 2, "device_id": device_id, "envelopes": [b64(envelopes[0])]})
    result = answer["results"][0]
    if status != 200 or result["result"] != "duplicate" or result["receipt"] != first_receipts[0]:
        fail(f"replay: {status} {result}")
    print("ok: a replayed envelope is a duplicate with the original receipt")

    # Same record id and revision, different content: conflict, no receipt.
    other = seal(b'{"resourceType":"QuestionnaireResponse","status":"completed"}', sent[1]["record_id"], 1, device_id,
                 sign_key, council_key_id, council_pk, 1795000100)
    status, answer = post(base, "/v2/upload", {"protocol": 2, "device_id": device_id, "envelopes": [b64(other)]})
    result = answer["results"][0]
    if status != 200 or result["result"] != "conflict" or "receipt" in result and result["receipt"]:
        fail(f"conflict: {status} {result}")
    print(f"ok: a different envelope under a stored record id and revision is a conflict ({result.get('reason')})")

    # A key that was never enrolled: rejected, whatever the batch's device id claims.
    stranger = nacl.signing.SigningKey.generate()
    forged = seal(b"{}", str(uuid.uuid4()), 1, device_id, stranger, council_key_id, council_pk, 1795000200)
    status, answer = post(base, "/v2/upload", {"protocol": 2, "device_id": device_id, "envelopes": [b64(forged)]})
    result = answer["results"][0]
    if status != 200 or result["result"] != "rejected":
        fail(f"unenrolled key: {status} {result}")
    print(f"ok: an envelope signed by a key that was never enrolled is rejected ({result.get('reason')})")

    # Malformed batch: a whole-request rejection.
    status, answer = post(base, "/v2/upload", {"protocol": 2, "device_id": device_id, "envelopes": "not a list"})
    if status != 400 or answer.get("reason") != "request.malformed":
        fail(f"malformed batch: {status} {answer}")
    print("ok: a malformed batch is rejected as a whole (request.malformed)")

    with open(out_json, "w") as f:
        json.dump(sent, f)


if __name__ == "__main__":
    main()
