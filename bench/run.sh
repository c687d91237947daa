#!/usr/bin/env bash
# Benchmarks the connector against a local d6 stub and a direct-HTTP baseline in the same run.
#
#   bench/run.sh            full run (about 13 minutes on 2 cores; sizes in BENCHMARKS.md)
#   bench/run.sh --quick    smaller sizes, under 2 minutes
#   bench/run.sh --profile  also records JFR and thread-dump samples of each connector scenario
#                           (slower and perturbs the figures; use it to find bottlenecks, not for figures)
#   bench/run.sh --summary bench/results/<time>   prints the table of an earlier run again
#
# Environment: BENCH_JVM_OPTS (connector JVM options, default those of jvm.options), BENCH_JAVA_OPTS (more
# connector JVM options), MALLOC_ARENA_MAX (default 2, as bin/d6-connector sets it),
# BENCH_OUT (results folder, default bench/results/<time>), BENCH_KEEP_WORK=1 keeps the work folder,
# BENCH_ONLY (comma-separated scenario names to run, such as jms-instant,files-50ms; baselines always run),
# BENCH_JAR, BENCH_ROUTES and BENCH_PROPERTIES (another connector jar, routes folder and
# application.properties, to measure a candidate change against the current one),
# BENCH_STARTUP_REPEATS (restarts measured at the end of a full run, default 3; 0 skips them),
# BENCH_FILES (single-request files per file-drop scenario, default 10,000 or 1,000 with --quick),
# BENCH_WORKERS (the connector's JMS consumers, bulk row workers and files in progress, default 32),
# BENCH_WARMUP (unmeasured REST calls and JMS messages before those scenarios in a full run, default 20,000).
# Needs a JDK 17 (java, javac, jstat, jcmd, jfr), curl and jq. Traffic goes only to 127.0.0.1.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAR=${BENCH_JAR:-$ROOT/target/d6-client-state-connector.jar}
ROUTES=${BENCH_ROUTES:-$ROOT/routes}
PROPERTIES=${BENCH_PROPERTIES:-$ROOT/application.properties}

# summarize RESULTS.jsonl: prints the Markdown table of a run.
summarize() {
    jq -r -s '
      def base(r): (if (r.scenario | test("paced")) then "baseline-paced-100"
                    elif r.d6_latency_ms == 0 then "baseline-instant" else "baseline-50ms" end) as $name
                   | map(select(.scenario == $name)) | first // {};
      def fmt: if . == null then "-" else tostring end;
      def r2: . * 100 | round / 100;
      . as $all
      | "| scenario | d6 ms | requests | rate/s | baseline rate/s | ratio | added p50 ms | added p99 ms | REST p99 minus baseline p99 ms | CPU ms/req | of it JIT ms/req | stub CPU ms/req | RSS peak MB | heap peak MB | other CPU |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ($all[] | select(.rate_per_s != null) | . as $r | ($all | base($r)) as $b
          | "| \(.scenario) | \(.d6_latency_ms) | \(.requests) | \(.rate_per_s) | \(if (.scenario | test("paced|baseline")) then "-" else ($b.rate_per_s | fmt) end) | \(if (.scenario | test("paced|baseline")) then "-" else ((.rate_per_s / $b.rate_per_s) | r2 | fmt) end) | \(.added_p50_ms | fmt) | \(.added_p99_ms | fmt) | \(if .mode == "rest" then ((.latency_p99_ms - $b.latency_p99_ms) | r2 | fmt) else "-" end) | \(.connector_cpu_ms_per_request | fmt) | \(.jit_cpu_ms_per_request | fmt) | \(.stub_cpu_ms_per_request | fmt) | \(.connector_rss_peak_mb | fmt) | \(.connector_heap_peak_mb | fmt) | \(.other_cpu_share | fmt) |"),
        "",
        ($all[] | select(.scenario == "idle") | "idle: the connector used \(.connector_cpu_ms_per_s) ms of CPU per second with no requests (other CPU \(.other_cpu_share))"),
        ($all[] | select(.startup_to_ready_ms != null) | "\(.scenario): \(.startup_to_ready_ms) ms to ready (port open after \(.port_open_ms) ms, ledger of \(.ledger_records // 0) records, load \(.load_1m))"),
        ($all[] | select(.startup_failed == true) | "\(.scenario): FAILED to start with a ledger of \(.ledger_records) records: \(.error)")
    ' "$1"
}

