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

# The same two requests from curl over one kept-alive connection (RUNS each after WARMUP): java.net.http adds a few
# milliseconds of its own per request on this kind of machine, curl shows what the server takes.
web=$(sed -n 's/.*"web":\([0-9]*\).*/\1/p' "$work/triad-data/run.json")
curl_times() {
  local path=$1 n=$2 args=()
  for _ in $(seq 1 "$n"); do args+=(-o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$web$path"); done
  curl -s -H "Authorization: Bearer $TRIAD_API_TOKEN" "${args[@]}"
}
printf '\n%-58s %16s %8s\n' "curl, one kept-alive connection (ms)" "p50 / p99" "bar"
for path in /api/v1/health /api/v1/license; do
  curl_times "$path" "$WARMUP" >/dev/null
  curl_times "$path" "$RUNS" | sort -n | awk -v p="GET $path" -v bar="$([ "$path" = /api/v1/license ] && echo 10 || echo 0)" '
    { a[NR] = $1 * 1000 }
    END {
      p50 = a[int((NR + 1) * 0.5)]; p99 = a[int(NR * 0.99 + 0.999)]
      verdict = bar > 0 ? (p99 <= bar ? "PASS" : "FAIL") : "-"
      printf "%-58s %7.2f / %6.2f %8s\n", p, p50, p99, verdict
    }'
done
stop_triad
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
