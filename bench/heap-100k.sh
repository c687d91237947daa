#!/usr/bin/env bash
# Measures time and memory of the connector on a 100,000-row CSV file and a 100,000-item JSON file.
#
# Starts a local d6 stand-in (bench/InstantD6Stub.java, 200 to every PATCH at once) and the connector jar with
# -Xmx256m (HEAP changes it), no rate limit and 32 calls at once. Outcomes go to a log endpoint that is
# turned off and logging is at WARN, outcome lines included, so that file reading, the d6 calls and the
# report are what is measured.
# Drops each file into the inbox and samples the JVM's used heap (jstat -gc: S0U + S1U + EU + OU) and its
# resident set size (VmRSS) every second. Prints rows, seconds, rows/s, peak used heap and peak RSS per file.
# The live heap (jmap -histo:live, which forces a full GC) is measured before and after each file, outside the
# timed part, and once half of a file's rows have reached the stub, when the script also keeps that histogram.
#
# Usage: bench/heap-100k.sh            (from any folder; builds target/*.jar with Maven if missing)
# Environment: ROWS (default 100000), HEAP (the connector's -Xmx, default 256m), MAX_SECONDS per file
# (default 1800) and STALL_SECONDS (default 60). The script gives up on a file when fewer than 1 % of its
# rows reach the stub in STALL_SECONDS, as happens when the heap is full and the JVM spends its time in
# garbage collection. KEEP_WORK=1 keeps the temp folder.
# Needs: java 17+ with jstat and jmap on PATH, mvn (only to build), curl, awk, ss or python3.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAR=target/d6-client-state-connector.jar
ROWS=${ROWS:-100000}
HEAP=${HEAP:-256m}
MAX_SECONDS=${MAX_SECONDS:-1800}
STALL_SECONDS=${STALL_SECONDS:-60}
SLOW_ROWS_PER_SECOND=1000

if [[ ! -f $JAR ]]; then
    echo "Building $JAR ..."
    mvn -q package -DskipTests
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/heap-100k.XXXXXX")
INBOX=$WORK/inbox
OUTBOX=$WORK/outbox
STAGING=$WORK/staging
mkdir -p "$INBOX" "$OUTBOX" "$STAGING"
STUB_PID=
CONNECTOR_PID=

cleanup() {
    if [[ -n $CONNECTOR_PID ]] && kill -0 "$CONNECTOR_PID" 2>/dev/null; then
        kill "$CONNECTOR_PID" 2>/dev/null || true
        for _ in $(seq 1 40); do
            kill -0 "$CONNECTOR_PID" 2>/dev/null || break
            sleep 1
        done
        kill -9 "$CONNECTOR_PID" 2>/dev/null || true
    fi
    if [[ -n $STUB_PID ]]; then
        kill "$STUB_PID" 2>/dev/null || true
    fi
    if [[ ${KEEP_WORK:-0} == 1 ]]; then
        echo "Work folder kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

# Prints a TCP port that no socket on this host listens on.
free_port() {
    if command -v ss >/dev/null; then
        local used port
        used=$(ss -Htan | awk '{n = split($4, a, ":"); print a[n]}' | sort -u)
        while :; do
            port=$(( 20000 + RANDOM % 40000 ))
            grep -qx "$port" <<<"$used" || { echo "$port"; return; }
        done
    else
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    fi
}

stub_patches() {
    curl -s "http://127.0.0.1:$STUB_PORT/stats" | sed 's/[^0-9]//g'
}

# Prints the used heap in MB: survivor, eden and old generation usage from jstat -gc (reported in KB).
used_heap_mb() {
    jstat -gc "$CONNECTOR_PID" 2>/dev/null | awk '
        NR == 1 { for (i = 1; i <= NF; i++) column[$i] = i }
        NR == 2 { printf "%.0f\n", ($column["S0U"] + $column["S1U"] + $column["EU"] + $column["OU"]) / 1024 }'
}

# Prints the live heap in MB: the total of a class histogram, taken after a full GC.
live_heap_mb() {
    jmap -histo:live "$CONNECTOR_PID" 2>/dev/null | awk '$1 == "Total" { printf "%.1f\n", $3 / 1048576 }'
}

# Prints the CPU time, user plus system, the connector process has used so far, in seconds.
cpu_seconds() {
    awk -v ticks="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / ticks }' "/proc/$CONNECTOR_PID/stat"
}

rss_mb() {
    awk '/^VmRSS:/ { printf "%.0f\n", $2 / 1024 }' "/proc/$CONNECTOR_PID/status" 2>/dev/null
}

echo "Generating $ROWS CSV rows and $ROWS JSON items in $WORK ..."
awk -v n="$ROWS" 'BEGIN {
    print "school_login_id,api_type_id,state"
    for (i = 1; i <= n; i++) printf "%d,8,1\n", i
}' > "$STAGING/heap-100k.csv"
awk -v n="$ROWS" 'BEGIN {
    print "["
    for (i = 1; i <= n; i++) printf "{\"school_login_id\":%d,\"api_type_id\":8,\"state\":1}%s\n", 200000 + i, (i < n ? "," : "")
    print "]"
}' > "$STAGING/heap-100k.json"

