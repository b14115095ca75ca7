#!/usr/bin/env bash
# Usage: DATABASE_URL=postgres://... scripts/restore-drill.sh [DUMP_FILE]
#
# Proves that a backup restores (docs/operations.md, "The restore drill"):
#   1. dumps DATABASE_URL with pg_dump -Fc (or takes DUMP_FILE, a dump made so),
#   2. restores it with pg_restore into a new scratch database on the same
#      server (hindsight_drill_<time>_<pid>),
#   3. runs `manage.py verify_ledger` against the scratch database: every
#      prediction's hash chain is intact,
#   4. compares, table by table, the rows in the dump with the rows restored,
#   5. drops the scratch database, whatever happened.
# Exits 0 only if every step passed. The database DATABASE_URL names is only
# read; the user in it must be allowed to create databases.
#
# The row counts come from the dump itself, not from the live database, so
# the drill can run while the site takes writes.
set -euo pipefail

log() { echo "restore-drill: $*" >&2; }
die() { log "error: $*"; exit 1; }

[[ -n ${DATABASE_URL:-} ]] || die "set DATABASE_URL to the database to dump (postgres://user@host:port/name)"
[[ $DATABASE_URL == postgres://* || $DATABASE_URL == postgresql://* ]] \
  || die "DATABASE_URL must be a postgres:// URL"
cd "$(dirname "$0")/.."

# The client tools on PATH, else Debian's newest versioned ones. pg_dump must
# be at least as new as the server.
if ! command -v pg_restore >/dev/null; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV | head -n1)
  [[ -n $pgbin ]] || die "pg_dump and pg_restore not found (Debian: apt-get install postgresql-client)"
  PATH=$pgbin:$PATH
fi
if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python; fi

WORK=$(mktemp -d /tmp/hindsight-drill.XXXXXX)
scratch="hindsight_drill_$(date +%s)_$$"
# The scratch database's URL: DATABASE_URL with its database name replaced,
# its query (?sslmode=...) kept.
base=${DATABASE_URL%%\?*}
query=${DATABASE_URL#"$base"}
SCRATCH_URL="${base%/*}/$scratch$query"
created=0

cleanup() {
  local rc=$?
  set +e
  if [[ $created -eq 1 ]]; then
    dropdb --maintenance-db="$DATABASE_URL" --if-exists "$scratch" \
      && log "dropped the scratch database $scratch"
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

dump=${1:-}
if [[ -z $dump ]]; then
  dump=$WORK/hindsight.dump
  pg_dump --format=custom --file="$dump" "$DATABASE_URL"
  log "dumped to $dump ($(du -h "$dump" | cut -f1))"
fi
[[ -r $dump ]] || die "cannot read the dump $dump"

createdb --maintenance-db="$DATABASE_URL" "$scratch"
created=1
log "restoring into the scratch database $scratch"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$SCRATCH_URL" "$dump"

log "verifying every prediction's chain in $scratch"
DATABASE_URL=$SCRATCH_URL "$PYTHON" manage.py verify_ledger

# Rows per table in the dump: each COPY block holds one line per row (the
# text format escapes newlines inside values), ended by "\.".
pg_restore --data-only --file=- "$dump" \
  | awk '/^COPY /{table=$2; rows=0; inside=1; next}
         inside && /^\\\.$/{print table, rows; inside=0; next}
         inside{rows++}' \
  | sort >"$WORK/dumped"
# Rows per table in the scratch database, counted in one query.
psql "$SCRATCH_URL" --no-psqlrc --quiet --tuples-only --no-align --field-separator=' ' -c "
  SELECT format('%I.%I', table_schema, table_name),
         (xpath('/row/n/text()',
                query_to_xml(format('SELECT count(*) AS n FROM %I.%I', table_schema, table_name),
                             false, true, '')))[1]::text
  FROM information_schema.tables
  WHERE table_type = 'BASE TABLE'
    AND table_schema NOT IN ('pg_catalog', 'information_schema')" \
  | sort >"$WORK/restored"

if ! diff -u "$WORK/dumped" "$WORK/restored" >"$WORK/differences"; then
  cat "$WORK/differences" >&2
  die "row counts differ between the dump (-) and the restored database (+)"
fi
tables=$(wc -l <"$WORK/restored")
rows=$(awk '{n += $2} END {print n + 0}' "$WORK/restored")
log "row counts equal in all $tables tables ($rows rows)"
# The counts themselves, on stdout: "schema.table rows", one table a line.
cat "$WORK/restored"
log "passed"
