#!/usr/bin/env bash
# Drives the real selfdirect-sync and selfdirect-council binaries the way a council administrator
# would (sync protocol v2). Usage: sync_cli_test.sh SCENARIO SYNC_BIN COUNCIL_BIN SEED_BIN
# Scenarios: bad-args, empty-store, round-trip. HTTP is spoken through bash's /dev/tcp so the test
# needs no curl.
set -euo pipefail

scenario=$1 sync_bin=$2 council_bin=$3 seed_bin=$4
work=$(mktemp -d "${TMPDIR:-/tmp}/selfdirect-sync-cli-XXXXXX")
server_pid=""
cleanup() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid"; fi
    rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_exit CODE COMMAND...: runs COMMAND, checks its exit code and that stderr is one line.
expect_exit() {
    local want=$1; shift
    local got=0
    "$@" >"$work/out" 2>"$work/err" || got=$?
    [[ $got == "$want" ]] || fail "'$*' exited $got, expected $want (stderr: $(cat "$work/err"))"
    if [[ $want == 2 ]]; then
        [[ $(wc -l <"$work/err") == 1 ]] || fail "'$*' should print one line on stderr, printed: $(cat "$work/err")"
    fi
}

# The council key passphrase, in a private file (the council tool never asks without a terminal).
make_passphrase() {
    printf 'correct horse battery staple council\n' >"$work/passphrase"
    chmod 600 "$work/passphrase"
}

start_server() {
    rm -f "$work/port"
    "$sync_bin" --store "sqlite:$work/server.db" --receipt-key "$work/receipt/receipt.sk" --host 127.0.0.1 --port 0 \
        --port-file "$work/port" 2>"$work/server.log" &
    server_pid=$!
    for _ in $(seq 100); do
        [[ -s $work/port ]] && break
        kill -0 "$server_pid" 2>/dev/null || fail "selfdirect-sync exited early: $(cat "$work/server.log")"
        sleep 0.05
    done
    [[ -s $work/port ]] || fail "selfdirect-sync never wrote its port file"
    port=$(cat "$work/port")
    [[ $port =~ ^[0-9]+$ && $port -gt 0 ]] || fail "bad port file content '$port'"
}

stop_server() {
    kill -TERM "$server_pid"
    local rc=0
    wait "$server_pid" || rc=$?
    server_pid=""
    [[ $rc == 0 ]] || fail "selfdirect-sync exited $rc on SIGTERM"
}

# http METHOD PATH [BODY [CONTENT_TYPE]]: prints the response body; leaves the HTTP status in
# $work/status (the caller runs it in a $(...) subshell, so a variable would not survive).
http() {
    local method=$1 path=$2 body=${3-} type=${4-application/json}
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s' \
        "$method" "$path" "$type" "${#body}" "$body" >&3
    local response
    response=$(cat <&3)
    exec 3<&-
    head -n1 <<<"$response" | cut -d' ' -f2 >"$work/status"
    sed -n '/^\r$/,$p' <<<"$response" | tail -n +2
}

epoch_of() { sed -n 's/.*"restore_epoch":"\([0-9a-f]*\)".*/\1/p' <<<"$1"; }

