#!/usr/bin/env bash
# Dashboard query latency: HOURS of host series (HOSTS hosts x 11 series named as the host probe names them: CPU,
# load, memory, file system, network, descriptors), loaded into a Triad metrics store and, through
# `promtool tsdb create-blocks-from openmetrics`, into a Prometheus server (Debian's package); then both answer the
# Hosts dashboard panels' query_range requests (24 h at the UI's 300 s step) over HTTP, RUNS times each after WARMUP
# runs, alternating. Prints p50/p99 per query and over all, and the ratio of the medians.
#   HOSTS=200 HOURS=24 RUNS=50 WARMUP=5 bench/dashboard.sh        (defaults shown; run from anywhere)
# REUSE=1 keeps the data of the previous run (bench/out/dashboard-bench) and only queries again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/out"
HOSTS=${HOSTS:-200}
HOURS=${HOURS:-24}
RUNS=${RUNS:-50}
WARMUP=${WARMUP:-5}
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

command -v promtool >/dev/null && command -v prometheus >/dev/null \
  || die "the baseline needs Prometheus: apt-get install prometheus (promtool and prometheus)"
prom_pid=
cleanup() {
  stop_triad
  [ -z "$prom_pid" ] || { kill "$prom_pid" 2>/dev/null || true; wait "$prom_pid" 2>/dev/null || true; }
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build
work="$out/dashboard-bench"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${REUSE:-0}" = 1 ] && [ -f "$work/range.txt" ] && [ -d "$work/prom-data" ]; then
  say "REUSE=1: querying the data prepared by the previous run in $work"
else
  rm -rf "$work"
  mkdir -p "$work"
  bench_java io.triad.bench.DashboardQueryBench prepare "$work" "$HOSTS" "$HOURS"
  say "backfilling Prometheus (promtool tsdb create-blocks-from openmetrics) ..."
  promtool tsdb create-blocks-from openmetrics "$work/samples.om" "$work/prom-data" >"$work/promtool.log" 2>&1 \
    || { tail -n 20 "$work/promtool.log" >&2; die "promtool backfill failed"; }
  rm -f "$work/samples.om"
fi
# bytes per sample on disk, the same samples in both: Prometheus's blocks (chunks + index) beside Triad's H2 file and
# its write-ahead log (which holds the last, still open 2 h window uncompressed)
samples=$(cut -d' ' -f3 "$work/range.txt")
prom_bytes=$(du -sb "$work/prom-data" | cut -f1)
h2_bytes=$(du -sb "$work/triad-data/metrics/metrics.mv.db" | cut -f1)
wal_bytes=$(du -sb "$work/triad-data/metrics/wal" | cut -f1)
awk -v s="$samples" -v p="$prom_bytes" -v h="$h2_bytes" -v w="$wal_bytes" 'BEGIN {
  printf "bytes/sample on disk: triad H2 %.2f + WAL %.2f = %.2f; prometheus blocks %.2f (%d samples)\n",
    h / s, w / s, (h + w) / s, p / s, s }'
port=$(bench_java io.triad.bench.FreePort)
printf 'global:\n  scrape_interval: 1h\n' >"$work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prom-data" \
  --storage.tsdb.retention.time=30d --web.listen-address="127.0.0.1:$port" >"$work/prometheus.log" 2>&1 &
prom_pid=$!
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1 && break
  kill -0 "$prom_pid" 2>/dev/null || { tail -n 20 "$work/prometheus.log" >&2; die "prometheus exited"; }
  sleep 0.1
done
say "prometheus $(prometheus --version 2>&1 | head -n 1 | cut -d' ' -f3) ready on port $port"

write_triad_config "$work/triad.yaml"
start_triad "$work/triad.yaml" "$work/triad-data" "$work/triad.log"
bench_java io.triad.bench.DashboardQueryBench query "$work" "http://127.0.0.1:$port" "$RUNS" "$WARMUP"
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
