#!/usr/bin/env bash
# Journal append throughput (fsync on) beside a plain-file append with fsync per MiB, measured in the same run.
#   EVENTS=3000000 THREADS=4 BATCH=100 bench/journal.sh        (defaults shown; run from anywhere)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/out"
EVENTS=${EVENTS:-3000000}
THREADS=${THREADS:-4}
BATCH=${BATCH:-100}
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

build
work="$out/journal-bench"
rm -rf "$work"
mkdir -p "$work"
bench_java io.triad.bench.JournalAppendBench "$work" "$EVENTS" "$THREADS" "$BATCH"
rm -rf "$work"
