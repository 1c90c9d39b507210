#!/usr/bin/python3
"""Independent check of the sync protocol v2 vectors (sync-v2.json), written from docs/sync-protocol.md
only, with PyNaCl (Debian's python3-nacl): rebuilds every signed text from the JSON fields by the
document's rules, compares it with the vector's, and verifies every signature with the vector's keys.
A changed byte in a signature or a field must fail, so the checker is not a yes-machine.

usage: /usr/bin/python3 verify_sync_v2.py sync-v2.json
"""
import base64
import json
import sys

try:
    import nacl.signing
    from nacl.exceptions import BadSignatureError
except ImportError:
    sys.exit("verify_sync_v2.py needs PyNaCl: run it with /usr/bin/python3 and python3-nacl")


def lines(*parts):
    return "".join(f"{p}\n" for p in parts)


def receipt_text(r):
    return lines("selfdirect-receipt-v2", r["record_id"], r["revision"], r["envelope_hash"], r["server_seq"],
                 r["server_time"], r["restore_epoch"])


def verifies(key, text, signature_b64):
    try:
        key.verify(text.encode("utf-8"), base64.b64decode(signature_b64, validate=True))
        return True
    except BadSignatureError:
        return False


def main():
    v = json.load(open(sys.argv[1]))
    receipt_seed = bytes.fromhex(v["receipt_key"]["seed_hex"])
    receipt_key = nacl.signing.SigningKey(receipt_seed).verify_key
    assert base64.b64encode(bytes(receipt_key)).decode() == v["receipt_key"]["public_key"], "receipt key from its seed"
    device_key = nacl.signing.SigningKey(bytes.fromhex(v["device_key"]["seed_hex"])).verify_key
    assert base64.b64encode(bytes(device_key)).decode() == v["device_key"]["sign_public_key"], "device key from its seed"

    for case in v["receipts"]:
        r = case["receipt"]
        text = receipt_text(r)
        assert text == case["signed_text"], f"{case['name']}: the signed text is not the document's seven lines"
        assert verifies(receipt_key, text, r["signature"]), f"{case['name']}: receipt signature"
        assert not verifies(receipt_key, text.replace(r["envelope_hash"], "0" * 64), r["signature"]), "a changed hash verified"
        print(f"ok: receipt '{case['name']}'")

    req = v["enrol_request"]["json"]
    proof_text = lines("selfdirect-enrol-v2", req["device_id"], req["code"], req["sign_public_key"], req["box_public_key"])
    assert proof_text == v["enrol_request"]["proof_text"], "enrolment proof text"
    assert req["protocol"] == 2, "protocol number"
    assert verifies(device_key, proof_text, req["proof"]), "enrolment proof signature"
    assert not verifies(device_key, proof_text.replace(req["code"], "0000-0000-0000-0000"), req["proof"]), "a changed code verified"
    print("ok: enrolment request and its proof")

    ans = v["enrol_response"]["json"]
    assert ans["result"] == "enrolled" and ans["receipt_key"] == v["receipt_key"]["public_key"], "enrolled answer fields"
    enrolled_text = lines("selfdirect-enrolled-v2", ans["device_id"], req["sign_public_key"], ans["restore_epoch"])
    assert enrolled_text == v["enrol_response"]["signed_text"], "enrolled signed text"
    assert verifies(receipt_key, enrolled_text, ans["signature"]), "enrolled answer signature"
    print("ok: enrolled answer")

    up = v["upload_response"]
    assert up["protocol"] == 2 and [r["index"] for r in up["results"]] == list(range(len(up["results"]))), "upload answer order"
    for r in up["results"]:
        if r["result"] in ("stored", "duplicate"):
            rc = r["receipt"]
            assert (rc["record_id"], rc["revision"], rc["envelope_hash"]) == (r["record_id"], r["revision"], r["envelope_hash"])
            assert verifies(receipt_key, receipt_text(rc), rc["signature"]), "upload answer receipt"
        else:
            assert "receipt" not in r or not r["receipt"], "a conflict or rejection carries no receipt"
            assert r.get("reason"), "a conflict or rejection names its reason"
    print("ok: upload answer")


if __name__ == "__main__":
    main()
