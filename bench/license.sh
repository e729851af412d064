#!/usr/bin/env bash
# Licensing: attestation latency over the emulated transport (beside one Ed25519 sign + verify), the license service's
# refresh, and GET /api/v1/license p99 over HTTP (beside GET /api/v1/health) against a freshly started Triad.
#   RUNS=1000 WARMUP=200 bench/license.sh        (defaults shown; run from anywhere)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/out"
RUNS=${RUNS:-1000}
WARMUP=${WARMUP:-200}
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

trap stop_triad EXIT
trap 'exit 130' INT TERM

build
work="$out/license-bench"
rm -rf "$work"
mkdir -p "$work"
write_triad_config "$work/triad.yaml"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
start_triad "$work/triad.yaml" "$work/triad-data" "$work/triad.log"
bench_java io.triad.bench.LicenseBench "$work" "$work/triad-data" "$RUNS" "$WARMUP"
stop_triad
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
