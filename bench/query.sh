#!/usr/bin/env bash
# Query benchmark, against the Triad data directory bench/ingest.sh loaded (bench/out/run-$EVENTS/triad-data): starts
# Triad on it again, measures each query type RUNS times after WARMUP runs (p50/p99 measured by the client, the
# server's took_ms beside), the time from an ingest's ack until the event is searchable, and the same term query run
# by a plain Lucene IndexSearcher in the bench JVM (on Triad's index and on ingest.sh's raw Lucene index).
#   EVENTS=10000000 RUNS=200 WARMUP=20 bench/query.sh        (defaults shown; EVENTS picks the ingest.sh run)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/out"
EVENTS=${EVENTS:-10000000}
RUNS=${RUNS:-200}
WARMUP=${WARMUP:-20}
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

trap stop_triad EXIT
trap 'exit 130' INT TERM

work="$out/run-$EVENTS"
events_file="$out/events-$EVENTS.log"
[ -d "$work/triad-data/index" ] || die "no Triad data in $work/triad-data: run EVENTS=$EVENTS bench/ingest.sh first"
[ -f "$events_file.meta" ] || die "no $events_file.meta: run EVENTS=$EVENTS bench/ingest.sh first"
t_start=$(date +%s)
build
[ -f "$work/triad.yaml" ] || write_triad_config "$work/triad.yaml"
start_triad "$work/triad.yaml" "$work/triad-data" "$work/triad-query.log"
bench_java io.triad.bench.QueryBench "$work/triad-data" "$events_file" "$RUNS" "$WARMUP" "$work/lucene-index"
stop_triad
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; wall time $(( $(date +%s) - t_start )) s)"
