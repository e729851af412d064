# Shared by bench/ingest.sh and bench/query.sh (sourced, not run). Needs: root (the repository), out (bench/out).

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $(date -u +%H:%M:%S) $*" >&2; }

jdk=$("$root/bin/find-jdk.sh" 21)
[ -n "$jdk" ] || die "no JDK >= 21 found (JAVA_HOME, PATH, /usr/lib/jvm)"
java="$jdk/bin/java"

dist="$out/triad-dist/lib"

# The web API needs credentials: the first admin of a new data directory gets this password, and the bench clients
# (TriadClient) use the API token start_triad makes (Bearer), else this password (Basic).
export TRIAD_ADMIN_PASSWORD="${TRIAD_ADMIN_PASSWORD:-bench-admin-password}"

# Builds the bench module and the appliance distribution it needs (BENCH_SKIP_BUILD=1 skips it when both are
# there). Maven runs under the build lock (/tmp/triad-mvn.lock). The distribution's jars are then copied to
# bench/out/triad-dist/lib and Triad runs from that copy, exactly as ./triad runs it (same main class and JVM flags),
# so a rebuild of the tree during a run (or ./triad's own unlocked rebuild when sources changed) cannot touch it.
build() {
  if [ "${BENCH_SKIP_BUILD:-0}" = 1 ] && [ -d "$root/bench/target/lib" ] && [ -d "$dist" ]; then
    return
  fi
  say "building triad-bench and the distribution (mvnw -Pquick,bench -pl bench -am install) ..."
  (cd "$root" && JAVA_HOME="$jdk" flock /tmp/triad-mvn.lock ./mvnw -B -q -Pquick,bench -DskipTests -pl bench -am install) >&2 \
    || die "build failed"
  rm -rf "$dist"
  mkdir -p "$dist"
  cp "$root"/appliance/target/dist/lib/*.jar "$dist/"
}

# The JVM flags ./triad uses.
triad_jvm_opts() {
  echo "--enable-native-access=ALL-UNNAMED"
  feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  if [ "${feature%%.*}" -ge 23 ] 2>/dev/null; then
    echo "--sun-misc-unsafe-memory-access=allow"
  fi
}

bench_java() {
  # shellcheck disable=SC2086
  "$java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:--Xmx4g} \
    -cp "$(ls "$root"/bench/target/triad-bench-*.jar | head -n 1):$root/bench/target/lib/*" "$@"
}

# The Triad configuration of the benchmarks: every port ephemeral on 127.0.0.1, journal and index on their defaults
# (fsync on, index on).
write_triad_config() {
  cat >"$1" <<YAML
site:
  id: bench
web:
  bind: 127.0.0.1
  port: 0
  httpsPort: 0
inputs:
  bind: 127.0.0.1
  syslog:
    port: 0
    tlsPort: 0
  gelf:
    port: 0
    httpPort: 0
  otlp:
    port: 0
YAML
}

triad_pid=
# start_triad CONFIG DATA LOG: runs 'triad start' (the copied distribution) in the background and waits (120 s at most) for DATA/run.json.
start_triad() {
  rm -f "$2/run.json"
  mkdir -p "$2"
  # shellcheck disable=SC2046,SC2086
  "$java" $(triad_jvm_opts) ${TRIAD_JAVA_OPTS:-} -cp "$dist/*" io.triad.appliance.Main start --config "$1" --data "$2" \
    >"$3" 2>&1 &
  triad_pid=$!
  for _ in $(seq 1 1200); do
    [ -f "$2/run.json" ] && { say "triad started (pid $triad_pid), log $3"; make_api_token "$1" "$2" "$3"; return; }
    kill -0 "$triad_pid" 2>/dev/null || { tail -n 30 "$3" >&2; die "triad exited before writing $2/run.json (log: $3)"; }
    sleep 0.1
  done
  die "triad wrote no $2/run.json within 120 s (log: $3)"
}

# make_api_token CONFIG DATA LOG: a new API token of 'admin' from 'triad user token' (which reaches the running Triad's
# user database), exported as TRIAD_API_TOKEN for the bench clients, unless one is set already.
make_api_token() {
  [ -z "${TRIAD_API_TOKEN:-}" ] || return 0
  # shellcheck disable=SC2046
  TRIAD_API_TOKEN=$("$java" $(triad_jvm_opts) -cp "$dist/*" io.triad.appliance.Main user token admin --config "$1" \
    --data "$2" 2>>"$3") || die "could not make an API token with 'triad user token admin' (log: $3)"
  export TRIAD_API_TOKEN
}

# Stops the Triad this script started (SIGTERM: graceful close, which commits the index and fsyncs the journal).
stop_triad() {
  [ -n "$triad_pid" ] || return 0
  kill -TERM "$triad_pid" 2>/dev/null || true
  for _ in $(seq 1 600); do
    kill -0 "$triad_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$triad_pid" 2>/dev/null; then
    say "triad (pid $triad_pid) did not stop within 60 s; killing it"
    kill -KILL "$triad_pid" 2>/dev/null || true
  fi
  wait "$triad_pid" 2>/dev/null || true
  triad_pid=
}
