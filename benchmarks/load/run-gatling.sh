#!/usr/bin/env bash
# Mixed load on a running service with Gatling (benchmarks/gatling): clients asking questions (some answered from
# the cache, some with "use_cache": false) while another keeps ingesting documents into the same namespace.
# Replaces the seed's locust file.
#
# Usage: benchmarks/load/run-gatling.sh [BASE_URL]
#   Without BASE_URL it starts the embedded service (bootstrap/target/rag-service.jar, built if missing) on a free
#   loopback port over a temporary data folder, and stops it afterwards.
#   Environment: DURATION (seconds, default 60), QUERY_USERS (8), UNCACHED_QUERY_USERS (2), INGEST_USERS (1),
#   TEXTS_PER_INGEST (10).
# Prints Gatling's summary and a Markdown table for docs/benchmarks.md; the HTML report is under
# benchmarks/gatling/target/gatling/. Fails when more than 1% of the requests fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env.sh
base_url="${1:-}"
work="$(mktemp -d)"
service_pid=""
cleanup() {
    if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$base_url" ]; then
    [ -f bootstrap/target/rag-service.jar ] || mvn -B -q -pl bootstrap -am package -DskipTests
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    HOST=127.0.0.1 PORT="$port" DATA_DIR="$work/data" LOG_LEVEL=WARN OPT_OUT_TRACKING=true \
        RATE_LIMIT_RPM=1000000000 RATE_LIMIT_BURST=1000000000 \
        "$JAVA_HOME/bin/java" -Dai.djl.offline=true --add-modules jdk.incubator.vector -jar bootstrap/target/rag-service.jar >"$work/service.log" 2>&1 &
    service_pid=$!
    base_url="http://127.0.0.1:$port"
    for _ in $(seq 1 600); do
        curl -sf "$base_url/health/ready" >/dev/null 2>&1 && break
        kill -0 "$service_pid" 2>/dev/null || { echo "the service exited; log:" >&2; cat "$work/service.log" >&2; exit 1; }
        sleep 0.1
    done
    curl -sf "$base_url/health/ready" >/dev/null || { echo "the service was not ready in 60 s" >&2; exit 1; }
    echo "started the embedded service at $base_url"
fi

duration="${DURATION:-60}"
query_users="${QUERY_USERS:-8}"
uncached_users="${UNCACHED_QUERY_USERS:-2}"
ingest_users="${INGEST_USERS:-1}"
texts_per_ingest="${TEXTS_PER_INGEST:-10}"
status=0
mvn -B -f benchmarks/gatling/pom.xml gatling:test -DbaseUrl="$base_url" -Dduration="$duration" \
    -DqueryUsers="$query_users" -DuncachedQueryUsers="$uncached_users" -DingestUsers="$ingest_users" \
    -DtextsPerIngest="$texts_per_ingest" | tee "$work/gatling.log" | grep -v '^\[INFO\] Download' || status=$?

report="$(ls -td benchmarks/gatling/target/gatling/*/ 2>/dev/null | head -1)"
if [ -n "$report" ] && [ -f "$report/index.html" ]; then
    echo
    echo "Command: \`benchmarks/load/run-gatling.sh\` (DURATION=$duration, QUERY_USERS=$query_users,"\
        "UNCACHED_QUERY_USERS=$uncached_users, INGEST_USERS=$ingest_users, TEXTS_PER_INGEST=$texts_per_ingest)"
    echo
    echo "Date: $(date -u +%F). Machine: $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1);"\
        "load average $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    python3 benchmarks/load/gatling-table.py "$report/index.html"
fi
exit "$status"
