#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (docs/testing.md, "PostgreSQL"): Debian's postgresql
# server binaries, initdb into a fresh temp dir, listening on 127.0.0.1 only on a free port (unix
# socket inside the temp dir), fsync on, a random password. Stopped and deleted on exit.
#
#   pg-test-cluster.sh COMMAND [ARGS...]   run COMMAND with the cluster up, exit with its status
#   pg-test-cluster.sh                     print the URI and keep the cluster until Ctrl-C
#
# COMMAND sees SELFDIRECT_TEST_PG_URI (postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres),
# SELFDIRECT_TEST_PG_STOP and SELFDIRECT_TEST_PG_START (scripts that stop / restart the server, for
# tests of a database that goes away) and SELFDIRECT_TEST_PG_DIR.
#
# postgres refuses to run as root (CI runs as root): then the server runs as the `postgres` system
# user (created by Debian's postgresql package) through runuser, and the temp dir is chowned to it.
set -euo pipefail

pg_bin="${PG_BIN:-}"
if [[ -z "$pg_bin" ]]; then
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then pg_bin="$d"; break; fi
    done
fi
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
    echo "pg-test-cluster: no PostgreSQL server found (apt-get install postgresql, or set PG_BIN)" >&2
    exit 2
fi

as_server=()
if [[ "$(id -u)" == 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "pg-test-cluster: running as root but there is no postgres user to run the server as" >&2
        exit 2
    fi
    as_server=(runuser -u postgres --)
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/selfdirect-pg.XXXXXX")"
cleanup() {
    local rc=$?
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        "${as_server[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
chmod 700 "$dir"
if [[ ${#as_server[@]} -gt 0 ]]; then chown postgres: "$dir"; fi

password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$password" >"$dir/pwfile"
if [[ ${#as_server[@]} -gt 0 ]]; then chown postgres: "$dir/pwfile"; fi
chmod 600 "$dir/pwfile"

# --no-sync only skips initdb's own flush of the fresh data dir (it is deleted afterwards anyway);
# the running server keeps fsync=on, so commits are as durable as in production.
"${as_server[@]}" "$pg_bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --no-sync \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 --pwfile="$dir/pwfile" >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 2
}
rm -f "$dir/pwfile"

free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cat >"$dir/start.sh" <<EOF
#!/bin/sh
# Starts (or restarts) the throwaway cluster on its port; waits until it accepts connections.
exec ${as_server[*]} "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \\
    -o "-c listen_addresses=127.0.0.1 -c port=\$(cat "$dir/port") -c unix_socket_directories=$dir -c fsync=on -c max_connections=200" \\
    start >/dev/null
EOF
cat >"$dir/stop.sh" <<EOF
#!/bin/sh
# Stops the throwaway cluster (fast: open connections are cut, as when a database host goes away).
exec ${as_server[*]} "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
EOF
chmod 755 "$dir/start.sh" "$dir/stop.sh"

# The port is free when picked but could be taken before the server binds it: try a few.
started=0
for _ in 1 2 3 4 5; do
    port="$(free_port)"
    echo "$port" >"$dir/port"
    if "$dir/start.sh" 2>>"$dir/start.log"; then started=1; break; fi
done
if [[ "$started" != 1 ]]; then
    echo "pg-test-cluster: the server did not start" >&2
    cat "$dir/start.log" "$dir/server.log" >&2 2>/dev/null || true
    exit 2
fi

export SELFDIRECT_TEST_PG_URI="postgresql://postgres:${password}@127.0.0.1:${port}/postgres"
export SELFDIRECT_TEST_PG_STOP="$dir/stop.sh"
export SELFDIRECT_TEST_PG_START="$dir/start.sh"
export SELFDIRECT_TEST_PG_DIR="$dir"

if [[ $# -eq 0 ]]; then
    echo "$SELFDIRECT_TEST_PG_URI"
    echo "pg-test-cluster: running in $dir; Ctrl-C stops and deletes it" >&2
    # `wait` (not a foreground sleep) so a TERM runs the cleanup at once.
    while true; do sleep 3600 & wait $!; done
fi

set +e
"$@"
rc=$?
set -e
exit "$rc"
