#!/usr/bin/env bash
# Proxy benchmark: one backend, four ways to reach it, measured with wrk in one run on this machine.
#   backend direct | minimal YARP | StranglerProxy (5-module plan, one in canary) | nginx (upstream keepalive)
# Each target's CPU per request (its serving process, from /proc) is printed too: on a shared machine it
# moves less between rounds than throughput does.
# Then flip propagation: time from saving migration.json to the first request served by the new side.
# Usage: bench/proxy/run.sh [seconds per run, default 10] [connections, default 50]
#        (environment: ROUNDS=7 interleaved rounds per target, WARMUP=15 seconds,
#         STORE=PostgreSql adds StranglerProxy on the shared plan store (a throwaway PostgreSQL) as a target,
#         compared per round with StranglerProxy on the plan file,
#         ROUNDS_FILE=artifacts/bench/proxy-rounds.tsv where every run's paired rounds are pooled per build)
# Results are printed; docs/benchmarks.md records the latest run and what it means.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-10}"
CONNECTIONS="${2:-50}"
WARMUP="${WARMUP:-15}"
ROUNDS="${ROUNDS:-7}" # fewer cannot resolve a 5 % difference on a shared machine
source bench/lib.sh # the working directory is the repository root by now
need wrk wrk
need nginx nginx
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

wait_ready() { for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "not ready: $1" >&2; exit 1; }

echo "Building (Release)..."
for project in bench/proxy/Backend bench/proxy/MinimalYarp bench/proxy/FlipProbe strangler-proxy/StranglerProxy; do
  dotnet build "$project" -c Release -v quiet -nologo > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
done
export DOTNET_gcServer=1 ASPNETCORE_ENVIRONMENT=Production

BACKEND_PORT=$(free_port); YARP_PORT=$(free_port); PROXY_PORT=$(free_port); QUIET_PORT=$(free_port); NGINX_PORT=$(free_port)
BACKEND="http://127.0.0.1:$BACKEND_PORT"

declare -A PID # the process that serves each target, for its CPU time
dotnet bench/proxy/Backend/bin/Release/net10.0/Backend.dll --urls="$BACKEND" & PIDS+=($!); PID["backend direct"]=$!
wait_ready "$BACKEND/health/ready"

dotnet bench/proxy/MinimalYarp/bin/Release/net10.0/MinimalYarp.dll --backend="$BACKEND" --urls="http://127.0.0.1:$YARP_PORT" & PIDS+=($!); PID["minimal YARP"]=$!

# A realistic plan: five modules, catalog in a 10 % canary, the others at various stages; every
# service resolves to the same backend so only the proxies differ.
cat > "$WORK/migration.json" << JSON
{
  "legacy": { "service": "legacy" },
  "modules": {
    "catalog":   { "routes": ["/api/catalog/{**rest}"],   "service": "catalog-service",   "stage": "canary", "canary": { "percent": 10, "stickyBy": "header:X-User-Id" } },
    "inventory": { "routes": ["/api/inventory/{**rest}"], "service": "inventory-service", "stage": "legacy" },
    "customers": { "routes": ["/api/customers/{**rest}"], "service": "customers-service", "stage": "extracted" },
    "ordering":  { "routes": ["/api/ordering/{**rest}"],  "service": "ordering-service",  "stage": "shadow" },
    "payments":  { "routes": ["/api/payments/{**rest}"],  "service": "payments-service",  "stage": "retired" }
  }
}
JSON
SERVICES=()
for service in legacy catalog-service inventory-service customers-service ordering-service payments-service; do
  SERVICES+=("--Services:$service:http:0=$BACKEND")
done
# Its own appsettings.json (log levels) applies, as in a deployment: the content root is its output folder.
dotnet strangler-proxy/StranglerProxy/bin/Release/net10.0/StranglerProxy.dll --urls="http://127.0.0.1:$PROXY_PORT" \
  --contentRoot="$PWD/strangler-proxy/StranglerProxy/bin/Release/net10.0" \
  --Migration:PlanPath="$WORK/migration.json" "${SERVICES[@]}" & PIDS+=($!); PID["StranglerProxy"]=$!
# The same with OpenTelemetry off, to show what the metrics cost.
OTEL_SDK_DISABLED=true dotnet strangler-proxy/StranglerProxy/bin/Release/net10.0/StranglerProxy.dll --urls="http://127.0.0.1:$QUIET_PORT" \
  --contentRoot="$PWD/strangler-proxy/StranglerProxy/bin/Release/net10.0" \
  --Migration:PlanPath="$WORK/migration.json" "${SERVICES[@]}" > /dev/null 2>&1 & PIDS+=($!); PID["SP, no telemetry"]=$!

