#!/usr/bin/env bash
# UI benchmark, against the Triad data directory bench/ingest.sh loaded (bench/out/run-$EVENTS/triad-data): starts
# Triad on it again and drives the system's headless Chromium (chromium and chromium-driver packages): Enter in the
# query bar until the result rows are in the page (Performance API marks of the UI), page load until the first rows,
# beside the same search request timed from the bench JVM.
#   EVENTS=10000000 RUNS=20 bench/ui.sh        (defaults shown)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/out"
EVENTS=${EVENTS:-10000000}
RUNS=${RUNS:-20}
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

trap stop_triad EXIT
trap 'exit 130' INT TERM

command -v chromium >/dev/null 2>&1 || die "chromium is not installed (apt-get install chromium chromium-driver)"
command -v chromedriver >/dev/null 2>&1 || die "chromedriver is not installed (apt-get install chromium-driver)"
work="$out/run-$EVENTS"
events_file="$out/events-$EVENTS.log"
[ -d "$work/triad-data/index" ] || die "no Triad data in $work/triad-data: run EVENTS=$EVENTS bench/ingest.sh first"
t_start=$(date +%s)
build
[ -f "$work/triad.yaml" ] || write_triad_config "$work/triad.yaml"
start_triad "$work/triad.yaml" "$work/triad-data" "$work/triad-ui.log"
bench_java -Dchromium="$(command -v chromium)" -Dchromedriver="$(command -v chromedriver)" \
  io.triad.bench.UiBench "$work/triad-data" "$events_file" "$RUNS"
stop_triad
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; wall time $(( $(date +%s) - t_start )) s)"
