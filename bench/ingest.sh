#!/usr/bin/env bash
# Ingest benchmark: Triad end to end (syslog TCP -> journal -> index -> searchable) against two baselines measured in
# the same run: a plain Lucene IndexWriter in one JVM, and a private rsyslogd writing the lines to a file.
#   EVENTS=10000000 CONNECTIONS=4 bench/ingest.sh        (defaults shown; run from anywhere)
#   ALARM_IDS=1 bench/ingest.sh   lines end with alarm ids (EVENTS/10 distinct), for bench/correlation.sh
# Work files live in bench/out/ (gitignored): the event file is generated once and reused; the Triad data directory
# of the run (bench/out/run-$EVENTS/triad-data) is kept for bench/query.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/out"
EVENTS=${EVENTS:-10000000}
CONNECTIONS=${CONNECTIONS:-4}
ALARM_IDS=${ALARM_IDS:-0}
suffix=
[ "$ALARM_IDS" = 1 ] && suffix=-alarms
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

rsyslog_pid=
cleanup() {
  stop_triad
  if [ -n "$rsyslog_pid" ]; then
    kill -TERM "$rsyslog_pid" 2>/dev/null || true
    wait "$rsyslog_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_start=$(date +%s)
build
mkdir -p "$out"
events_file="$out/events-$EVENTS$suffix.log"
work="$out/run-$EVENTS$suffix"
rm -rf "$work"
mkdir -p "$work/results"
results="$work/results"

# a. the event file (reused when present and fresh)
say "a. event file $events_file"
bench_java io.triad.bench.EventFileGenerator "$events_file" "$EVENTS" 5424 "$([ "$ALARM_IDS" = 1 ] && echo true || echo false)"
raw_bytes=$(stat -c %s "$events_file")
printf 'events=%s\nrawBytes=%s\nconnections=%s\nwhen=%s\n' "$EVENTS" "$raw_bytes" "$CONNECTIONS" \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ), load average at start $(cut -d' ' -f1-3 /proc/loadavg)" >"$results/meta.properties"
# read it once so every contender starts from the page cache
cat "$events_file" >/dev/null

# b. Triad
say "b. triad: $EVENTS events over $CONNECTIONS TCP connections"
write_triad_config "$work/triad.yaml"
start_triad "$work/triad.yaml" "$work/triad-data" "$work/triad.log"
if ! bench_java io.triad.bench.TriadIngestRun "$work/triad-data" "$events_file" "$CONNECTIONS" \
    "$results/triad.properties"; then
  say "triad run failed; the last lines of its log ($work/triad.log):"
  tail -n 40 "$work/triad.log" >&2
fi
stop_triad
index_bytes=$(du -sb "$work/triad-data/index" | cut -f1)
journal_bytes=$(du -sb "$work/triad-data/journal" | cut -f1)
printf 'disk.triadIndexBytes=%s\ndisk.triadJournalBytes=%s\n' "$index_bytes" "$journal_bytes" >"$results/disk.properties"

# c. raw Lucene
say "c. raw Lucene IndexWriter"
bench_java io.triad.bench.LuceneBaseline "$events_file" "$work/lucene-index" "$results/lucene.properties"

# d. rsyslog
if command -v rsyslogd >/dev/null 2>&1 || [ -x /usr/sbin/rsyslogd ]; then
  rsyslogd=$(command -v rsyslogd || echo /usr/sbin/rsyslogd)
  say "d. rsyslogd ($rsyslogd)"
  mkdir -p "$work/rsyslog"
  port=$(bench_java io.triad.bench.FreePort)
  cat >"$work/rsyslog/rsyslog.conf" <<CONF
global(workDirectory="$work/rsyslog")
module(load="imtcp")
template(name="rawline" type="string" string="%rawmsg%\n")
input(type="imtcp" port="$port" address="127.0.0.1")
*.* action(type="omfile" file="$work/rsyslog/out.log" template="rawline")
CONF
  "$rsyslogd" -n -f "$work/rsyslog/rsyslog.conf" -i "$work/rsyslog/rsyslogd.pid" >"$work/rsyslog/rsyslogd.log" 2>&1 &
  rsyslog_pid=$!
  for _ in $(seq 1 100); do
    ss -ltn "sport = :$port" | grep -q LISTEN && break
    kill -0 "$rsyslog_pid" 2>/dev/null || { cat "$work/rsyslog/rsyslogd.log" >&2; die "rsyslogd exited"; }
    sleep 0.1
  done
  bench_java io.triad.bench.RsyslogRun "$port" "$events_file" "$CONNECTIONS" "$work/rsyslog/out.log" \
    "$results/rsyslog.properties" || say "rsyslog run failed (log: $work/rsyslog/rsyslogd.log)"
  kill -TERM "$rsyslog_pid" 2>/dev/null || true
  wait "$rsyslog_pid" 2>/dev/null || true
  rsyslog_pid=
  rm -f "$work/rsyslog/out.log"
else
  say "d. rsyslogd not installed (apt-get install rsyslog): no rsyslog baseline"
fi

# e. the table
bench_java io.triad.bench.IngestReport "$results"
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
echo "(wall time of the whole script: $(( $(date +%s) - t_start )) s; work dir $work)"
