#!/usr/bin/env bash
# Makes sure the local PostgreSQL, Redis and NATS (with JetStream) answer on 127.0.0.1, starting whichever does
# not, and that Postgres lets user postgres in over TCP without a password (trust), as the default DATABASE_URL and
# the integration tests expect. A quick no-op when all three already answer. Used by .ci/run; developers on a
# Debian machine can run it too (as root):
#
#   bash tools/scripts/ensure-services.sh             # check, start what is stopped
#   bash tools/scripts/ensure-services.sh --install   # also apt-get install a missing server package first
#
# Without Debian packages (e.g. on a laptop with Docker) use `docker compose up -d postgres redis nats` instead.
# Exit status: 0 when all three answer, 1 otherwise (with the reason and the log to read).
set -euo pipefail

WAIT_SECONDS=${ENSURE_SERVICES_WAIT_SECONDS:-30}
INSTALL=0
for arg in "$@"; do
  case "$arg" in
    --install) INSTALL=1 ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ensure-services: unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

log() { printf '[ensure-services] %s\n' "$*"; }
fail() { printf '[ensure-services] ERROR: %s\n' "$*" >&2; exit 1; }

# --- checks -------------------------------------------------------------------------------------------------
postgres_ready() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }
redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }
# NATS greets every client with an INFO line; reading it proves it is NATS, not just an open port.
nats_info() { timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/4222 && head -n 1 <&3' 2>/dev/null || true; }
nats_ready() { nats_info | grep -q '^INFO '; }
# Trust over TCP for user postgres: no password may come from the environment or a ~/.pgpass.
postgres_trusts_loopback() {
  env -u PGPASSWORD PGPASSFILE=/dev/null PGCONNECT_TIMEOUT=3 \
    psql -w -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1
}

# wait_for NAME CHECK: polls CHECK (NAME is for the reader) every 0.5 s for up to WAIT_SECONDS.
wait_for() {
  local check=$2 deadline=$((SECONDS + WAIT_SECONDS))
  while ((SECONDS < deadline)); do
    "$check" && return 0
    sleep 0.5
  done
  "$check"
}

# need_package PACKAGE COMMAND...: the commands must exist; installs PACKAGE with --install, else fails.
APT_UPDATED=0
need_package() {
  local pkg=$1 missing=()
  shift
  for cmd in "$@"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd"); done
  ((${#missing[@]} == 0)) && return 0
  if ((INSTALL == 0)); then
    fail "${missing[*]} not found. Install it: apt-get update && apt-get install -y $pkg (or rerun with --install)"
  fi
  log "installing $pkg (missing: ${missing[*]})"
  if ((APT_UPDATED == 0)); then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
}

# --- PostgreSQL ---------------------------------------------------------------------------------------------
ensure_postgres() {
  need_package postgresql pg_isready psql
  if postgres_ready; then
    log "postgres: answers on 127.0.0.1:5432"
  else
    [ -d /etc/postgresql ] && [ -n "$(ls /etc/postgresql 2>/dev/null)" ] ||
      fail "postgres: no cluster under /etc/postgresql (is the postgresql package installed?)"
    need_package postgresql pg_ctlcluster
    log "postgres: not answering; starting the cluster"
    # shellcheck disable=SC2046 # one version directory on these machines, as documented
    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start ||
      log "postgres: pg_ctlcluster start returned $? (polling anyway)"
    wait_for postgres postgres_ready ||
      fail "postgres: still not answering on 127.0.0.1:5432 after ${WAIT_SECONDS}s; see /var/log/postgresql/"
    log "postgres: started"
  fi
  ensure_postgres_trust
  ensure_postgres_database ringside
}

# A fresh Debian install asks for passwords over TCP (scram-sha-256). Put trust rules for loopback first in
# pg_hba.conf (first match wins), once, marked so a rerun recognises them, then reload.
HBA_MARKER='# ringside: trust loopback for local development and CI (tools/scripts/ensure-services.sh)'
ensure_postgres_trust() {
  if postgres_trusts_loopback; then
    log "postgres: trust auth for postgres@127.0.0.1 ok"
    return 0
  fi
  log "postgres: 127.0.0.1 is not trusted for user postgres; configuring pg_hba.conf"
  local hba changed=0 tmp
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    [ -f "$hba" ] || continue
    if grep -qF "$HBA_MARKER" "$hba"; then continue; fi
    cp -p "$hba" "$hba.ringside-backup"
    tmp=$(mktemp)
    {
      echo "$HBA_MARKER"
      echo 'host    all             all             127.0.0.1/32            trust'
      echo 'host    all             all             ::1/128                 trust'
      echo
      cat "$hba"
    } >"$tmp"
    cat "$tmp" >"$hba" # keeps the file's owner and mode
    rm -f "$tmp"
    changed=1
    log "postgres: trust rules added at the top of $hba (backup: $hba.ringside-backup)"
  done
  ((changed == 1)) || log "postgres: trust rules already present; reloading"
  # shellcheck disable=SC2046
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main reload ||
    fail "postgres: reload failed after editing pg_hba.conf"
  wait_for postgres-trust postgres_trusts_loopback ||
    fail "postgres: still asks for a password on 127.0.0.1 after editing pg_hba.conf"
  log "postgres: trust auth for postgres@127.0.0.1 ok"
}

# The services' default DATABASE_URL names the database `ringside` (tests use `postgres`). A convenience: a
# failure here is reported but is not fatal.
ensure_postgres_database() {
  local db=$1 exists
  exists=$(env -u PGPASSWORD PGPASSFILE=/dev/null psql -w -h 127.0.0.1 -U postgres -d postgres -Atqc \
    "select 1 from pg_database where datname = '$db'" 2>/dev/null || true)
  if [ "$exists" = 1 ]; then return 0; fi
  if env -u PGPASSWORD PGPASSFILE=/dev/null createdb -w -h 127.0.0.1 -U postgres "$db" 2>/dev/null; then
    log "postgres: created database $db"
  else
    log "postgres: warning: could not create database $db (the services' default DATABASE_URL uses it)"
  fi
}

# --- Redis --------------------------------------------------------------------------------------------------
ensure_redis() {
  need_package redis-server redis-cli
  if redis_ready; then
    log "redis: answers on 127.0.0.1:6379"
    return 0
  fi
  need_package redis-server redis-server
  log "redis: not answering; starting redis-server"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log ||
    log "redis: redis-server returned $? (polling anyway)"
  wait_for redis redis_ready ||
    fail "redis: still not answering on 127.0.0.1:6379 after ${WAIT_SECONDS}s; see /var/log/redis/ci.log"
  log "redis: started"
}

# --- NATS ---------------------------------------------------------------------------------------------------
ensure_nats() {
  if nats_ready; then
    log "nats: answers on 127.0.0.1:4222"
  else
    need_package nats-server nats-server
    log "nats: not answering; starting nats-server with JetStream"
    mkdir -p /var/lib/nats-server
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log ||
      log "nats: start-stop-daemon returned $? (polling anyway)"
    wait_for nats nats_ready ||
      fail "nats: still not answering on 127.0.0.1:4222 after ${WAIT_SECONDS}s; see /var/log/nats-server.log" \
        "(start-stop-daemon starts nothing while another /usr/sbin/nats-server process runs: pgrep -a nats-server)"
    log "nats: started"
  fi
  # Not fatal: something else may own the port; the services' own JetStream errors will be precise.
  if ! nats_info | grep -q '"jetstream":true'; then
    log "nats: warning: the server on 127.0.0.1:4222 does not report JetStream; it must run with -js"
  fi
}

started=$SECONDS
ensure_postgres
ensure_redis
ensure_nats
log "all services answer ($((SECONDS - started))s)"
