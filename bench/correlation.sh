#!/usr/bin/env bash
# Correlation benchmark, against the Triad data directory that 'ALARM_IDS=1 bench/ingest.sh' loaded
# (bench/out/run-$EVENTS-alarms/triad-data: every line ends with an alarm id, EVENTS/10 distinct ids): starts Triad
# on it again and measures correlation lookups, correlated events and transactions (p50/p99 over HTTP) beside the
# same term lookup run by a plain Lucene IndexSearcher on Triad's index.
#   EVENTS=10000000 RUNS=200 WARMUP=20 bench/correlation.sh      (defaults shown)
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

work="$out/run-$EVENTS-alarms"
events_file="$out/events-$EVENTS-alarms.log"
[ -d "$work/triad-data/index" ] || die "no Triad data in $work/triad-data: run ALARM_IDS=1 EVENTS=$EVENTS bench/ingest.sh first"
t_start=$(date +%s)
build
[ -f "$work/triad.yaml" ] || write_triad_config "$work/triad.yaml"
start_triad "$work/triad.yaml" "$work/triad-data" "$work/triad-correlation.log"
bench_java io.triad.bench.CorrelationBench "$work/triad-data" "$events_file" "$RUNS" "$WARMUP"
stop_triad
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; wall time $(( $(date +%s) - t_start )) s)"