case $scenario in
bad-args)
    expect_exit 2 "$council_bin"
    expect_exit 2 "$council_bin" frobnicate
    expect_exit 2 "$council_bin" receipt-keygen
    expect_exit 2 "$council_bin" enrol --device-id kiosk-1
    expect_exit 2 "$council_bin" enrol --store "$work/no-such-store.db" --device-id kiosk-1
    [[ ! -e $work/no-such-store.db ]] || fail "enrol created the store it was asked to use"
    expect_exit 2 "$council_bin" revoke --store "$work/no-such-store.db" --device-id kiosk-1
    expect_exit 2 "$council_bin" restore-epoch --store "$work/no-such-store.db"
    [[ ! -e $work/no-such-store.db ]] || fail "a council subcommand created a missing store"
    expect_exit 2 "$council_bin" enrol --store "mysql://nowhere/db" --device-id kiosk-1

    expect_exit 0 "$council_bin" receipt-keygen --out "$work/receipt"
    expect_exit 2 "$sync_bin"
    expect_exit 2 "$sync_bin" --store "$work/server.db" # no --receipt-key
    expect_exit 2 "$sync_bin" --store "$work/server.db" --receipt-key "$work/receipt/receipt.sk" --port 99999
    expect_exit 2 "$sync_bin" --store "$work/no-such-dir/server.db" --receipt-key "$work/receipt/receipt.sk" --port 0
    expect_exit 2 "$sync_bin" --store "$work/server.db" --receipt-key "$work/no-such-key.sk" --port 0
    expect_exit 2 "$sync_bin" --store "$work/server.db" --receipt-key "$work/receipt/receipt.pk" --port 0
    chmod 644 "$work/receipt/receipt.sk"
    expect_exit 2 "$sync_bin" --store "$work/server.db" --receipt-key "$work/receipt/receipt.sk" --port 0
    chmod 600 "$work/receipt/receipt.sk"
    expect_exit 2 "$sync_bin" --store "$work/server.db" --receipt-key "$work/receipt" --tls-cert "$work/cert.pem" --port 0
    expect_exit 2 "$sync_bin" --store "$work/server.db" --receipt-key "$work/receipt" --tls-cert "$work/none.pem" \
        --tls-key "$work/none.key" --port 0
    expect_exit 2 "$sync_bin" --store "mysql://nowhere/db" --receipt-key "$work/receipt" --port 0
    ;;