QUICK=0
PROFILE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --profile) PROFILE=1 ;;
        --summary) summarize "$2/results.jsonl"; exit 0 ;;
        *) echo "Unknown option $1; use --quick, --profile or --summary RESULTS_FOLDER" >&2; exit 2 ;;
    esac
    shift
done

# The connector runs with the JVM options of jvm.options, as bin/d6-connector starts it, unless
# BENCH_JVM_OPTS replaces them.
JVM_OPTS=${BENCH_JVM_OPTS:-$(sed -e 's/#.*//' "$ROOT/jvm.options" | tr '\n' ' ')}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
CONCURRENCY=16
# The connector's JMS consumers, bulk row workers and files in progress are twice the d6 calls, so the work
# before and after one request's d6 call overlaps the d6 call of another. d6.rate-limit.max-concurrent still
# limits d6 to 16 calls at once, as many as the baseline makes.
WORKERS=${BENCH_WORKERS:-$((2 * CONCURRENCY))}
D6_LATENCY_MS=50
# Each input is measured after a warm-up of the same input, so the JIT compiler has settled, as in a
# connector that has been running for a while. BENCHMARKS.md shows how much slower a cold connector is.
if [ "$QUICK" = 1 ]; then
    WARMUP=2000; HTTP_N=3000; JMS_N=3000; CSV_N=5000; FILES_N=${BENCH_FILES:-1000}
    SLOW_HTTP_N=1000; SLOW_JMS_N=1000; SLOW_CSV_N=1500; SLOW_FILES_N=${BENCH_FILES:-1000}
    PACED_N=400; STARTUP_REPEATS=0
else
    WARMUP=${BENCH_WARMUP:-20000}; HTTP_N=20000; JMS_N=20000; CSV_N=10000; FILES_N=${BENCH_FILES:-10000}
    SLOW_HTTP_N=6000; SLOW_JMS_N=6000; SLOW_CSV_N=10000; SLOW_FILES_N=${BENCH_FILES:-10000}
    PACED_N=3000; STARTUP_REPEATS=${BENCH_STARTUP_REPEATS:-3}
fi
PACED_RATE=100

for tool in java javac jstat jcmd curl jq; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool on the PATH" >&2; exit 2; }
done

if [ ! -f "$JAR" ]; then
    echo "Building $JAR"
    mvn -q -o package -DskipTests || mvn -q package -DskipTests
fi

OUT=${BENCH_OUT:-$ROOT/bench/results/$(date +%Y%m%dT%H%M%S)}
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/d6-bench.XXXXXX)
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
STUB_PID=""
CONNECTOR_PID=""

