#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster:
#   sync-server/test-support/with-postgres.sh npx vitest run --project unit sync-server
# Creates a cluster in a temp dir (owned by the postgres user: initdb refuses
# root), starts it on 127.0.0.1:$PGPORT (default 55432), exports
# TEST_DATABASE_URL, runs the command, and always stops and removes the
# cluster. Exits with the command's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS…]" >&2
  exit 2
fi

PGBIN="${PGBIN:-}"
if [ -z "$PGBIN" ]; then
  for v in 17 16 15 14 13; do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then PGBIN="/usr/lib/postgresql/$v/bin"; break; fi
  done
fi
if [ -z "$PGBIN" ]; then
  echo "with-postgres: no PostgreSQL server found (apt-get install -y postgresql)" >&2
  exit 2
fi
PORT="${PGPORT:-55432}"

DIR="$(mktemp -d /tmp/handover-pg.XXXXXX)"
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

if [ "$(id -u)" -eq 0 ]; then chown postgres "$DIR"; fi
as_postgres "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" \
  -o "-h 127.0.0.1 -p $PORT -k $DIR" -w start >/dev/null \
  || { cat "$DIR/server.log" >&2; exit 1; }

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
set +e
"$@"
status=$?
set -e
exit "$status"