if [ "${STORE:-File}" = PostgreSql ]; then
  # The same proxy on the shared plan store: it renews its lease, follows the store and exchanges evidence
  # in the background; a request reads the plan in force from memory either way.
  start_postgres
  STORE_PORT=$(free_port)
  dotnet strangler-proxy/StranglerProxy/bin/Release/net10.0/StranglerProxy.dll --urls="http://127.0.0.1:$STORE_PORT" \
    --contentRoot="$PWD/strangler-proxy/StranglerProxy/bin/Release/net10.0" \
    --Migration:PlanPath="$WORK/migration.json" --Migration:Store:Provider=PostgreSql \
    --ConnectionStrings:migration="${PG_URL/Database=postgres/Database=migration}" "${SERVICES[@]}" > "$WORK/store-proxy.log" 2>&1 & PIDS+=($!); PID["SP, store"]=$!
fi

cat > "$WORK/nginx.conf" << NGINX
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 128; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" -g 'daemon off;' & PIDS+=($!); PID["nginx"]=$!

wait_ready "http://127.0.0.1:$YARP_PORT/health/ready"
wait_ready "http://127.0.0.1:$PROXY_PORT/health/live"
wait_ready "http://127.0.0.1:$QUIET_PORT/health/live"
wait_ready "http://127.0.0.1:$NGINX_PORT/health/ready"
[ -n "${STORE_PORT:-}" ] && wait_ready "http://127.0.0.1:$STORE_PORT/health/live"

to_ms() { # wrk prints 812.00us, 1.20ms or 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'
}

declare -A RPS P50 P99 CPU
TARGETS=("backend direct" "minimal YARP" "StranglerProxy" "SP, no telemetry" "nginx")
declare -A URL=(
  ["backend direct"]="$BACKEND/api/catalog/items/42"
  ["minimal YARP"]="http://127.0.0.1:$YARP_PORT/api/catalog/items/42"
  ["StranglerProxy"]="http://127.0.0.1:$PROXY_PORT/api/catalog/items/42"
  ["SP, no telemetry"]="http://127.0.0.1:$QUIET_PORT/api/catalog/items/42"
  ["nginx"]="http://127.0.0.1:$NGINX_PORT/api/catalog/items/42"
)
if [ -n "${STORE_PORT:-}" ]; then TARGETS+=("SP, store"); URL["SP, store"]="http://127.0.0.1:$STORE_PORT/api/catalog/items/42"; fi

# cpu_ticks <pid>: user and system CPU of a process and its children (nginx's workers), in clock ticks.
cpu_ticks() { cat "/proc/$1/stat" $(pgrep -P "$1" | sed 's|.*|/proc/&/stat|') 2> /dev/null | awk '{ t += $14 + $15 } END { print t }'; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))

run_wrk() { # name, round: appends "rps p50 p99 cpu-us-per-request" of one run
  local before; before=$(cpu_ticks "${PID[$1]}")
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H 'X-User-Id: user-7' "${URL[$1]}")
  local after; after=$(cpu_ticks "${PID[$1]}")
  local errors; errors=$(awk '/Non-2xx|Socket errors/' <<< "$out")
  [ -n "$errors" ] && echo "  $1, round $2: $errors"
  local requests; requests=$(awk '/requests in/ { print $1 }' <<< "$out")
  echo "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<< "$out") $(to_ms "$(awk '$1 == "50%" { print $2 }' <<< "$out")") $(to_ms "$(awk '$1 == "99%" { print $2 }' <<< "$out")") $(awk -v t=$((after - before)) -v us="$TICK_US" -v n="$requests" 'BEGIN { printf "%.1f", t * us / n }')" >> "$WORK/$(tr ' ,' '__' <<< "$1").runs"
}

echo "wrk -t2 -c$CONNECTIONS, $ROUNDS rounds of ${DURATION}s per target (targets interleaved, medians reported), after a ${WARMUP} s warm-up each, on $(nproc) cores:"
for name in "${TARGETS[@]}"; do
  # Long enough for tiered compilation to finish on every target.
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H 'X-User-Id: user-7' "${URL[$name]}" > /dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for name in "${TARGETS[@]}"; do run_wrk "$name" "$round"; done
  echo "  round $round done"
