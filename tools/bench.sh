#!/usr/bin/env bash
# Runs the measurement harnesses of docs/stateful.md (test-scope main classes) under nice:
#   tools/bench.sh index [sizes...]        per-query cost of the query detector at 10^3, 10^5, 10^6 stored queries
#   tools/bench.sh sweep q,w,S,minT ...     fingerprint settings: benign matches and perturbed-copy overlap
#   tools/bench.sh benign [policy]          benign false positives over HTTP: 10,000 test images, 100 accounts
#   tools/bench.sh knn-calibrate [k] [buffer] [rate] [accounts] [model.onnx]   the knn threshold at a target benign false-positive rate
#   tools/bench.sh attacks POLICY ATTACKS SAMPLES BUDGET ADVERSARIES [THREADS] [redis]   assess attacks, one fresh deployment per run
#   tools/bench.sh known-failure [EXAMPLES] [q,w,S,minT ...]   the known-failure fingerprint matcher (docs/failures.md)
#   tools/bench.sh fingerprints            CPU per query of the window and the random-projection fingerprints
#   tools/bench.sh redis-index [fill] [measured] [capacity]   the Redis fingerprint script alone, on a private redis-server
#   tools/bench.sh square-init [eps] [samples] [draws] [model.onnx ...]   how often Square's first query alone succeeds
#   tools/bench.sh feature-match [model.onnx] [images] [queries] [early]   a global feature-space detector: honest vs Square distances
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
what="${1:?usage: tools/bench.sh index|sweep|benign|knn-calibrate|attacks|known-failure|fingerprints|redis-index|square-init|feature-match [args]}"
shift
mvn -q -B test-compile >&2
# The dependency plugin named with its version: Maven's default binding (2.8) may not be cached on a fresh machine.
[ -f target/bench-classpath.txt ] && [ target/bench-classpath.txt -nt pom.xml ] \
  || mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
       -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
# A private copy of the classes, so that a build running meanwhile does not pull them from under the JVM.
snap="$(mktemp -d "${TMPDIR:-/tmp}/warden-bench.XXXXXX")"
trap 'rm -rf "$snap"' EXIT
cp -r target/classes "$snap/classes"
cp -r target/test-classes "$snap/test-classes"
cp="$snap/classes:$snap/test-classes:$(cat target/bench-classpath.txt)"
case "$what" in
  index) main=dev.warden.bench.QueryIndexBenchmark; heap=3g ;;
  sweep) main=dev.warden.defense.query.FingerprintSweep; heap=1g ;;
  benign) main=dev.warden.bench.BenignFalsePositives; heap=1g ;;
  knn-calibrate) main=dev.warden.bench.KnnCalibration; heap=1g ;;
  attacks) main=dev.warden.bench.AttackDetectionEval; heap=2g ;;
  known-failure) main=dev.warden.defense.knownfailure.KnownFailureMatchEval; heap=2g ;;
  fingerprints) main=dev.warden.bench.FingerprintCostBenchmark; heap=1g ;;
  redis-index) main=dev.warden.state.RedisIndexBenchmark; heap=1g ;;
  square-init) main=dev.warden.bench.SquareInitFlips; heap=1g ;;
  feature-match) main=dev.warden.bench.FeatureMatchProbe; heap=2g ;;
  *) echo "unknown harness: $what" >&2; exit 2 ;;
esac
nice java -Xmx$heap -Xms$heap -XX:+AlwaysPreTouch ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile=src/test/resources/logback-bench.xml -cp "$cp" "$main" "$@"