java -Dsun.net.httpserver.nodelay=true bench/InstantD6Stub.java 0 > "$WORK/stub.log" 2>&1 &
STUB_PID=$!
for _ in $(seq 1 60); do
    grep -q '^listening on' "$WORK/stub.log" && break
    sleep 0.5
done
STUB_PORT=$(awk '/^listening on/ { print $3 }' "$WORK/stub.log")
[[ -n $STUB_PORT ]] || { echo "The d6 stub did not start:"; cat "$WORK/stub.log"; exit 1; }

REST_PORT=$(free_port)
BROKER_PORT=$(free_port)
echo "d6 stub on 127.0.0.1:$STUB_PORT; connector REST on 127.0.0.1:$REST_PORT, broker on 127.0.0.1:$BROKER_PORT"

# Made-up credentials: the stub accepts anything.
D6_USERNAME=bench-integrator D6_PASSWORD=bench-password-not-real CONNECTOR_REST_API_KEY=bench-api-key \
java -Xmx"$HEAP" -XX:+ExitOnOutOfMemoryError \
    -Dconnector.log.level=WARN \
    -Dconnector.log.outcomes=WARN \
    -Dd6.sandbox.enabled=false \
    -Dd6.base-url="http://127.0.0.1:$STUB_PORT" \
    -Dd6.rate-limit.requests-per-second=0 \
    -Dd6.rate-limit.max-concurrent=32 \
    -Dconnector.bulk.concurrency=32 \
    -Dconnector.outcome.success-uri='log:outcomes?level=OFF' \
    -Dconnector.outcome.error-uri='log:outcomes?level=OFF' \
    -Dconnector.rest.host=127.0.0.1 \
    -Dconnector.rest.port="$REST_PORT" \
    -Dconnector.jms.embedded-port="$BROKER_PORT" \
    -Dconnector.data-dir="$WORK/data" \
    -Dconnector.file.inbox="$INBOX" \
    -Dconnector.file.outbox="$OUTBOX" \
    -Dconnector.file.poll-delay=100 \
    -Dconnector.file.read-lock-check-interval=100 \
    -jar "$JAR" > "$WORK/connector.log" 2>&1 &
CONNECTOR_PID=$!

