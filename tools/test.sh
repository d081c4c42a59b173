#!/usr/bin/env bash
# The test command: makes sure the services the integration tests talk to are up on loopback
# (PostgreSQL on 5432 with database 'test', Redis on 6379), installing them from Debian's packages when
# absent, then runs the whole Maven build: unit tests, the shaded jar, and the integration tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  echo "test: installing $*" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() {
  for _ in $(seq 1 60); do listening "$1" && return 0; sleep 0.5; done
  echo "test: nothing listens on 127.0.0.1:$1 after 30 s ($2)" >&2
  return 1
}

command -v java >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
command -v mvn >/dev/null 2>&1 || apt_install maven

# PostgreSQL: the failure database's integration tests (user postgres, database test, trust on loopback).
if ! listening 5432; then
  if ! ls -d /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
    for hba in /etc/postgresql/*/main/pg_hba.conf; do
      sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    done
  fi
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  wait_for 5432 PostgreSQL
fi
if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = 'test'" 2>/dev/null | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -qc "create database test" 2>/dev/null \
    || su postgres -c "psql -qc 'create database test'"
fi

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Redis for the *IT tests of the shared state store (tests use their own key prefixes, and start private
# servers on other ports for the outage tests, so they need redis-server installed as well).
if ! command -v redis-server >/dev/null 2>&1; then
  echo "test: installing redis-server" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
if ! listening 6379; then
  echo "test: starting redis-server on 127.0.0.1:6379" >&2
  redis_dir="${REDIS_DIR:-/var/lib/redis}"
  redis_log="${REDIS_LOG:-/var/log/redis/ci.log}"
  mkdir -p "$redis_dir" "$(dirname "$redis_log")" 2>/dev/null || true
  if [ ! -w "$redis_dir" ] || [ ! -w "$(dirname "$redis_log")" ]; then
    redis_dir="$(mktemp -d)"
    redis_log="$redis_dir/redis.log"
  fi
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir "$redis_dir" --logfile "$redis_log"
  for _ in $(seq 1 50); do listening 6379 && break; sleep 0.1; done
  listening 6379 || { echo "test: redis-server did not start (log: $redis_log)" >&2; exit 1; }
fi

# Chromium for the console's browser tests (ConsoleIT drives Debian's Chromium through Playwright; Playwright's
# own browser download is switched off, so nothing but Debian's package is used).
command -v chromium >/dev/null 2>&1 || apt_install chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

exec mvn -B -ntp verify "$@"