done
for name in "${TARGETS[@]}"; do
  runs="$WORK/$(tr ' ,' '__' <<< "$name").runs"
  RPS[$name]=$(cut -d' ' -f1 "$runs" | median)
  P50[$name]=$(cut -d' ' -f2 "$runs" | median)
  P99[$name]=$(cut -d' ' -f3 "$runs" | median)
  CPU[$name]=$(cut -d' ' -f4 "$runs" | median)
  echo "  $name req/s per round: $(cut -d' ' -f1 "$runs" | tr '\n' ' ')"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a/b; else print "-" }'; }
echo
printf "| %-16s | %9s | %8s | %8s | %15s | %8s | %10s |\n" target "req/s" "p50 ms" "p99 ms" "vs minimal YARP" "vs nginx" "CPU us/req"
printf "|%s|%s|%s|%s|%s|%s|%s|\n" "------------------" "-----------" "----------" "----------" "-----------------" "----------" "------------"
for name in "${TARGETS[@]}"; do
  printf "| %-16s | %9s | %8s | %8s | %15s | %8s | %10s |\n" "$name" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}" \
    "$(ratio "${RPS[$name]}" "${RPS[minimal YARP]}")" "$(ratio "${RPS[$name]}" "${RPS[nginx]}")" "${CPU[$name]}"
done
echo
echo "StranglerProxy p99 vs minimal YARP: $(ratio "${P99[StranglerProxy]}" "${P99[minimal YARP]}")"
SP_RUNS="$WORK/StranglerProxy.runs"; YARP_RUNS="$WORK/minimal_YARP.runs"
# Per round, StranglerProxy / minimal YARP of req/s, p99 and CPU per request (fields 1, 3 and 4 of a run).
RATIOS=$(paste -d' ' <(paired "$SP_RUNS" "$YARP_RUNS" 1) <(paired "$SP_RUNS" "$YARP_RUNS" 3) <(paired "$SP_RUNS" "$YARP_RUNS" 4))
per_round() { cut -d' ' -f"$1" <<< "$RATIOS" | tr '\n' ' '; echo "(median $(cut -d' ' -f"$1" <<< "$RATIOS" | median)x)"; }
echo "StranglerProxy / minimal YARP per round: req/s $(per_round 1), p99 $(per_round 2), CPU per request $(per_round 3)"
# Every run's paired rounds are kept per build of the proxy (the last commit that changed what serves a
# request), so runs of one build can be pooled: one run's verdict moves with what else the machine runs.
ROUNDS_FILE="${ROUNDS_FILE:-artifacts/bench/proxy-rounds.tsv}"
SERVING=(strangler-proxy hosting plan bench/proxy/MinimalYarp bench/proxy/Backend)
BUILD=$(git log -1 --format=%h -- "${SERVING[@]}" 2> /dev/null || echo unknown)
git diff --quiet HEAD -- "${SERVING[@]}" 2> /dev/null || BUILD="$BUILD+local"
RUN=$(date -u +%Y-%m-%dT%H:%M:%SZ) # names the run in the file: when its rounds ended
mkdir -p "$(dirname "$ROUNDS_FILE")"
sed "s/^/$BUILD $RUN /" <<< "$RATIOS" >> "$ROUNDS_FILE"
python3 bench/proxy/pooled.py "$ROUNDS_FILE" "$BUILD"
if [ -n "${STORE_PORT:-}" ]; then
  # Per round, the proxy on the PostgreSQL store / the proxy on the plan file: req/s, p99, CPU per request.
  STORE_RATIOS=$(paste -d' ' <(paired "$WORK/SP__store.runs" "$SP_RUNS" 1) <(paired "$WORK/SP__store.runs" "$SP_RUNS" 3) <(paired "$WORK/SP__store.runs" "$SP_RUNS" 4))
  store_round() { cut -d' ' -f"$1" <<< "$STORE_RATIOS" | tr '\n' ' '; echo "(median $(cut -d' ' -f"$1" <<< "$STORE_RATIOS" | median)x)"; }
  echo "StranglerProxy on the PostgreSQL store / on the plan file per round: req/s $(store_round 1), p99 $(store_round 2), CPU per request $(store_round 3)"
fi
echo
dotnet bench/proxy/FlipProbe/bin/Release/net10.0/FlipProbe.dll "http://127.0.0.1:$PROXY_PORT" "$WORK/migration.json" 20
