#!/usr/bin/env bash
# Drives the real selfdirect-sync and selfdirect-council binaries the way a council administrator
# would. Usage: sync_cli_test.sh SCENARIO SYNC_BIN COUNCIL_BIN SEED_BIN
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

start_server() {
    "$sync_bin" --store "$work/server.db" --host 127.0.0.1 --port 0 --port-file "$work/port" 2>"$work/server.log" &
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

# http METHOD PATH [BODY]: prints the response body; leaves the HTTP status in $work/status
# (the caller runs it in a $(...) subshell, so a variable would not survive).
http() {
    local method=$1 path=$2 body=${3-}
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n%s' \
        "$method" "$path" "${#body}" "$body" >&3
    local response
    response=$(cat <&3)
    exec 3<&-
    head -n1 <<<"$response" | cut -d' ' -f2 >"$work/status"
    sed -n '/^\r$/,$p' <<<"$response" | tail -n +2
}

case $scenario in
bad-args)
    expect_exit 2 "$council_bin"
    expect_exit 2 "$council_bin" frobnicate
    expect_exit 2 "$council_bin" keygen
    expect_exit 2 "$council_bin" decrypt --store "$work/server.db"
    expect_exit 2 "$council_bin" decrypt --key "$work/no-such-key.sk" --store "$work/server.db"
    expect_exit 0 "$council_bin" keygen --out "$work/keys" --key-id cli-test
    expect_exit 2 "$council_bin" decrypt --key "$work/keys/council.sk" --store "$work/no-such-store.db"
    [[ ! -e $work/no-such-store.db ]] || fail "decrypt created the store it was asked to read"
    expect_exit 2 "$sync_bin"
    expect_exit 2 "$sync_bin" --store "$work/server.db" --port 99999
    expect_exit 2 "$sync_bin" --store "$work/no-such-dir/server.db" --port 0
    ;;

empty-store)
    expect_exit 0 "$council_bin" keygen --out "$work/keys" --key-id cli-test
    line=$(cat "$work/out")
    [[ $line =~ ^cli-test\ [A-Za-z0-9+/]{43}=$ ]] || fail "keygen printed '$line'"
    [[ $line == "$(cat "$work/keys/council.pk")" ]] || fail "printed key differs from council.pk"
    [[ $(stat -c %a "$work/keys/council.sk") == 600 ]] || fail "council.sk is not mode 600"
    expect_exit 2 "$council_bin" keygen --out "$work/keys" --key-id cli-test # never overwrites a key

    start_server
    body=$(http GET /v1/health); status=$(cat "$work/status")
    [[ $status == 200 && $body == '{"status":"ok","records":0}' ]] || fail "health: $status $body"
    body=$(http POST /v1/envelopes "not an envelope"); status=$(cat "$work/status")
    [[ $status == 400 && $body == *'"result":"rejected"'* ]] || fail "junk POST: $status $body"
    body=$(http GET /v1/health); status=$(cat "$work/status")
    [[ $status == 200 ]] || fail "server not healthy after a rejected POST"
    stop_server
    grep -q "stopped" "$work/server.log" || fail "no clean stop in the server log"

    expect_exit 0 "$council_bin" decrypt --key "$work/keys/council.sk" --store "$work/server.db"
    [[ $(cat "$work/out") == "[]" ]] || fail "decrypt of an empty store printed '$(cat "$work/out")'"
    ;;

round-trip)
    expect_exit 0 "$council_bin" keygen --out "$work/keys" --key-id cli-test
    expect_exit 0 "$council_bin" keygen --out "$work/other-keys" --key-id other-council
    start_server
    url="http://127.0.0.1:$port"
    "$seed_bin" --device-dir "$work/device" --council-pk "$work/keys/council.pk" --server "$url" --marker alpha >/dev/null
    other_id=$("$seed_bin" --device-dir "$work/device" --council-pk "$work/other-keys/council.pk" --server "$url" --marker stray)
    "$seed_bin" --device-dir "$work/device" --council-pk "$work/keys/council.pk" --server "$url" --marker beta >/dev/null
    body=$(http GET /v1/health)
    [[ $body == '{"status":"ok","records":3}' ]] || fail "health after seeding: $body"
    stop_server
    if grep -q -e alpha -e beta -e stray "$work/server.log"; then fail "answer text appeared in the server log"; fi

    expect_exit 1 "$council_bin" decrypt --key "$work/keys/council.sk" --store "$work/server.db"
    out=$(cat "$work/out")
    [[ $(grep -c '"resourceType": "QuestionnaireResponse"' <<<"$out") == 2 ]] || fail "expected 2 responses: $out"
    alpha_line=$(grep -n '"valueString": "alpha"' <<<"$out" | cut -d: -f1)
    beta_line=$(grep -n '"valueString": "beta"' <<<"$out" | cut -d: -f1)
    [[ -n $alpha_line && -n $beta_line && $alpha_line -lt $beta_line ]] || fail "records missing or out of server order: $out"
    if grep -q stray <<<"$out"; then fail "a record sealed to another key was printed"; fi
    grep -q "$other_id" "$work/err" || fail "stderr does not name the record that failed: $(cat "$work/err")"

    # The other council's key opens only the stray record.
    expect_exit 1 "$council_bin" decrypt --key "$work/other-keys" --store "$work/server.db"
    [[ $(grep -c '"valueString"' "$work/out") == 1 ]] && grep -q stray "$work/out" || fail "other key: $(cat "$work/out")"
    ;;

*)
    fail "unknown scenario $scenario"
    ;;
esac
echo "ok: $scenario"
