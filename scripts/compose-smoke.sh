#!/usr/bin/env bash
# Usage: scripts/compose-smoke.sh        (or `make compose-smoke`; run as root)
#
# Builds the compose stack and runs it end to end, on a machine with no image
# registry and no bridge network: starts dockerd if none answers, imports a
# Debian base image made with debootstrap (once; cached by name), builds the
# app and the stand-ins for PostgreSQL, Redis and Mailpit from it
# (docker-compose.host.yml), starts everything on 127.0.0.1 with host
# networking, files a claim through the API, sees the worker mark it due and
# its email reach the SMTP sink, then tears the stack down and stops the
# dockerd it started, also on failure. Exits non-zero on any failure.
#
# Installs what is missing with apt-get (docker.io, docker-compose,
# debootstrap, curl). State lives under var/compose-smoke/ (git-ignored).
# Environment: BASE_IMAGE (local/python:3.13), BASE_SUITE (trixie, the Debian
# release the base is made from), HOST_*_PORT (see docker-compose.host.yml).
set -euo pipefail

cd "$(dirname "$0")/.."
STARTED_AT=$(date +%s)
STATE=$PWD/var/compose-smoke
PROJECT=hindsight-smoke
export BASE_IMAGE=${BASE_IMAGE:-local/python:3.13}
BASE_SUITE=${BASE_SUITE:-trixie}
export HOST_WEB_PORT=${HOST_WEB_PORT:-58000} HOST_PG_PORT=${HOST_PG_PORT:-55432} \
  HOST_REDIS_PORT=${HOST_REDIS_PORT:-56379} HOST_SMTP_PORT=${HOST_SMTP_PORT:-51025} \
  HOST_MAIL_UI_PORT=${HOST_MAIL_UI_PORT:-58025}
API=http://127.0.0.1:$HOST_WEB_PORT/api/v1
MAIL_API=http://127.0.0.1:$HOST_MAIL_UI_PORT/api/v1
SMOKE_EMAIL=smoke@example.org

