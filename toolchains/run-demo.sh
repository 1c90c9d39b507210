#!/usr/bin/env bash
# The README's first command: installs what is missing, builds a release, and runs the app as a demo
# library kiosk on embedded defaults: a data directory with a local SQLite store, a freshly generated
# demo council key pair, the device profile from firmware-config/demo-kiosk.toml, and a local
# selfdirect-sync on loopback, so a form submitted in the window really arrives at the council side.
# At the end it decrypts what the council received, as the council would on its own machine.
#
# Environment: SELFDIRECT_DEMO_DIR (default ~/.local/share/selfdirect-demo) keeps the demo's files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash toolchains/setup-debian.sh
cmake --preset release >/dev/null
# Only the three programs the demo runs: CI builds the rest of this same preset (its tests) and runs them.
cmake --build --preset release --target selfdirect selfdirect-sync selfdirect-council

bin="$root/build/release"
demo=${SELFDIRECT_DEMO_DIR:-$HOME/.local/share/selfdirect-demo}
mkdir -p "$demo/device" "$demo/server"
chmod 700 "$demo" "$demo/device"

# council.sk is wrapped under a passphrase (docs/security.md, "The council key file"). A real council
# types it; the demo keeps it in a private file so the script runs unattended.
passphrase="$demo/council-passphrase"
if [[ ! -f $passphrase ]]; then
  (umask 077; printf 'demo council passphrase, not a secret\n' >"$passphrase")
fi
if [[ -f "$demo/council/council.sk" ]] && [[ $(head -n1 "$demo/council/council.sk") != selfdirect-council-key-v1 ]]; then
  echo "demo: the demo council key predates passphrase protection; moving it to $demo/council.old"
  rm -rf "$demo/council.old" && mv "$demo/council" "$demo/council.old"
fi
if [[ ! -f "$demo/council/council.sk" ]]; then
  echo "demo: generating a demo council key pair in $demo/council (the council would keep this on its own machine)"
  "$bin/sync/selfdirect-council" keygen --out "$demo/council" --key-id demo-council-1 --passphrase-file "$passphrase" >/dev/null
fi
read -r key_id public_key < "$demo/council/council.pk"

# The receiver's receipt key: the device pins its public half and trusts no other receipts.
if [[ ! -f "$demo/server/receipt.sk" ]]; then
  "$bin/sync/selfdirect-council" receipt-keygen --out "$demo/server" >/dev/null
fi
read -r _ receipt_key < "$demo/server/receipt.pk"

# A local council receiver on a free loopback port.
rm -f "$demo/server/port"
"$bin/sync/selfdirect-sync" --store "$demo/server/server.db" --receipt-key "$demo/server/receipt.sk" \
  --host 127.0.0.1 --port 0 --port-file "$demo/server/port" >"$demo/server/sync.log" 2>&1 &
sync_pid=$!
xvfb_pid=""
cleanup() {
  kill "$sync_pid" 2>/dev/null || true
  [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do [[ -s "$demo/server/port" ]] && break; sleep 0.05; done
port=$(cat "$demo/server/port")
echo "demo: council receiver selfdirect-sync listening on 127.0.0.1:$port (store $demo/server/server.db)"

# A one-time enrolment code for the demo kiosk (used at its first sync; once enrolled it is ignored).
code=$("$bin/sync/selfdirect-council" enrol --store "$demo/server/server.db" --device-id kiosk-demo-001 |
       sed -n 's/^enrolment code for [^:]*: \([0-9A-Z-]*\).*/\1/p')

# The device profile: the shipped demo profile, with this demo's council key, receipt key, enrolment
# code and receiver port.
sed -e "s|^public_key = .*|public_key = \"$public_key\"|" -e "s|^id = \"demo-council-1\"|id = \"$key_id\"|" \
    -e "s|^url = .*|url = \"http://127.0.0.1:$port\"|" -e "s|^receipt_key = .*|receipt_key = \"$receipt_key\"|" \
    -e "s|^# enrolment_code = .*|enrolment_code = \"$code\"|" \
    firmware-config/demo-kiosk.toml > "$demo/device/device.toml"

app=("$bin/src/app/selfdirect" --profile "$demo/device/device.toml" --windowed
     --form "$root/assets/forms/SAQ-D1.json" --ras "$root/assets/ras/RAS-D1.json"
     --carer-form "$root/assets/forms/CSAQ-D1.json" --carer-ras "$root/assets/ras/CRAS-D1.json")
if [[ -z "${DISPLAY:-}" ]]; then
  echo
  echo "demo: there is no display (DISPLAY is not set), so the window cannot be shown here."
  echo "      To use the kiosk yourself, run this command from a desktop session (or with DISPLAY set)."
  echo "      Now playing the demo walkthrough in a virtual display (Xvfb) instead: real window, real input,"
  echo "      screenshots of every page in $demo/screenshots"
  display_file=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$display_file" >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 100); do [[ -s "$display_file" ]] && break; sleep 0.05; done
  export DISPLAY=":$(cat "$display_file")"
  rm -f "$display_file"
  # The whole resident journey of SAQ-D1, made from the form itself (every page, by touch).
  python3 "$root/toolchains/demo_walkthrough.py" "$root/assets/forms/SAQ-D1.json" > "$demo/walkthrough.txt"
  app+=(--script "$demo/walkthrough.txt" --screenshot-dir "$demo/screenshots")
else
  echo "demo: opening the kiosk window. Answer the questions and submit; close the window to finish."
fi
"${app[@]}"

echo
echo "demo: waiting for the device to deliver its records to the council receiver..."
sleep 2
echo "demo: what the council decrypts on its own machine:"
echo "      $bin/sync/selfdirect-council decrypt --key $demo/council/council.sk --passphrase-file $passphrase --store $demo/server/server.db"
"$bin/sync/selfdirect-council" decrypt --key "$demo/council/council.sk" --passphrase-file "$passphrase" --store "$demo/server/server.db"
