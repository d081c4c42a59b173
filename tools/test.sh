#!/usr/bin/env bash
# The test command: makes sure the services the integration tests talk to are up on loopback
# (Redis on 6379, PostgreSQL on 5432 with database 'test'), installing them from Debian's packages when
# absent, then runs the whole Maven build: unit tests, the shaded jar, and the integration tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test: installing ${need_apt[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
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

exec mvn -B -ntp verify "$@"
