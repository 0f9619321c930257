#!/usr/bin/env bash
# Shadow benchmark: the client latency the strangler proxy's shadow mirroring adds, measured with wrk in one run on this machine.
#   off: StranglerProxy, catalog module at stage "legacy" | on: the same build and plan, catalog at stage "shadow" (every GET mirrored)
# Two backends (bench/proxy/Backend), shared by both proxies: one is "legacy", the other "catalog-service" (it gets the mirrored requests).
# Rounds are interleaved (off then on); the mirrored requests' comparisons and drops are read from the "on" proxy's /metrics.
# Usage: bench/shadow/run.sh [seconds per run, default 10] [connections, default 10]
#        (environment: ROUNDS=3 interleaved rounds, WARMUP=10 seconds per proxy before measuring)
# Results are printed; docs/benchmarks.md records the latest run and what it means.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-10}"
CONNECTIONS="${2:-10}"
WARMUP="${WARMUP:-10}"
ROUNDS="${ROUNDS:-3}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

need() {
  command -v "$1" > /dev/null && return
  echo "Installing $2..."
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q "$2" > /dev/null 2>&1 || { apt-get update -q > /dev/null && apt-get install -y -q "$2" > /dev/null; }
  else sudo apt-get install -y -q "$2" > /dev/null; fi
}
need wrk wrk

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_ready() { for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "not ready: $1" >&2; exit 1; }

echo "Building (Release)..."
for project in bench/proxy/Backend strangler-proxy/StranglerProxy; do
  # Other work may leave the proxy briefly unbuildable: wait a minute and try again, five times at most.
  for attempt in 1 2 3 4 5; do
    dotnet build "$project" -c Release -v quiet -nologo > "$WORK/build.log" 2>&1 && break
    if [ "$attempt" = 5 ]; then cat "$WORK/build.log"; exit 1; fi
    echo "  $project: build failed (attempt $attempt of 5), retrying in 60 s"
    sleep 60
  done
done
export DOTNET_gcServer=1 ASPNETCORE_ENVIRONMENT=Production

LEGACY_PORT=$(free_port); CATALOG_PORT=$(free_port); OFF_PORT=$(free_port); ON_PORT=$(free_port)
LEGACY="http://127.0.0.1:$LEGACY_PORT"
CATALOG="http://127.0.0.1:$CATALOG_PORT"
OFF="http://127.0.0.1:$OFF_PORT"
ON="http://127.0.0.1:$ON_PORT"

dotnet bench/proxy/Backend/bin/Release/net10.0/Backend.dll --urls="$LEGACY" & PIDS+=($!)
dotnet bench/proxy/Backend/bin/Release/net10.0/Backend.dll --urls="$CATALOG" & PIDS+=($!)
wait_ready "$LEGACY/health/ready"
wait_ready "$CATALOG/health/ready"

plan() { # stage of the catalog module
  cat << JSON
{
  "legacy": { "service": "legacy" },
  "modules": {
    "catalog": {
      "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", "stage": "$1",
      "shadow": { "methods": ["GET"], "noiseFilter": false }
    }
  }
}
JSON
}
plan legacy > "$WORK/off.json"
plan shadow > "$WORK/on.json"

start_proxy() { # url, plan file
  # Its own appsettings.json (log levels) applies, as in a deployment: the content root is its output folder.
  dotnet strangler-proxy/StranglerProxy/bin/Release/net10.0/StranglerProxy.dll --urls="$1" \
    --contentRoot="$PWD/strangler-proxy/StranglerProxy/bin/Release/net10.0" \
    --Migration:PlanPath="$2" --Migration:Shadow:QueueCapacity=1000 --Migration:Shadow:Concurrency=4 \
    --Services:legacy:http:0="$LEGACY" --Services:catalog-service:http:0="$CATALOG" & PIDS+=($!)
}
start_proxy "$OFF" "$WORK/off.json"
start_proxy "$ON" "$WORK/on.json"
wait_ready "$OFF/health/ready"
wait_ready "$ON/health/ready"

