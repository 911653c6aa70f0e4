#!/usr/bin/env bash
# scripts/with-postgres.sh <command…> — run a command against a throwaway PostgreSQL cluster (ADR 0020).
# Creates a cluster in a temporary directory, listening only on 127.0.0.1 at a free port; runs the command with
# TEST_DATABASE_URL (for the test suite, which makes one database per test file) and DATABASE_URL (for anything
# else) pointing at it; then stops the cluster and removes the directory, whatever the command's outcome.
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user.
# With WITH_POSTGRES_OPTIONAL=1 and no PostgreSQL installed, it says so and exits 0 without running the command.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "Usage: scripts/with-postgres.sh <command> [arguments…]" >&2
  exit 2
fi

bin="${PG_BIN:-}"
if [ -z "$bin" ]; then
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "${WITH_POSTGRES_OPTIONAL:-}" = "1" ]; then
    echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): skipping: $*"
    exit 0
  fi
  echo "PostgreSQL is not installed: apt-get install postgresql (Debian), or set PG_BIN to its bin directory." >&2
  exit 1
fi

as_owner=()
if [ "$(id -u)" = "0" ]; then as_owner=(runuser -u postgres --); fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/lexmigra-pg.XXXXXX")"
if [ "$(id -u)" = "0" ]; then chown postgres "$dir"; fi
chmod 700 "$dir"

cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

# C.UTF-8: lower() folds every Unicode letter, as the app's case-insensitive search expects on both engines.
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U lexmigra --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }

export TEST_DATABASE_URL="postgres://lexmigra@127.0.0.1:$port/postgres"
export DATABASE_URL="$TEST_DATABASE_URL"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway cluster in $dir)"
status=0
"$@" || status=$?
exit $status
