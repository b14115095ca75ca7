#!/usr/bin/env bash
# Usage: scripts/with-services.sh COMMAND [ARG...]
#
# Runs COMMAND with a throwaway PostgreSQL and Redis started just for it,
# exported as DATABASE_URL and REDIS_URL, and stops both on exit whatever
# happened. Exits with COMMAND's exit code.
#
# - A DATABASE_URL / REDIS_URL already set in the environment is used as is
#   and the matching server is not started.
# - As root, missing pieces (redis-server, PostgreSQL, /usr/bin/chromium for
#   the browser tests) are installed with apt-get, because CI machines start
#   bare. As a normal user the script says what is missing and stops.
set -euo pipefail

log() { echo "with-services: $*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $# -gt 0 ]] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

is_root() { [[ $(id -u) -eq 0 ]]; }
want_pg() { [[ -z ${DATABASE_URL:-} ]]; }
want_redis() { [[ -z ${REDIS_URL:-} ]]; }

# PostgreSQL server binaries: pg_ctl on PATH first (resolving symlinks so that
# initdb/createdb are found next to it), then Debian's versioned directories,
# newest first.
find_pgbin() {
  local pg_ctl dir
  if pg_ctl=$(command -v pg_ctl); then
    dir=$(dirname "$(readlink -f "$pg_ctl" 2>/dev/null || echo "$pg_ctl")")
    if [[ -x $dir/initdb ]]; then echo "$dir"; return 0; fi
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    if [[ -x $dir/pg_ctl && -x $dir/initdb ]]; then echo "$dir"; return 0; fi
  done
  return 1
}

# ---------------------------------------------------------------------------
# Install (as root) or report (otherwise) what is missing.
list_missing() {
  missing=()
  want_redis && ! command -v redis-server >/dev/null && missing+=(redis-server)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  want_pg && ! find_pgbin >/dev/null && missing+=(postgresql)
  return 0
}
list_missing

if [[ ${#missing[@]} -gt 0 ]]; then
  if ! is_root; then
    die "missing: ${missing[*]} (Debian package names). Install them, or run as root to let this script apt-get them, or set DATABASE_URL / REDIS_URL to servers you already run."
  fi
  command -v apt-get >/dev/null || die "missing: ${missing[*]}, and apt-get is not available to install them."
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  list_missing
  [[ ${#missing[@]} -eq 0 ]] || die "still missing after apt-get install: ${missing[*]}"
fi

# ---------------------------------------------------------------------------
# State and cleanup. Everything lives in one temporary directory; the EXIT
# trap stops the servers and removes it. INT/TERM just exit (with the usual
# 128+N code) so that cleanup runs exactly once, from the EXIT trap.
STATE=$(mktemp -d /tmp/hindsight-services.XXXXXX)
# The postgres OS user must be able to traverse into the state directory.
chmod 755 "$STATE"
PGDATA=$STATE/pgdata
PGBIN=""
PG_PORT=""
REDIS_PORT=""
pg_started=0
redis_started=0

# As root, PostgreSQL refuses to run, so its tools run as the `postgres` OS
# user. runuser keeps the working directory, which postgres may not be able
# to read (e.g. /root), hence the subshell with `cd /`.
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

cleanup() {
  local rc=$?
  set +e
  if [[ $redis_started -eq 1 ]]; then
    if ! redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1; then
      [[ -f $STATE/redis.pid ]] && kill "$(<"$STATE/redis.pid")" 2>/dev/null
    fi
  fi
  if [[ $pg_started -eq 1 && -f $PGDATA/postmaster.pid ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null
  fi
  # Redis exits asynchronously after SHUTDOWN; wait so that nothing of ours
  # is left running when this script returns.
  if [[ $redis_started -eq 1 && -f $STATE/redis.pid ]]; then
    local pid i
    pid=$(<"$STATE/redis.pid")
    for i in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$STATE"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A random port in 20000-32767 that nothing on 127.0.0.1 answers on. (A
# connect that fails means free; another process could still grab it before
# we bind, which is unlikely enough for a test run.) The range stays below
# Linux's ephemeral ports (32768 and up): there a port can be taken by an
# outgoing connection, or one lingering after the load test's thousands,
# which refuses a connect as a free port does and still cannot be bound.
free_port() {
  local port i
  for i in {1..100}; do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 12768))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free TCP port found"
}

# A UTF-8 locale makes upper()/lower() (Django's case-insensitive lookups)
# work on non-ASCII text; plain C is the fallback that always exists.
pg_locale() {
  local all
  all=$(locale -a 2>/dev/null | tr 'A-Z' 'a-z')
  if grep -qx 'c.utf8\|c.utf-8' <<<"$all"; then echo C.UTF-8
  elif grep -qx 'en_us.utf8\|en_us.utf-8' <<<"$all"; then echo en_US.UTF-8
  else echo C
  fi
}

# ---------------------------------------------------------------------------
started=()

if want_pg; then
  PGBIN=$(find_pgbin) || die "PostgreSQL server binaries (pg_ctl, initdb) not found"
  if is_root && ! id -u postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  mkdir -p "$PGDATA"
  is_root && chown postgres: "$PGDATA"
  chmod 700 "$PGDATA"
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 \
    --locale="$(pg_locale)" --no-sync >"$STATE/initdb.log" 2>&1 \
    || { cat "$STATE/initdb.log" >&2; die "initdb failed"; }
  PG_PORT=$(free_port)
  # fsync and friends off: the data is thrown away, speed matters. The socket
  # goes into PGDATA so that no system directory needs to be writable.
  pg_started=1
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
    -o "-p $PG_PORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null \
    || { cat "$PGDATA/server.log" >&2; die "PostgreSQL did not start"; }
  "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres hindsight
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/hindsight"
  started+=("PostgreSQL $("$PGBIN/pg_ctl" --version | sed -n 's/.*(PostgreSQL) \([^ ]*\).*/\1/p') on 127.0.0.1:$PG_PORT (database hindsight)")
else
  started+=("PostgreSQL from DATABASE_URL")
fi

if want_redis; then
  REDIS_PORT=$(free_port)
  redis_started=1
  # No persistence: nothing is written to disk. --daemonize returns before
  # the port is open, so wait for PONG.
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --dir "$STATE" --pidfile "$STATE/redis.pid" \
    --logfile "$STATE/redis.log"
  for _ in {1..100}; do
    [[ $(redis-cli -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] && break
    sleep 0.1
  done
  [[ $(redis-cli -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] \
    || { cat "$STATE/redis.log" >&2; die "Redis did not start"; }
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  started+=("Redis $(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p') on 127.0.0.1:$REDIS_PORT")
else
  started+=("Redis from REDIS_URL")
fi

summary=$(IFS=';'; echo "${started[*]}" | sed 's/;/, /g')
if [[ $pg_started -eq 1 || $redis_started -eq 1 ]]; then summary+="; state in $STATE"; fi
log "$summary"

# Not exec: the EXIT trap must still run to stop the servers. `|| rc=$?`
# keeps set -e from exiting before we have the code; we exit with it as is.
rc=0
"$@" || rc=$?
exit "$rc"
