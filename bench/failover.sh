#!/usr/bin/env bash
# Failover: CYCLES kill -9 / restore cycles of a data site's process in 'triad demo' (three processes on loopback):
# kill -> the survivor's promote hook (p50/p99, bar p99 <= 3 s), the active-active takeover, the failback after the
# restore, and zero dual primaries (every site's placement stream and the hooks' record checked throughout).
#   CYCLES=20 CYCLES_PER_DEMO=2 STABILIZATION=3 bench/failover.sh        (defaults shown; run from anywhere)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/out"
CYCLES=${CYCLES:-20}
CYCLES_PER_DEMO=${CYCLES_PER_DEMO:-2}
STABILIZATION=${STABILIZATION:-3}
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

work="$out/failover-bench"

# On any exit, stop every demo of this run that still runs (FailoverBench stops its own; this is for Ctrl-C).
stop_demos() {
  for d in "$work"/demo-*; do
    [ -f "$d/demo.json" ] || continue
    # shellcheck disable=SC2046
    "$java" $(triad_jvm_opts) -cp "$dist/*" io.triad.appliance.Main demo stop --data "$d" >/dev/null 2>&1 || true
  done
}
trap stop_demos EXIT
trap 'exit 130' INT TERM

build
rm -rf "$work"
mkdir -p "$work"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2046
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx256m} bench_java -Dtriad.java="$java" \
  -Dtriad.jvmOpts="$(triad_jvm_opts | tr '\n' ' ') ${TRIAD_JAVA_OPTS:-}" \
  io.triad.bench.FailoverBench "$work" "$dist" "$CYCLES" "$CYCLES_PER_DEMO" "$STABILIZATION"
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