cleanup() {
    [ -n "$CONNECTOR_PID" ] && kill "$CONNECTOR_PID" 2>/dev/null || true
    [ -n "$STUB_PID" ] && kill "$STUB_PID" 2>/dev/null || true
    [ -n "$CONNECTOR_PID" ] && wait "$CONNECTOR_PID" 2>/dev/null || true
    if [ "${BENCH_KEEP_WORK:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

log() { echo "[$(date +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)] $*" >&2; }

free_port() {
    local port
    while :; do
        # Below 32768, the start of Linux's default ephemeral range, so no outgoing connection takes it.
        port=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
}

STUB_PORT=$(free_port)
REST_PORT=$(free_port)
JMS_PORT=$(free_port)
API_KEY=bench-api-key-5d21
STUB_URL="http://127.0.0.1:$STUB_PORT"
REST_URL="http://127.0.0.1:$REST_PORT"
BROKER="tcp://127.0.0.1:$JMS_PORT"

log "Compiling the drivers into $WORK/classes"
javac -nowarn -cp "$JAR" -d "$WORK/classes" bench/BenchOptions.java bench/InstantD6Stub.java bench/HttpDriver.java bench/SocketHttpCaller.java \
    bench/QueueDriver.java \
    bench/JfrTop.java bench/ThreadDumpTop.java
DRIVER_CP="$WORK/classes:$JAR"

# ---- process figures ---------------------------------------------------------------------------------
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)

# Busy CPU ticks of the whole machine: user + nice + system + irq + softirq + steal (fields of the cpu line).
system_busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
NCPU=$(nproc)

begin_measure() {
    M_WALL=$(date +%s%N)
    M_SYS_TICKS=$(system_busy_ticks)
    M_CONN_TICKS=$(cpu_ticks "$CONNECTOR_PID")
    M_STUB_TICKS=$(cpu_ticks "$STUB_PID")
    # Writing 5 to clear_refs resets VmHWM, so the peak RSS is this scenario's own (Linux 4.0 and later).
    echo 5 > "/proc/$CONNECTOR_PID/clear_refs" 2>/dev/null && M_HWM_RESET=true || M_HWM_RESET=false
    jstat -gc "$CONNECTOR_PID" 250 > "$WORK/jstat.txt" 2>/dev/null &
    M_JSTAT_PID=$!
}

# end_measure REQUESTS DRIVER_JSON -> JSON object with the connector's and the stub's figures for the scenario.
# other_cpu_share is the CPU time used by processes outside this benchmark (other builds on the machine) as a
# share of all cores over the scenario: above about 0.1 the figures are disturbed. It is a difference of
# counters sampled at slightly different moments, so values a little below 0 mean no other load.
end_measure() {
    local requests=$1 driver_json=$2
    local conn_ticks stub_ticks sys_ticks wall_ms driver_ms hwm heap
    conn_ticks=$(( $(cpu_ticks "$CONNECTOR_PID") - M_CONN_TICKS ))
    stub_ticks=$(( $(cpu_ticks "$STUB_PID") - M_STUB_TICKS ))
    # The jstat sampler and, for REST, the outcome follower belong to the benchmark, not to the other load.
    local own_ticks=$(( $(cpu_ticks "$M_JSTAT_PID" 2>/dev/null || echo 0) ))
    if [ -n "${FOLLOWER_PID:-}" ]; then
        own_ticks=$(( own_ticks + $(cpu_ticks "$FOLLOWER_PID" 2>/dev/null || echo 0) - FOLLOWER_TICKS ))
    fi
    sys_ticks=$(( $(system_busy_ticks) - M_SYS_TICKS - own_ticks ))
    wall_ms=$(( ($(date +%s%N) - M_WALL) / 1000000 ))
    driver_ms=$(jq -r '.driver_cpu_ms // 0' <<< "$driver_json")
    kill "$M_JSTAT_PID" 2>/dev/null || true
    wait "$M_JSTAT_PID" 2>/dev/null || true
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$CONNECTOR_PID/status")
    # jstat -gc columns (JDK 17): S0C S1C S0U S1U EC EU OC OU ...; used heap = S0U + S1U + EU + OU.
    heap=$(awk '$1 ~ /^[0-9.]+$/ {u = $3 + $4 + $6 + $8; if (u > m) m = u} END {printf "%.0f", m / 1024}' \
        "$WORK/jstat.txt")
    # GCT (column 19) is the total GC time in seconds and FGC (column 15) the number of full collections.
    local gc
    gc=$(awk '$1 ~ /^[0-9.]+$/ {if (first == "") {first = $19; ffgc = $15}; last = $19; lfgc = $15}
        END {printf "{\"gc_ms\": %.0f, \"full_gcs\": %d}", (last - first) * 1000, lfgc - ffgc}' "$WORK/jstat.txt")
    jq -n --argjson ct "$conn_ticks" --argjson st "$stub_ticks" --argjson n "$requests" --argjson tck "$CLK_TCK" \
        --argjson hwm "$hwm" --argjson heap "${heap:-0}" --argjson reset "$M_HWM_RESET" \
        --argjson sys "$sys_ticks" --argjson wall "$wall_ms" --argjson drv "$driver_ms" --argjson ncpu "$NCPU" \
        --argjson gc "${gc:-null}" \
        '{other_cpu_share: (((($sys - $ct - $st) * 1000 / $tck - $drv) / ($wall * $ncpu)) * 100 | round / 100),
          connector_cpu_ms_per_request: ((($ct * 1000 / $tck) / $n) * 1000 | round / 1000),
          stub_cpu_ms_per_request: ((($st * 1000 / $tck) / $n) * 1000 | round / 1000),
          connector_rss_peak_mb: ($hwm / 1024 | round), rss_peak_is_per_scenario: $reset,
          connector_heap_peak_mb: $heap} + ($gc // {})'
}

stub_stat() { curl -s "$STUB_URL/stats" | jq -r ".$1"; }

# record NAME D6_LATENCY DRIVER_JSON [PROCESS_JSON]
record() {
    local name=$1 latency=$2 driver=$3 process=${4:-"{}"}
    jq -c -n --arg name "$name" --argjson lat "$latency" --argjson d "$driver" --argjson p "$process" \
        --argjson load "$(cut -d' ' -f1 /proc/loadavg)" \
        '{scenario: $name, d6_latency_ms: $lat, load_1m: $load} + $d + $p' | tee -a "$RESULTS" >&2
}

# ---- per-thread CPU and profiling ---------------------------------------------------------------------
# thread_ticks PID: one line per thread, "name<TAB>ticks", with digits in names replaced by #.
thread_ticks() {
    # One awk for all threads; cat skips a thread that ends while the files are read.
    cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{ match($0, /\(.*\)/); name = substr($0, RSTART + 1, RLENGTH - 2)
        rest = substr($0, RSTART + RLENGTH + 1); split(rest, f, " "); gsub(/[0-9]+/, "#", name)
        print name "\t" f[12] + f[13] }' || true
}

# thread_cpu_top BEFORE AFTER: CPU seconds per thread family between two thread_ticks snapshots.
thread_cpu_top() {
    awk -F'\t' -v tck="$CLK_TCK" 'NR == FNR {before[$1] += $2; next} {after[$1] += $2}
        END {for (n in after) printf "%8.2f s  %s\n", (after[n] - before[n]) / tck, n}' "$1" "$2" | sort -rn | head -25
}

# Every scenario records the CPU time of each thread family, read from /proc outside the measured time.
# With --profile it also records JFR and thread dumps.
# jit_cpu_ms: CPU milliseconds the JIT compiler threads used between the last two thread snapshots.
jit_cpu_ms() {
    awk -F'\t' -v tck="$CLK_TCK" 'NR == FNR {if ($1 ~ /CompilerThre/) before += $2; next}
        $1 ~ /CompilerThre/ {after += $2} END {printf "%d", (after - before) * 1000 / tck}' \
        "$WORK/threads-before.txt" "$WORK/threads-after.txt"
}

profile_start() {
    thread_ticks "$CONNECTOR_PID" > "$WORK/threads-before.txt"
    [ "$PROFILE" = 1 ] || return 0
    jcmd "$CONNECTOR_PID" JFR.start name=bench settings=profile filename="$OUT/$1.jfr" >/dev/null
    ( while :; do jcmd "$CONNECTOR_PID" Thread.print 2>/dev/null; sleep 0.2; done ) > "$OUT/$1.threads.txt" &
    P_SAMPLER=$!
}

profile_stop() {
    thread_ticks "$CONNECTOR_PID" > "$WORK/threads-after.txt"
    thread_cpu_top "$WORK/threads-before.txt" "$WORK/threads-after.txt" > "$OUT/$1.thread-cpu.txt"
    [ "$PROFILE" = 1 ] || return 0
    kill "$P_SAMPLER" 2>/dev/null || true
    wait "$P_SAMPLER" 2>/dev/null || true
    jcmd "$CONNECTOR_PID" JFR.stop name=bench >/dev/null
    java -cp "$WORK/classes" JfrTop "$OUT/$1.jfr" > "$OUT/$1.jfr-top.txt" 2>&1 || true
    java -cp "$WORK/classes" ThreadDumpTop "$OUT/$1.threads.txt" > "$OUT/$1.threads-top.txt" 2>&1 || true
    log "Profile of $1 in $OUT/$1.jfr-top.txt and $1.threads-top.txt"
}

# ---- processes --------------------------------------------------------------------------------------
start_stub() {
    java -Xmx128m -Dsun.net.httpserver.nodelay=true -cp "$WORK/classes" InstantD6Stub "$STUB_PORT" 0 \
        > "$WORK/stub.log" 2>&1 &
    STUB_PID=$!
    until curl -s -o /dev/null "$STUB_URL/stats"; do sleep 0.05; done
}

set_stub_latency() { curl -s -o /dev/null -X POST "$STUB_URL/latency?ms=$1"; }

CONNECTOR_APP="$WORK/app"
mkdir -p "$CONNECTOR_APP"
cp "$PROPERTIES" "$CONNECTOR_APP/application.properties"
cp -r "$ROUTES" "$CONNECTOR_APP/routes"

# Settings that would otherwise limit the rate: no per-second limit, at most 16 open d6 calls to match the 16
# callers of the baseline, and WORKERS consumers, rows and files in progress. Everything else keeps its
# default, including the request ledger, the circuit breaker, the JMS outcome queues, the file poll delay
# and read lock, and WARN-level outcome logging.
CONNECTOR_SETTINGS=(
    -Dd6.base-url="$STUB_URL"
    -Dconnector.rest.host=127.0.0.1 -Dconnector.rest.port="$REST_PORT"
    -Dconnector.jms.embedded-port="$JMS_PORT"
    -Dd6.rate-limit.requests-per-second=0 -Dd6.rate-limit.max-concurrent=$CONCURRENCY
    -Dconnector.jms.concurrent-consumers=$WORKERS -Dconnector.bulk.concurrency=$WORKERS
    -Dconnector.file.concurrent-files=$WORKERS
)

# start_connector LOGNAME: sets CONNECTOR_PID, PORT_OPEN_MS to the milliseconds from launch until the REST
# port answers any HTTP request, and STARTUP_MS until the REST API route answers (401 to a PATCH without
# X-API-Key; the HTTP server answers 404 while the routes are still starting).
start_connector() {
    local started ready code
    PORT_OPEN_MS=""
    START_FAILED=0
    started=$(date +%s%N)
    # Secrets go in environment variables: the connector refuses them as -D system properties.
    (cd "$CONNECTOR_APP" && D6_USERNAME=bench-integrator D6_PASSWORD=bench-password-0c7e \
        CONNECTOR_REST_API_KEY="$API_KEY" \
        exec java $JVM_OPTS ${BENCH_JAVA_OPTS:-} ${START_OPTS:-} "${CONNECTOR_SETTINGS[@]}" -jar "$JAR") \
        > "$WORK/$1.log" 2>&1 &
    CONNECTOR_PID=$!
    while :; do
        code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' -X PATCH -H 'Content-Type: application/json' \
            --data '{"api_type_id":8,"state":1}' "$REST_URL/api/v1/clients/1/integration-state" 2>/dev/null || true)
        if [ "$code" != 000 ] && [ -z "$PORT_OPEN_MS" ]; then
            PORT_OPEN_MS=$(( ($(date +%s%N) - started) / 1000000 ))
        fi
        if [ "$code" != 000 ] && [ "$code" != 404 ]; then break; fi
        if ! kill -0 "$CONNECTOR_PID" 2>/dev/null; then
            echo "The connector stopped during startup; see $OUT/$1.log" >&2
            cp "$WORK/$1.log" "$OUT/" 2>/dev/null || true
            grep -m3 -E 'OutOfMemoryError|ERROR|Exception' "$WORK/$1.log" >&2 || tail -20 "$WORK/$1.log" >&2
            if [ "${ALLOW_START_FAILURE:-0}" = 1 ]; then
                START_FAILED=1
                CONNECTOR_PID=""
                return 0
            fi
            exit 1
        fi
        # The connector keeps running when its REST port is taken, so give up after 120 s.
        if [ $(( ($(date +%s%N) - started) / 1000000000 )) -ge 120 ]; then
            echo "The connector's REST API did not respond within 120 s; see $WORK/$1.log" >&2
            grep -m3 -E 'ERROR|Failed' "$WORK/$1.log" >&2 || true
            exit 1
        fi
        sleep 0.01
    done
    ready=$(date +%s%N)
    STARTUP_MS=$(( (ready - started) / 1000000 ))
}

stop_connector() {
    kill "$CONNECTOR_PID"
    wait "$CONNECTOR_PID" 2>/dev/null || true
    CONNECTOR_PID=""
}

# ---- scenarios --------------------------------------------------------------------------------------
wanted() { [ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *",$1,"* ]]; }

# The paced scenarios measure latency, so their callers use the lean socket client, which adds less delay of
# its own than java.net.http.HttpClient. The closed-loop scenarios compare rates on HttpClient.
paced_client() { [ "$1" = 0 ] && echo jdk || echo socket; }

baseline() {
    local name=$1 latency=$2 n=$3 warmup=$4 rate=${5:-0} result
    log "$name: $n requests, $( [ "$rate" = 0 ] && echo "$CONCURRENCY callers" || echo "paced at $rate/s"), straight to the stub"
    if [ "$warmup" -gt 0 ]; then
        java -cp "$WORK/classes" HttpDriver --mode baseline --url "$STUB_URL" --concurrency $CONCURRENCY \
            --requests "$warmup" --d6-latency-ms "$latency" --first-school 700000 > /dev/null
    fi
    begin_measure
    result=$(java -cp "$WORK/classes" HttpDriver --mode baseline --url "$STUB_URL" --concurrency $CONCURRENCY \
        --requests "$n" --warmup 200 --rate "$rate" --d6-latency-ms "$latency" --client "$(paced_client "$rate")")
    local process; process=$(end_measure $((n + 200)) "$result")
    # The connector is idle during the baseline, so only the stub's figures and the other load are kept.
    record "$name" "$latency" "$result" "$(jq '{other_cpu_share, stub_cpu_ms_per_request}' <<< "$process")"
}

rest() {
    local name=$1 latency=$2 n=$3 rate=${4:-0} warmup=${5:-$WARMUP} result before
    wanted "$name" || return 0
    log "$name: $n REST calls, $( [ "$rate" = 0 ] && echo "$CONCURRENCY callers" || echo "paced at $rate/s")"
    if [ "$warmup" -gt 0 ]; then
        log "warm-up: $warmup REST calls"
        java -cp "$WORK/classes" HttpDriver --mode rest --url "$REST_URL" --api-key "$API_KEY" \
            --concurrency $CONCURRENCY --requests "$warmup" --first-school 900000 > /dev/null
        java -cp "$DRIVER_CP" QueueDriver --mode drain --broker "$BROKER" > /dev/null
    fi
    # A downstream consumer takes the outcomes off the queue while the calls run, as in production.
    rm -f "$WORK/stop-follow"
    java -cp "$DRIVER_CP" QueueDriver --mode follow --broker "$BROKER" --stop-file "$WORK/stop-follow" \
        > "$WORK/follow.json" &
    FOLLOWER_PID=$!
    sleep 1
    FOLLOWER_TICKS=$(cpu_ticks "$FOLLOWER_PID")
    before=$(stub_stat patches)
    profile_start "$name"
    begin_measure
    # The driver first sends 200 unmeasured calls of its own, so its JIT and connections are warm; the
    # connector's CPU per request counts them.
    result=$(java -cp "$WORK/classes" HttpDriver --mode rest --url "$REST_URL" --api-key "$API_KEY" \
        --concurrency $CONCURRENCY --requests "$n" --warmup 200 --rate "$rate" --d6-latency-ms "$latency" \
        --client "$(paced_client "$rate")" --latency-file "$OUT/$name.latencies.txt")
    local process; process=$(end_measure $((n + 200)) "$result")
    profile_stop "$name"
    touch "$WORK/stop-follow"
    wait "$FOLLOWER_PID" || true
    FOLLOWER_PID=""
    record "$name" "$latency" "$result" "$(jq -n --argjson p "$process" --argjson jit "$(jit_cpu_ms)" \
        --argjson n $((n + 200)) --argjson calls $(( $(stub_stat patches) - before )) \
        '$p + {d6_calls: $calls, jit_cpu_ms_per_request: ($jit / $n * 1000 | round / 1000)}')"
}

queue_driver() {
    local name=$1 latency=$2 n=$3 mode=$4; shift 4
    local result before
    wanted "$name" || return 0
    log "$name: $n requests through $mode"
    before=$(stub_stat patches)
    profile_start "$name"
    begin_measure
    result=$(java -cp "$DRIVER_CP" QueueDriver --mode "$mode" --broker "$BROKER" --requests "$n" \
        --tag "$name-$RANDOM" --inbox "$CONNECTOR_APP/data/inbox" --d6-latency-ms "$latency" "$@")
    local process; process=$(end_measure "$n" "$result")
    profile_stop "$name"
    record "$name" "$latency" "$result" "$(jq -n --argjson p "$process" --argjson jit "$(jit_cpu_ms)" \
        --argjson n "$n" --argjson calls $(( $(stub_stat patches) - before )) \
        '$p + {d6_calls: $calls, jit_cpu_ms_per_request: ($jit / $n * 1000 | round / 1000)}')"
}

# idle SECONDS: the connector's own CPU use with no requests (pollers, JMS consumers, broker housekeeping).
idle() {
    wanted idle || return 0
    log "idle: $1 s without requests"
    begin_measure
    sleep "$1"
    local process; process=$(end_measure 1 '{}')
    record idle 0 "{\"idle_s\": $1}" "$(jq --argjson s "$1" \
        '{other_cpu_share, connector_cpu_ms_per_s: (.connector_cpu_ms_per_request / $s * 10 | round / 10)}' <<< "$process")"
}

# warm_up MODE N: feeds N unmeasured requests through jms, csv or files and waits for their outcomes.
warm_up() {
    [ -z "${BENCH_ONLY:-}" ] || [[ "$BENCH_ONLY" == *"$1"* ]] || return 0
    log "warm-up: $2 requests through $1"
    java -cp "$DRIVER_CP" QueueDriver --mode "$1" --broker "$BROKER" --requests "$2" --tag "warmup-$1-$RANDOM" \
        --inbox "$CONNECTOR_APP/data/inbox" --first-school 800000 --timeout 300 | jq -e '.complete' > /dev/null \
        || { echo "The $1 warm-up did not get all outcomes within 300 s" >&2; exit 1; }
}

# ---- run ---------------------------------------------------------------------------------------------
{
    echo "date: $(date -Is)"
    echo "host: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//'), $(free -m | awk '/Mem:/ {print $2}') MB RAM, kernel $(uname -r)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "connector: $JAR, routes $ROUTES, $JVM_OPTS ${BENCH_JAVA_OPTS:-} ${CONNECTOR_SETTINGS[*]}"
    echo "mode: $( [ "$QUICK" = 1 ] && echo quick || echo full )$( [ "$PROFILE" = 1 ] && echo ', profiled' )"
    echo "load at start: $(cat /proc/loadavg)"
} | tee "$OUT/machine.txt" >&2

start_stub
start_connector connector
record startup-empty-data 0 "{\"startup_to_ready_ms\": $STARTUP_MS, \"port_open_ms\": $PORT_OPEN_MS}"

# Instant d6: the connector's own cost dominates.
baseline baseline-instant 0 "$HTTP_N" "$WARMUP"
rest rest-instant 0 "$HTTP_N"
warm_up jms "$WARMUP"
queue_driver jms-instant 0 "$JMS_N" jms
warm_up csv "$CSV_N"
queue_driver csv-instant 0 "$CSV_N" csv
warm_up files "$((FILES_N / 5))"
queue_driver files-instant 0 "$FILES_N" files
baseline baseline-paced-100 0 "$PACED_N" 0 "$PACED_RATE"
rest rest-paced-100 0 "$PACED_N" "$PACED_RATE" 0
queue_driver jms-paced-100 0 "$PACED_N" jms --rate "$PACED_RATE"
idle 10

# d6 answering after 50 ms: 16 calls at once cap the baseline near 16 / 0.05 s = 320 requests per second.
set_stub_latency "$D6_LATENCY_MS"
baseline baseline-50ms "$D6_LATENCY_MS" "$SLOW_HTTP_N" 320
rest rest-50ms "$D6_LATENCY_MS" "$SLOW_HTTP_N" 0 0
queue_driver jms-50ms "$D6_LATENCY_MS" "$SLOW_JMS_N" jms
queue_driver csv-50ms "$D6_LATENCY_MS" "$SLOW_CSV_N" csv
queue_driver files-50ms "$D6_LATENCY_MS" "$SLOW_FILES_N" files
set_stub_latency 0

log "Size of the request ledger and the broker's store after the run:"
du -sh "$CONNECTOR_APP/data/ledger" "$CONNECTOR_APP/data/broker" 2>/dev/null | tee "$OUT/data-size.txt" >&2 || true
# With BENCH_JAVA_OPTS=-XX:NativeMemoryTracking=summary this shows what the resident memory is made of.
if [[ "${BENCH_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then
    jcmd "$CONNECTOR_PID" VM.native_memory summary > "$OUT/native-memory.txt" 2>&1 || true
    grep VmRSS "/proc/$CONNECTOR_PID/status" >> "$OUT/native-memory.txt"
fi
stop_connector

ledger_records() {
    local count
    count=$(grep -c '"type":"outcome"' "$CONNECTOR_APP/data/ledger/requests.jsonl" 2>/dev/null || true)
    echo "${count:-0}"
}

# startup NAME: starts the connector on the current data folder, records the startup time and stops it.
# A start that fails (the process ends) is recorded with the first error line of its log.
startup() {
    local records; records=$(ledger_records)
    ALLOW_START_FAILURE=1 start_connector "$1"
    if [ "$START_FAILED" = 1 ]; then
        record "$1" 0 "$(jq -n --arg error "$(grep -m1 -oE '(java\.lang\.)?[A-Za-z]+(Error|Exception)[^\"]*' \
            "$WORK/$1.log" | head -c 200)" --argjson records "$records" \
            '{startup_failed: true, error: $error, ledger_records: $records}')"
        return 0
    fi
    record "$1" 0 "{\"startup_to_ready_ms\": $STARTUP_MS, \"port_open_ms\": $PORT_OPEN_MS, \"ledger_records\": $records}"
    stop_connector
}

# write_ledger N: replaces the request ledger with N recent outcome records and their delivered marks, as
# one day of traffic at N / 86400 requests per second leaves it.
write_ledger() {
    awk -v n="$1" -v now="$(date +%s%3N)" 'BEGIN {
        for (i = 0; i < n; i++) {
            id = "ledger-fill-" i
            printf "{\"type\":\"outcome\",\"request_id\":\"%s\",\"fingerprint\":\"%d/8/1\",\"recorded_at\":%s,", id, 300000 + i, now
            printf "\"outcome\":{\"request_id\":\"%s\",\"source\":\"jms:ID:bench-%d\",\"school_login_id\":%d,", id, i, 300000 + i
            printf "\"api_type_id\":8,\"state\":1,\"outcome\":\"CHANGED\",\"http_status\":200,\"d6_error\":null,"
            printf "\"d6_error_description\":null,\"reason\":\"d6 changed the integration state\",\"attempts\":1,"
            printf "\"started_at\":\"2026-01-01T00:00:00.000000Z\",\"finished_at\":\"2026-01-01T00:00:00.050000Z\"}}\n"
            printf "{\"type\":\"delivered\",\"request_id\":\"%s\"}\n", id
        }
    }' > "$CONNECTOR_APP/data/ledger/requests.jsonl"
}

for i in $(seq 1 "$STARTUP_REPEATS"); do
    startup "startup-after-run-$i"
done
if [ "$STARTUP_REPEATS" -gt 0 ]; then
    write_ledger 100000
    startup startup-ledger-100k

    # Empty data folder, without and then with an application class-data sharing archive (a JVM option).
    for i in $(seq 1 "$STARTUP_REPEATS"); do
        rm -rf "$CONNECTOR_APP/data"
        startup "startup-empty-data-$i"
    done
    rm -rf "$CONNECTOR_APP/data"
    START_OPTS="-XX:ArchiveClassesAtExit=$WORK/connector.jsa" start_connector appcds-dump
    stop_connector
    for i in $(seq 1 "$STARTUP_REPEATS"); do
        rm -rf "$CONNECTOR_APP/data"
        START_OPTS="-XX:SharedArchiveFile=$WORK/connector.jsa" startup "startup-empty-data-appcds-$i"
    done
fi
cp "$WORK"/*.log "$OUT/" 2>/dev/null || true

echo "load at end: $(cat /proc/loadavg)" | tee -a "$OUT/machine.txt" >&2

# ---- summary -----------------------------------------------------------------------------------------
summarize "$RESULTS" | tee "$OUT/summary.md"

log "Results in $OUT"