empty-store)
    expect_exit 0 "$council_bin" receipt-keygen --out "$work/receipt"
    pk_line=$(cat "$work/receipt/receipt.pk")
    [[ $pk_line =~ ^ed25519-pk\ ([A-Za-z0-9+/]{43}=)$ ]] || fail "receipt.pk holds '$pk_line'"
    grep -q "sync.receipt_key = \"${BASH_REMATCH[1]}\"" "$work/out" || fail "receipt-keygen printed: $(cat "$work/out")"
    [[ $(stat -c %a "$work/receipt/receipt.sk") == 600 ]] || fail "receipt.sk is not mode 600"
    sk_before=$(sha256sum "$work/receipt/receipt.sk")
    expect_exit 2 "$council_bin" receipt-keygen --out "$work/receipt" # never overwrites a key
    [[ $(sha256sum "$work/receipt/receipt.sk") == "$sk_before" ]] || fail "receipt-keygen overwrote receipt.sk"

    start_server
    body=$(http GET /v2/health); status=$(cat "$work/status")
    [[ $status == 200 && $body =~ ^\{\"status\":\"ok\",\"records\":0,\"restore_epoch\":\"[0-9a-f]{16}\"\}$ ]] ||
        fail "health: $status $body"
    first_epoch=$(epoch_of "$body")
    body=$(http POST /v1/envelopes "not an envelope" application/octet-stream); status=$(cat "$work/status")
    [[ $status == 404 ]] || fail "the v1 endpoint answered $status $body"
    body=$(http POST /v2/upload "{not json"); status=$(cat "$work/status")
    [[ $status == 400 && $body == '{"result":"rejected","reason":"request.malformed"}' ]] || fail "junk POST: $status $body"
    body=$(http POST /v2/upload '{"protocol":2}' text/plain); status=$(cat "$work/status")
    [[ $status == 400 && $body == *'"reason":"request.content_type"'* ]] || fail "wrong type: $status $body"
    body=$(http GET /v2/health); status=$(cat "$work/status")
    [[ $status == 200 ]] || fail "server not healthy after rejected POSTs"
    body=$(http GET /v2/metrics); status=$(cat "$work/status")
    [[ $status == 200 && $body == *'"request.malformed":1'* ]] || fail "metrics: $status $body"
    stop_server
    grep -q "stopped" "$work/server.log" || fail "no clean stop in the server log"

    # A restore from backup: both ways of setting a new epoch change what health reports.
    expect_exit 0 "$sync_bin" --store "$work/server.db" --new-restore-epoch
    [[ $(cat "$work/out") =~ ^new\ restore\ epoch:\ [0-9a-f]{16}$ ]] || fail "--new-restore-epoch printed $(cat "$work/out")"
    expect_exit 0 "$council_bin" restore-epoch --store "sqlite:$work/server.db"
    second_epoch=$(sed -n 's/^new restore epoch: //p' "$work/out")
    start_server
    body=$(http GET /v2/health)
    [[ $(epoch_of "$body") == "$second_epoch" && $second_epoch != "$first_epoch" ]] ||
        fail "epoch after restore-epoch: $body (expected $second_epoch, first was $first_epoch)"
    stop_server
    ;;

round-trip)
    make_passphrase
    expect_exit 0 "$council_bin" keygen --out "$work/keys" --key-id cli-test --passphrase-file "$work/passphrase"
    expect_exit 0 "$council_bin" receipt-keygen --out "$work/receipt"
    start_server
    url="http://127.0.0.1:$port"

    expect_exit 0 "$council_bin" enrol --store "$work/server.db" --device-id cli-test-kiosk --valid-hours 2
    line=$(cat "$work/out")
    [[ $line =~ ^enrolment\ code\ for\ cli-test-kiosk:\ ([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})\ \(valid\ until\ [0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}\ UTC\)$ ]] ||
        fail "enrol printed '$line'"
    code=${BASH_REMATCH[1]}
    if grep -q "$code" "$work/server.db" 2>/dev/null; then fail "the enrolment code itself is in the store"; fi

    seed() { "$seed_bin" --device-dir "$work/device" --council-pk "$work/keys/council.pk" --server "$url" \
                 --receipt-pk "$work/receipt/receipt.pk" "$@"; }
    # Without enrolment the receiver rejects the device's envelopes.
    expect_exit 1 "$seed_bin" --device-dir "$work/stranger" --device-id stranger --council-pk "$work/keys/council.pk" \
        --server "$url" --receipt-pk "$work/receipt/receipt.pk" --marker never
    seed --code "$code" --marker alpha >/dev/null || fail "enrol + upload of alpha failed"
    seed --marker beta >/dev/null || fail "upload of beta failed"
    body=$(http GET /v2/health)
    [[ $body == '{"status":"ok","records":2,'* ]] || fail "health after seeding: $body"

    # A revoked device's new envelopes are refused; what it sent stays.
    expect_exit 0 "$council_bin" revoke --store "$work/server.db" --device-id cli-test-kiosk
    expect_exit 1 "$seed_bin" --device-dir "$work/device" --council-pk "$work/keys/council.pk" --server "$url" \
        --receipt-pk "$work/receipt/receipt.pk" --marker gamma
    body=$(http GET /v2/health)
    [[ $body == '{"status":"ok","records":2,'* ]] || fail "health after revocation: $body"
    expect_exit 2 "$council_bin" revoke --store "$work/server.db" --device-id nobody
    stop_server
    if grep -q -e alpha -e beta -e gamma -e never "$work/server.log"; then fail "answer text appeared in the server log"; fi
    grep -q "result=stored" "$work/server.log" || fail "the server log has no stored lines"

    expect_exit 0 "$council_bin" decrypt --key "$work/keys/council.sk" --passphrase-file "$work/passphrase" \
        --store "$work/server.db"
    out=$(cat "$work/out")
    alpha_line=$(grep -n '"valueString": "alpha"' <<<"$out" | cut -d: -f1)
    beta_line=$(grep -n '"valueString": "beta"' <<<"$out" | cut -d: -f1)
    [[ -n $alpha_line && -n $beta_line && $alpha_line -lt $beta_line ]] || fail "records missing or out of server order: $out"
    if grep -q gamma <<<"$out"; then fail "a revoked device's record was stored"; fi
    ;;

*)
    fail "unknown scenario $scenario"
    ;;
esac
echo "ok: $scenario"
