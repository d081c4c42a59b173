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

exec mvn -B -ntp verify "$@"