for _ in $(seq 1 240); do
    kill -0 "$CONNECTOR_PID" 2>/dev/null || { echo "The connector stopped while starting:"; tail -50 "$WORK/connector.log"; exit 1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$REST_PORT/" || true)
    [[ $code != 000 ]] && break
    sleep 0.5
done
echo "Connector started (pid $CONNECTOR_PID): $(java -version 2>&1 | head -1), $(nproc) CPU(s), -Xmx$HEAP"
echo "Load average before the first file: $(cut -d' ' -f1-3 /proc/loadavg)"

# Drops one file and prints its figures. Arguments: file name in $STAGING, report extension.
run_file() {
    local name=$1 extension=$2
    local stem=${name%.*}
    local before peak_heap=0 peak_rss=0 heap rss report="" histogram=$WORK/histogram-$name.txt
    local started now last_sample=0 elapsed cpu_before live_before live_after rows_at_histogram=0
    local sent sent_at_check=0 last_check
    live_before=$(live_heap_mb)
    before=$(stub_patches)
    cpu_before=$(cpu_seconds)
    started=$(date +%s.%N)
    last_check=$started
    mv "$STAGING/$name" "$INBOX/$name"

    while [[ -z $report ]]; do
        if ! kill -0 "$CONNECTOR_PID" 2>/dev/null; then
            echo "$name: the connector stopped before the report appeared; log tail:"
            tail -40 "$WORK/connector.log"
            exit 1
        fi
        now=$(date +%s.%N)
        if awk -v now="$now" -v last="$last_sample" 'BEGIN { exit !(now - last >= 1) }'; then
            last_sample=$now
            heap=$(used_heap_mb || true)
            rss=$(rss_mb || true)
            [[ -n $heap && $heap -gt $peak_heap ]] && peak_heap=$heap
            [[ -n $rss && $rss -gt $peak_rss ]] && peak_rss=$rss
            sent=$(( $(stub_patches) - before ))
            if [[ ! -s $histogram ]] && (( sent >= ROWS / 2 )); then
                rows_at_histogram=$sent
                jmap -histo:live "$CONNECTOR_PID" > "$histogram" 2>&1 || true
            fi
            if awk -v now="$now" -v last="$last_check" -v max="$STALL_SECONDS" 'BEGIN { exit !(now - last >= max) }'; then
                if (( sent - sent_at_check >= ROWS / 100 )); then
                    sent_at_check=$sent
                    last_check=$now
                else
                    echo "$name: stalled: $(( sent - sent_at_check )) rows reached the stub in the last" \
                        "$STALL_SECONDS s, $sent of $ROWS in all, after $(awk -v now="$now" -v start="$started" \
                        'BEGIN { printf "%.0f", now - start }') s"
                    echo "  peak used heap ${peak_heap} MB, peak RSS ${peak_rss} MB; GC utilisation (jstat -gcutil):"
                    jstat -gcutil "$CONNECTOR_PID" | sed 's/^/  /'
                    echo "  heap histogram (live objects) now:"
                    jmap -histo:live "$CONNECTOR_PID" > "$histogram" 2>&1 || true
                    head -30 "$histogram" | sed 's/^/  /'
                    tail -1 "$histogram" | sed 's/^/  /'
                    exit 1
                fi
            fi
        fi
        if awk -v now="$now" -v start="$started" -v max="$MAX_SECONDS" 'BEGIN { exit !(now - start > max) }'; then
            echo "$name: no report after $MAX_SECONDS s; $(( $(stub_patches) - before )) PATCHes reached the stub"
            jmap -histo:live "$CONNECTOR_PID" 2>&1 | head -30
            exit 1
        fi
        report=$(find "$OUTBOX" -maxdepth 1 -name "$stem-*.result.$extension" | head -1)
        [[ -z $report ]] && sleep 0.2
    done
    elapsed=$(awk -v now="$(date +%s.%N)" -v start="$started" 'BEGIN { printf "%.1f", now - start }')
    live_after=$(live_heap_mb)

    local reported changed patches
    if [[ $extension == csv ]]; then
        reported=$(( $(wc -l < "$report") - 1 ))
        changed=$(grep -c ',CHANGED,' "$report" || true)
    else
        reported=$(grep -c '"line"' "$report" || true)
        changed=$(grep -cE '"outcome" ?: ?"CHANGED"' "$report" || true)
    fi
    patches=$(( $(stub_patches) - before ))
    local rate cpu
    rate=$(awk -v rows="$reported" -v s="$elapsed" 'BEGIN { printf "%.0f", rows / s }')
    cpu=$(awk -v now="$(cpu_seconds)" -v before="$cpu_before" 'BEGIN { printf "%.1f", now - before }')
    printf '%-15s rows=%d seconds=%s rows/s=%s peak_used_heap_MB=%d peak_rss_MB=%d d6_patches=%d changed=%d\n' \
        "$name" "$reported" "$elapsed" "$rate" "$peak_heap" "$peak_rss" "$patches" "$changed"
    awk -v cpu="$cpu" -v rows="$reported" -v s="$elapsed" 'BEGIN {
        printf "  connector CPU time %.1f s (%.2f ms per row, %.2f cores on average)\n", cpu, cpu * 1000 / rows, cpu / s }'
    echo "  load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    local live_mid
    live_mid=$(awk '$1 == "Total" { printf "%.1f", $3 / 1048576 }' "$histogram")
    echo "  live heap MB: ${live_before} before, ${live_mid} with ${rows_at_histogram} rows sent, ${live_after} after the report"
    if (( reported != ROWS || patches != ROWS || changed != ROWS )); then
        echo "  WARNING: expected $ROWS report rows, PATCHes and CHANGED outcomes"
    fi
    if (( rate < SLOW_ROWS_PER_SECOND )); then
        echo "  WARNING: slower than $SLOW_ROWS_PER_SECOND rows/s"
    fi
    echo "  heap histogram (live objects) with ${rows_at_histogram} rows sent:"
    head -30 "$histogram" | sed 's/^/  /'
    tail -1 "$histogram" | sed 's/^/  /' 
}

run_file heap-100k.csv csv
run_file heap-100k.json json
if grep -q 'OutOfMemoryError' "$WORK/connector.log"; then
    echo "The connector ran out of heap:"
    grep -m5 'OutOfMemoryError' "$WORK/connector.log"
fi
