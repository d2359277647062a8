#!/usr/bin/env bash
# Cache-hit POST /query throughput and latency for each cache backend, as a ratio to the bare JSON endpoint
# GET / of the same server, measured in the same run (wrk on loopback), and, for the shared backends, as a ratio to
# the memory backend's cache-hit throughput in the same run (when memory runs first, as it does by default). After a warm-up of both, the two
# endpoints take turns in SLICES slices each, so load from other processes on a shared machine falls on both
# alike: req/s is the mean over an endpoint's slices, p50 and p99 the median of its slices' values.
# Usage: benchmarks/load/cache-hit.sh [seconds per endpoint, default 15] [connections, default 16]
# Environment: SLICES (default 5); BACKENDS (default "memory redis hazelcast"); RAG_JAR (default
# bootstrap/target/rag-service.jar, with its libs/ beside it), to compare two builds in interleaved runs.
# Prints a Markdown table for docs/benchmarks.md. Needs wrk and redis-server (installed from Debian if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/java-env.sh
duration="${1:-15}"
connections="${2:-16}"
slices="${SLICES:-5}"
backends="${BACKENDS:-memory redis hazelcast}"
jar="${RAG_JAR:-bootstrap/target/rag-service.jar}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
[ -f "$jar" ] || mvn -B -q -DskipTests package -pl bootstrap -am

work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_service() { # backend extra-env...; sets $port
    local backend="$1"; shift
    port="$(free_port)"
    env "$@" HOST=127.0.0.1 PORT="$port" DATA_DIR="$work/data-$backend" CACHE_BACKEND="$backend" LOG_LEVEL=WARN \
        RATE_LIMIT_RPM=1000000000 RATE_LIMIT_BURST=1000000000 \
        "$JAVA_HOME/bin/java" -Dai.djl.offline=true --add-modules jdk.incubator.vector -jar "$jar" >"$work/$backend.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 600); do
        curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return
        sleep 0.1
    done
    echo "service with $backend did not become ready; log:" >&2; cat "$work/$backend.log" >&2; exit 1
}

# One slice: "requests/s p50_ms p99_ms" from wrk --latency output.
slice() { # seconds wrk-args...
    local seconds="$1"; shift
    wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" | awk '
        /Requests\/sec/ {rps=$2}
        /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
        function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
        END {printf "%s %.3f %.3f\n", rps, ms(p50), ms(p99)}'
}

# "requests/s p50_ms p99_ms" of an endpoint's slices: mean req/s, median p50 and p99.
summarise() {
    sort -n -k2 "$1" | awk '{rps += $1; p50[NR] = $2} END {printf "%.2f %.3f", rps / NR, p50[int((NR + 1) / 2)]}'
    sort -n -k3 "$1" | awk '{p99[NR] = $3} END {printf " %.3f\n", p99[int((NR + 1) / 2)]}'
}

echo "| backend | GET / req/s | POST /query (cache hit) req/s | ratio | query / memory's query | p50 ms (bare / query) | p99 ms (bare / query) |"
echo "|---|---|---|---|---|---|---|"
memory_rps=""
for backend in $backends; do
    extra=()
    if [ "$backend" = redis ]; then
        rport="$(free_port)"
        redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --maxmemory-policy volatile-lru \
            >"$work/redis.log" 2>&1 &
        pids+=($!)
        until redis-cli -p "$rport" ping >/dev/null 2>&1; do sleep 0.1; done
        extra=(REDIS_URL="redis://127.0.0.1:$rport")
    elif [ "$backend" = hazelcast ]; then
        extra=(HAZELCAST_PORT="$(free_port)" HAZELCAST_CLUSTER_NAME="bench-$$")
    fi
    start_service "$backend" "${extra[@]}"
    base="http://127.0.0.1:$port"
    curl -sf "$base/documents" -H 'Content-Type: application/json' -d '{"texts": [
        "The Fresnel lens was invented by Augustin-Jean Fresnel in 1822. Lighthouses used it because it focused the lamp light into a beam visible for over twenty miles.",
        "Sourdough bread rises because of wild yeast and lactic acid bacteria living in the starter.",
        "Volcanic eruptions happen when magma rises through cracks in the Earth crust."]}' >/dev/null
    body='{"question": "Who invented the lens used in lighthouses?", "k": 5}'
    curl -sf "$base/query" -H 'Content-Type: application/json' -d "$body" >/dev/null
    curl -sf "$base/query" -H 'Content-Type: application/json' -d "$body" | grep -q '"cached":true' \
        || { echo "the warmed query is not a cache hit with $backend" >&2; exit 1; }
    slice 2 "$base/" >/dev/null # warm-up: JIT compilation, pools
    slice 2 -s benchmarks/load/query.lua "$base/query" >/dev/null
    : >"$work/bare" && : >"$work/query"
    seconds="$(awk -v d="$duration" -v s="$slices" 'BEGIN {printf "%d", (d / s < 1 ? 1 : d / s)}')"
    for _ in $(seq 1 "$slices"); do
        slice "$seconds" "$base/" >>"$work/bare"
        slice "$seconds" -s benchmarks/load/query.lua "$base/query" >>"$work/query"
    done
    read -r bare_rps bare_p50 bare_p99 < <(summarise "$work/bare")
    read -r query_rps query_p50 query_p99 < <(summarise "$work/query")
    ratio="$(awk -v q="$query_rps" -v b="$bare_rps" 'BEGIN {printf "%.2f", q/b}')"
    [ "$backend" = memory ] && memory_rps="$query_rps"
    to_memory="$(awk -v q="$query_rps" -v m="$memory_rps" 'BEGIN {if (m == "") print "-"; else printf "%.2f", q/m}')"
    echo "| $backend | $bare_rps | $query_rps | $ratio | $to_memory | $bare_p50 / $query_p50 | $bare_p99 / $query_p99 |"
    kill "${pids[-1]}" 2>/dev/null || true
    wait "${pids[-1]}" 2>/dev/null || true
done
