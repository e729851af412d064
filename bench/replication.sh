#!/usr/bin/env bash
# Log replication between the data sites of a three-process cluster on loopback (site-a, site-b, the witness):
# ingest throughput with replication on and off (ratio, bar >= 0.7), replication delay p99 at half the replicated
# maximum (bar <= 200 ms), resync after an outage of site-b (kill -9) and RPO 0 at the end.
#   EVENTS=300000 ROUNDS=3 LAG_SECONDS=30 OUTAGE_SECONDS=600 PIN=0 CLIENTS=16 bench/replication.sh   (defaults)
# PIN=1 runs site-a and the bench's clients on core 0, site-b and the witness on core 1 (taskset): the two data sites
# do not share a core, as two machines would not.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/out"
EVENTS=${EVENTS:-300000}
ROUNDS=${ROUNDS:-3}
LAG_SECONDS=${LAG_SECONDS:-30}
OUTAGE_SECONDS=${OUTAGE_SECONDS:-600}
PIN=${PIN:-0}
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

if [ "$PIN" = 1 ] && { ! command -v taskset >/dev/null || [ "$(nproc)" -lt 2 ]; }; then
  say "PIN=1 needs taskset and 2 cores; running unpinned"
  PIN=0
fi
work="$out/replication-bench"
build
rm -rf "$work"
mkdir -p "$work"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
# the bench JVM (the clients) inherits this shell's core; ReplicationCluster pins each site's process itself
if [ "$PIN" = 1 ]; then taskset -cp 0 $$ >/dev/null; fi
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx1g} bench_java -Dtriad.bench.clients="${CLIENTS:-16}" io.triad.bench.ReplicationBench "$work" "$dist" "$java" \
  "$(triad_jvm_opts | tr '\n' ' ') ${TRIAD_JAVA_OPTS:-}" "$EVENTS" "$ROUNDS" "$LAG_SECONDS" "$OUTAGE_SECONDS" "$PIN"
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