PATH_UNDER_TEST=/api/catalog/items/42
for url in "$OFF" "$ON"; do
  status=$(curl -s -o "$WORK/answer" -w '%{http_code}' "$url$PATH_UNDER_TEST")
  [ "$status" = 200 ] || { echo "GET $url$PATH_UNDER_TEST answered $status" >&2; exit 1; }
done

to_ms() { # wrk prints 812.00us, 1.20ms or 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Sum of a Prometheus counter family (every label set); the exporter may or may not add "_total".
counter() { # metrics file, name without "_total"
  awk -v n="$2" '$1 !~ /^#/ { split($1, p, "{"); if (p[1] == n || p[1] == n "_total") s += $NF } END { printf "%.0f", s + 0 }' "$1"
}
scrape() { curl -s "$ON/metrics" > "$1"; }

run_wrk() { # name, url, round: prints "rps p50 p99" of one run
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$2$PATH_UNDER_TEST")
  local errors; errors=$(awk '/Non-2xx|Socket errors/' <<< "$out")
  [ -n "$errors" ] && echo "  $1, round $3: $errors" >&2
  echo "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<< "$out") $(to_ms "$(awk '$1 == "50%" { print $2 }' <<< "$out")") $(to_ms "$(awk '$1 == "99%" { print $2 }' <<< "$out")")"
}

echo "wrk -t2 -c$CONNECTIONS, $ROUNDS rounds of ${DURATION}s per proxy (off then on), after a ${WARMUP} s warm-up each, on $(nproc) cores:"
# Long enough for tiered compilation to finish on both proxies (and the mirroring path on "on").
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$OFF$PATH_UNDER_TEST" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$ON$PATH_UNDER_TEST" > /dev/null
sleep 2 # let the warm-up's mirrored requests drain
scrape "$WORK/before.prom"

ADDED=()
ROWS=()
for round in $(seq 1 "$ROUNDS"); do
  read -r off_rps off_p50 off_p99 <<< "$(run_wrk off "$OFF" "$round")"
  read -r on_rps on_p50 on_p99 <<< "$(run_wrk on "$ON" "$round")"
  added=$(awk -v a="$on_p99" -v b="$off_p99" 'BEGIN { printf "%+.3f", a - b }')
  ADDED+=("$added")
  ROWS+=("$(printf "| %5s | %8s | %8s | %7s | %8s | %8s | %7s | %13s |" "$round" "$off_p50" "$off_p99" "$off_rps" "$on_p50" "$on_p99" "$on_rps" "$added")")
  echo "  round $round done"
done
sleep 2 # the queue drains before the counters are read
scrape "$WORK/after.prom"

echo
printf "| %5s | %8s | %8s | %7s | %8s | %8s | %7s | %13s |\n" round "off p50" "off p99" "off rps" "on p50" "on p99" "on rps" "p99 added ms"
printf "|%s|%s|%s|%s|%s|%s|%s|%s|\n" "-------" "----------" "----------" "---------" "----------" "----------" "---------" "---------------"
printf "%s\n" "${ROWS[@]}"
echo "(latencies in ms)"
echo
echo "Median p99 added by shadow mirroring (on minus off): $(printf "%s\n" "${ADDED[@]}" | median) ms"
echo
echo "Shadow counters of the \"on\" proxy during the measured runs (after warm-up):"
for name in migration_proxy_shadow_comparisons migration_proxy_shadow_dropped; do
  before=$(counter "$WORK/before.prom" "$name"); after=$(counter "$WORK/after.prom" "$name")
  echo "  $name: $((after - before)) (total since start: $after)"
done
echo "  by outcome (total since start):"
grep -E '^migration_proxy_shadow_comparisons(_total)?\{' "$WORK/after.prom" | sed 's/^/    /' || echo "    (none)"