elapsed() { echo $(($(date +%s) - STARTED_AT)); }
log() { echo "compose-smoke [$(elapsed)s]: $*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root: it installs packages, starts dockerd and runs debootstrap."
mkdir -p "$STATE"

# --- Tools --------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v curl >/dev/null || missing+=(curl)
if [[ ${#missing[@]} -gt 0 ]]; then
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
# The docker CLI that came with the engine: a docker found earlier on PATH
# (such as a static client in /usr/local/bin) may be another release.
DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=$(command -v docker) || die "no docker CLI after installing docker.io"

# The stack's ports must be free: its services share the host's network.
for port in "$HOST_WEB_PORT" "$HOST_PG_PORT" "$HOST_REDIS_PORT" "$HOST_SMTP_PORT" "$HOST_MAIL_UI_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is taken; free it or choose others (HOST_*_PORT)"
  fi
done

# --- The engine ---------------------------------------------------------------
# Reuse a daemon that already answers; otherwise start one without iptables
# and without the default bridge (containers use the host's network only).
OUR_DOCKERD=""
# The stack is docker-compose.yml with docker-compose.host.yml and
# docker/smoke.yml over it, rendered into one file (see "Build and start").
COMPOSE=(docker-compose -p "$PROJECT" -f "$STATE/stack.yml" --env-file "$STATE/compose.env")
STACK_UP=""
OK=""

stop_dockerd() {
  [[ -n $OUR_DOCKERD ]] || return 0
  log "stopping dockerd (pid $OUR_DOCKERD)"
  kill "$OUR_DOCKERD" 2>/dev/null || return 0
  for _ in $(seq 60); do
    kill -0 "$OUR_DOCKERD" 2>/dev/null || return 0
    sleep 0.5
  done
  log "dockerd did not stop within 30 s; killing it"
  kill -9 "$OUR_DOCKERD" 2>/dev/null || true
}

finish() {
  local status=$?
  set +e
  if [[ -n $STACK_UP ]]; then
    if [[ -z $OK ]]; then
      log "failed; the stack's last log lines follow"
      timeout 60 "${COMPOSE[@]}" logs --no-color --tail 40 >&2
    fi
    log "tearing the stack down"
    timeout 120 "${COMPOSE[@]}" down --volumes --remove-orphans --timeout 10 >>"$STATE/compose.log" 2>&1 \
      || log "docker-compose down failed (see $STATE/compose.log)"
  fi
  stop_dockerd
  if [[ -n $OK ]]; then
    log "passed in $(elapsed) s"
  else
    log "FAILED after $(elapsed) s (logs in $STATE)"
  fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

if "$DOCKER" info >/dev/null 2>&1; then
  log "using the docker daemon already running"
else
  log "starting dockerd"
  dockerd --iptables=false --bridge=none --pidfile "$STATE/dockerd.pid" >"$STATE/dockerd.log" 2>&1 &
  OUR_DOCKERD=$!
  for _ in $(seq 60); do
    "$DOCKER" info >/dev/null 2>&1 && break
    kill -0 "$OUR_DOCKERD" 2>/dev/null || die "dockerd exited (see $STATE/dockerd.log)"
    sleep 1
  done
  "$DOCKER" info >/dev/null 2>&1 || die "dockerd did not answer within 60 s (see $STATE/dockerd.log)"
fi

# --- The base image -----------------------------------------------------------
# Debian minbase with Python, its venv at /opt/python first on PATH (so that
# `python` and `pip` are what they are in the official python images) and the
# host's extra CA certificates (so pip works behind an intercepting proxy).
if "$DOCKER" image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  log "base image $BASE_IMAGE is cached"
else
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [[ -n $mirror ]] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  rootfs=$STATE/rootfs
  log "making $BASE_IMAGE: debootstrap $BASE_SUITE from $mirror"
  rm -rf "$rootfs"
  timeout 900 debootstrap --variant=minbase --include=ca-certificates,python3,python3-venv,tzdata \
    "$BASE_SUITE" "$rootfs" "$mirror" >"$STATE/debootstrap.log" 2>&1 \
    || die "debootstrap failed (see $STATE/debootstrap.log)"
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  fi
  chroot "$rootfs" update-ca-certificates >>"$STATE/debootstrap.log" 2>&1
  chroot "$rootfs" python3 -m venv /opt/python
  tar -C "$rootfs" -c . | "$DOCKER" import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PATH=/opt/python/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["python"]' \
    - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
  log "imported $BASE_IMAGE"
fi

# --- Build and start ----------------------------------------------------------
# docker-compose (v1) refuses a container that both uses the host's network
# and publishes ports, and an override file cannot take away the ports
# docker-compose.yml publishes. So the merged configuration is rendered once,
# without the ports of host-networked services (they mean nothing there), and
# everything below runs from that file. Variables stay unexpanded in it; they
# are filled in from compose.env and the environment at each command.
# /usr/bin/python3 is the one docker-compose runs on, so it has PyYAML.
docker-compose -f docker-compose.yml -f docker-compose.host.yml -f docker/smoke.yml \
  config --no-interpolate | /usr/bin/python3 -c '
import sys, yaml
stack = yaml.safe_load(sys.stdin)
for service in stack["services"].values():
    if service.get("network_mode") == "host":
        service.pop("ports", None)
    else:
        sys.exit("not on the host network: " + repr(service))
yaml.safe_dump(stack, sys.stdout, sort_keys=False)' >"$STATE/stack.yml" \
  || die "could not render the compose files into $STATE/stack.yml"

# A fresh secret per run; the shell's environment wins over this file anyway.
cat >"$STATE/compose.env" <<EOF
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
EOF

log "building the images (log: $STATE/build.log)"
build_started=$(date +%s)
IMAGES=(hindsight:latest hindsight-postgres:local hindsight-redis:local hindsight-mailsink:local)
declare -A previous
for image in "${IMAGES[@]}"; do
  previous[$image]=$("$DOCKER" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
done
# One build of the app image serves web, worker and beat.
timeout 1800 "${COMPOSE[@]}" build postgres redis mailpit web >"$STATE/build.log" 2>&1 \
  || { tail -n 40 "$STATE/build.log" >&2; die "the build failed (see $STATE/build.log)"; }
# The previous builds' images, now untagged, would pile up run after run.
for image in "${IMAGES[@]}"; do
  old=${previous[$image]}
  if [[ -n $old && $old != $("$DOCKER" image inspect -f '{{.Id}}' "$image") ]]; then
    "$DOCKER" image rm "$old" >/dev/null 2>&1 || true
  fi
done
log "built in $(($(date +%s) - build_started)) s"

log "starting the stack"
STACK_UP=yes
up_started=$(date +%s)
# `up` waits for postgres and redis to be healthy, then for web to be.
timeout 600 "${COMPOSE[@]}" up -d --no-build >"$STATE/compose.log" 2>&1 \
  || { tail -n 20 "$STATE/compose.log" >&2; die "docker-compose up failed"; }

# Host networking only: no container on a bridge, no network made for the stack.
for id in $("${COMPOSE[@]}" ps -q); do
  mode=$("$DOCKER" inspect -f '{{.Name}} {{.HostConfig.NetworkMode}}' "$id")
  [[ $mode == *" host" ]] || die "not on the host's network: $mode"
done
if "$DOCKER" network ls --format '{{.Name}}' | grep -q "^$PROJECT"; then
  die "docker-compose made a network for the stack; every service should use the host's"
fi

# until_ok SECONDS WHAT COMMAND...: retry COMMAND every second until it succeeds.
until_ok() {
  local limit=$1 what=$2 deadline=$(($(date +%s) + $1))
  shift 2
  until "$@"; do
    (($(date +%s) < deadline)) || die "$what: not after $limit s"
    sleep 1
  done
}
until_ok 120 "GET /healthz?serving answering 200" \
  curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$HOST_WEB_PORT/healthz?serving"
log "the stack is up in $(($(date +%s) - up_started)) s: $(curl -sS "http://127.0.0.1:$HOST_WEB_PORT/healthz")"

# --- The claim ----------------------------------------------------------------
log "creating a superuser (an editor with a confirmed address) and its API token"
# One exec for both: each start of manage.py costs seconds on a busy machine.
TOKEN=$(timeout 180 "${COMPOSE[@]}" exec -T \
  -e DJANGO_SUPERUSER_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_urlsafe(16))')" \
  web sh -c "python manage.py createsuperuser --noinput --username smoke --email $SMOKE_EMAIL >&2 \
    && python manage.py create_api_token smoke" | tail -n 1 | tr -d '\r')
[[ $TOKEN == hs_* ]] || die "create_api_token printed no token"

# json_field FIELD: read one field of the JSON object on stdin.
json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# Today where web lives (docker/smoke.yml: UTC-12): the deadline is open for web
# and already past for the worker (UTC+14).
today=$(python3 -c 'from datetime import datetime, timedelta, timezone; print(datetime.now(timezone(timedelta(hours=-12))).date())')
filed=$(curl -fsS --max-time 30 -X POST "$API/predictions/" \
  -H "Authorization: Token $TOKEN" -H "Content-Type: application/json" -d @- <<EOF
{
  "claim": "The compose stack comes up, files this claim and mails its watcher when it comes due",
  "predictor": {"name": "Compose Smoke"},
  "quote": "It will all work on the first try",
  "source_title": "compose-smoke.sh",
  "source_url": "https://example.org/compose-smoke",
  "published_on": "$today",
  "resolves_on": "$today",
  "tags": ["smoke"]
}
EOF
) || die "POST /predictions/ failed"
id=$(json_field id <<<"$filed")
status=$(json_field status <<<"$filed")
[[ $status == open ]] || die "prediction $id was filed $status, not open (web's day changed at that moment? run again)"
log "filed prediction $id ($status, deadline $today)"

watching=$(curl -fsS --max-time 30 -X POST "$API/predictions/$id/watch/" -H "Authorization: Token $TOKEN" | json_field watching)
[[ $watching == True ]] || die "POST /predictions/$id/watch/ did not say watching"

# --- The worker's due check and its email -------------------------------------
due_started=$(date +%s)
is_due() { [[ $(curl -fs --max-time 5 "$API/predictions/$id/" | json_field status) == due ]]; }
until_ok 180 "prediction $id becoming due (beat asks every 5 s)" is_due
log "prediction $id is due after $(($(date +%s) - due_started)) s"

mail_for_smoke() {
  curl -fs --max-time 5 "$MAIL_API/messages" | python3 -c '
import json, sys
for message in json.load(sys.stdin)["messages"]:
    if any(to["Address"] == sys.argv[1] for to in message["To"]):
        print(message["Subject"])
        sys.exit(0)
sys.exit(1)' "$SMOKE_EMAIL"
}
until_ok 180 "the due email reaching the SMTP sink" mail_for_smoke >/dev/null
log "the sink received: $(mail_for_smoke)"

# With beat's due check done and the email sent, the whole report is green:
# plain /healthz answers 200 only when status is not red.
until_ok 60 "GET /healthz answering 200 (the due check on record, no mail owed)" \
  curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$HOST_WEB_PORT/healthz"
log "health: $(curl -sS "http://127.0.0.1:$HOST_WEB_PORT/healthz")"
OK=yes
