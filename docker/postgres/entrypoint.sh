#!/bin/sh
# First start: make the cluster, its superuser (POSTGRES_USER, password
# POSTGRES_PASSWORD) and the database POSTGRES_DB, as the official image does.
# Then run the server in the foreground on PGLISTEN:PGPORT.
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}"
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  "$bin/initdb" --pgdata="$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  # initdb lets in 127.0.0.1 and ::1 with a password; allow any address with
  # one too, for when this runs on a bridge network rather than the host's.
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  # Single-user mode: no server to start and stop just for this.
  if [ "$POSTGRES_DB" != postgres ]; then
    echo "CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$POSTGRES_USER\"" \
      | "$bin/postgres" --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "postgres-entrypoint: created database $POSTGRES_DB for $POSTGRES_USER"
fi

exec "$bin/postgres" -D "$PGDATA" -p "$PGPORT" -c listen_addresses="$PGLISTEN" \
  -c unix_socket_directories=/tmp
