#!/usr/bin/env bash
# Metrics store: samples/s appended, bytes per sample, p50/p99 of selecting one metric of every host over the range,
# beside raw 16-byte samples written to a plain file in the same run.
#   HOSTS=200 SERIES=50 HOURS=24 RUNS=3 QUERIES=50 JITTER=2 bench/metrics.sh      (defaults shown; run from anywhere)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/out"
HOSTS=${HOSTS:-200}
SERIES=${SERIES:-50}
HOURS=${HOURS:-24}
RUNS=${RUNS:-3}
QUERIES=${QUERIES:-50}
JITTER=${JITTER:-2}
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

build
work="$out/metrics-bench"
rm -rf "$work"
mkdir -p "$work"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_java io.triad.bench.MetricsStoreBench "$work" "$HOSTS" "$SERIES" "$HOURS" "$RUNS" "$QUERIES" "$JITTER"
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$work"
