#!/usr/bin/env bash
# Runs the independent Python client (independent_client.py, written from docs/sync-protocol.md only)
# against a real selfdirect-sync: the council tool makes the keys and the enrolment code, the client
# enrols, uploads, checks every receipt, and the council then decrypts exactly what it sent.
# usage: independent_client_test.sh SELFDIRECT_SYNC SELFDIRECT_COUNCIL
set -euo pipefail
sync_bin=$1 council_bin=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sd-pyclient-XXXXXX")
pid=""
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

umask 077
printf 'independent client test passphrase\n' > "$work/passphrase"
"$council_bin" keygen --out "$work/council" --key-id py-council-1 --passphrase-file "$work/passphrase" >/dev/null
"$council_bin" receipt-keygen --out "$work/receipt" >/dev/null
"$sync_bin" --store "sqlite:$work/server.db" --receipt-key "$work/receipt/receipt.sk" --host 127.0.0.1 --port 0 \
  --port-file "$work/port" 2>"$work/sync.log" &
pid=$!
for _ in $(seq 200); do [[ -s $work/port ]] && break; sleep 0.05; done
[[ -s $work/port ]] || { echo "FAIL: selfdirect-sync did not start: $(cat "$work/sync.log")"; exit 1; }
code=$("$council_bin" enrol --store "sqlite:$work/server.db" --device-id py-client-1 | grep -oE '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}' | head -1)
[[ -n $code ]] || { echo "FAIL: no enrolment code"; exit 1; }

/usr/bin/python3 "$here/independent_client.py" "http://127.0.0.1:$(cat "$work/port")" py-client-1 "$code" \
  "$work/receipt/receipt.pk" "$work/council/council.pk" "$work/sent.json"

# The council decrypts exactly the three records the client sent (the conflict is kept aside).
"$council_bin" decrypt --key "$work/council/council.sk" --passphrase-file "$work/passphrase" \
  --store "sqlite:$work/server.db" > "$work/decrypted.json"
/usr/bin/python3 - "$work/sent.json" "$work/decrypted.json" <<'PY'
import json, sys
sent = json.load(open(sys.argv[1]))
got = json.load(open(sys.argv[2]))
want = sorted(json.loads(s["plaintext"])["item"][0]["answer"][0]["valueString"] for s in sent)
have = sorted(r["response"]["item"][0]["answer"][0]["valueString"] for r in got["records"])
if want != have:
    sys.exit(f"FAIL: the council decrypted {have}, the client sent {want}")
print(f"ok: the council decrypted exactly the {len(have)} records the independent client sent")
PY
