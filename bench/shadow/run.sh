#!/usr/bin/env bash
# Shadow benchmark: the client latency the strangler proxy's shadow mirroring adds, measured in one run on this machine
# at fixed request rates below saturation (hey, rate-limited), so "off" and "on" see the same load and no mirror is dropped.
#   off: StranglerProxy, catalog module at stage "legacy" | on: the same build and plan, catalog at stage "shadow" (every GET mirrored)
# Two backends (bench/proxy/Backend), shared by both proxies: one is "legacy", the other "catalog-service" (it gets the mirrored requests).
# Per rate, rounds are interleaved (off then on); p50/p99 are exact percentiles of hey's per-request latencies (-o csv,
# 0.1 ms resolution). The "on" proxy's /metrics gives the comparisons and drops of each rate's runs, which are checked:
# dropped must be 0 and comparisons must equal the requests sent to "on"; the median p99 added must be under 0.5 ms.
# The script exits 2 when one of these checks fails.
# A hey worker waits for each answer and skips the ticks it missed meanwhile (no queueing: coordinated omission), so a
# stall shows as fewer requests than rate x seconds, not as latency: the "req" columns show how many were answered.
# The workers of one hey process tick in lockstep (bursts of -c requests at once, which doubled p50 and made p99 noisy),
# so by default each worker is its own hey process (-c 1), started a little apart.
# Usage: bench/shadow/run.sh [seconds per run, default 10] [hey workers, default 10]
#        (environment: RATES="1000 3000" total requests/s, split evenly over the workers; ROUNDS=3 interleaved rounds per rate;
#         WARMUP=10 seconds of closed-loop load per proxy before measuring; STAGGER=0 runs one hey -c <workers> instead;
#         MIRROR_NICE=19 runs the mirror target (catalog-service) at the lowest CPU priority;
#         SATURATION=1 adds the old closed-loop wrk rounds, where the CPUs are saturated and mirrors are dropped)
# Results are printed; docs/benchmarks.md records the latest run and what it means.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-10}"
WORKERS="${2:-10}"
WARMUP="${WARMUP:-10}"
ROUNDS="${ROUNDS:-3}"
RATES="${RATES:-1000 3000}"
SATURATION="${SATURATION:-0}"
STAGGER="${STAGGER:-1}"
MIRROR_NICE="${MIRROR_NICE:-0}"
TARGET_MS=0.5 # the p99 the mirroring may add at a fixed rate
source bench/lib.sh # the working directory is the repository root by now
need hey hey
[ "$SATURATION" = 1 ] && need wrk wrk
wait_ready() { # url, log file of the process behind it
  for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "not ready: $1" >&2; tail -n 20 "$2" >&2; exit 1
}

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

dotnet bench/proxy/Backend/bin/Release/net10.0/Backend.dll --urls="$LEGACY" > "$WORK/legacy.log" 2>&1 & PIDS+=($!)
# MIRROR_NICE=19 runs the mirror target at the lowest CPU priority: a stand-in for the extracted service
# on its own machine, so that its work on the mirrored copies does not compete with the client path here.
nice -n "$MIRROR_NICE" dotnet bench/proxy/Backend/bin/Release/net10.0/Backend.dll --urls="$CATALOG" > "$WORK/catalog.log" 2>&1 & PIDS+=($!)
wait_ready "$LEGACY/health/ready" "$WORK/legacy.log"
wait_ready "$CATALOG/health/ready" "$WORK/catalog.log"

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

start_proxy() { # url, plan file, log file
  # Its own appsettings.json (log levels) applies, as in a deployment: the content root is its output folder.
  dotnet strangler-proxy/StranglerProxy/bin/Release/net10.0/StranglerProxy.dll --urls="$1" \
    --contentRoot="$PWD/strangler-proxy/StranglerProxy/bin/Release/net10.0" \
    --Migration:PlanPath="$2" --Migration:Shadow:QueueCapacity=1000 --Migration:Shadow:Concurrency=4 \
    --Services:legacy:http:0="$LEGACY" --Services:catalog-service:http:0="$CATALOG" > "$3" 2>&1 & PIDS+=($!)
}
start_proxy "$OFF" "$WORK/off.json" "$WORK/off.log"
start_proxy "$ON" "$WORK/on.json" "$WORK/on.log"
wait_ready "$OFF/health/live" "$WORK/off.log"
wait_ready "$ON/health/live" "$WORK/on.log"

PATH_UNDER_TEST=/api/catalog/items/42
for url in "$OFF" "$ON"; do
  status=$(curl -s -o "$WORK/answer" -w '%{http_code}' "$url$PATH_UNDER_TEST")
  [ "$status" = 200 ] || { echo "GET $url$PATH_UNDER_TEST answered $status" >&2; exit 1; }
done


# Sum of a Prometheus counter family (every label set); the exporter may or may not add "_total".
counter() { # metrics file, name without "_total"
  awk -v n="$2" '$1 !~ /^#/ { split($1, p, "{"); if (p[1] == n || p[1] == n "_total") s += $NF } END { printf "%.0f", s + 0 }' "$1"
}
scrape() { curl -s "$ON/metrics" > "$1"; }
delta() { # name without "_total", before file, after file
  echo $(( $(counter "$3" "$1") - $(counter "$2" "$1") ))
}

# hey -o csv: one line per answered request, "response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset",
# times in seconds with 4 decimals. Requests that failed at transport level are not listed (they show as missing requests).
cat > "$WORK/stats.py" << 'PY'
import math, sys
lat, bad = [], 0
with open(sys.argv[1]) as f:
    for line in f:
        cols = line.strip().split(",")
        if len(cols) < 7 or cols[0] == "response-time":
            continue  # header
        lat.append(float(cols[0]) * 1000)
        bad += cols[6] != "200"
lat.sort()
def pct(p):  # nearest rank: exact, no interpolation
    return lat[max(0, math.ceil(p / 100 * len(lat)) - 1)] if lat else float("nan")
print(len(lat), bad, "%.1f" % pct(50), "%.1f" % pct(99))
PY

CHECKS_FAILED=0
fail() { echo "  NOT MET: $*"; CHECKS_FAILED=1; }

cpu_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; } # busy total
run_hey() { # name, url, total rate, round: prints "requests p50 p99 cpu" of one run (cpu: % of the whole machine busy)
  local busy0 total0 busy1 total1; read -r busy0 total0 <<< "$(cpu_ticks)"
  local per_worker; per_worker=$(awk -v r="$3" -v c="$WORKERS" 'BEGIN { printf "%.4f", r / c }')
  if [ "$STAGGER" = 1 ]; then
    # One hey process per worker, started about 1/rate apart, so the workers' tickers are out of phase.
    local hpids=() w
    for w in $(seq 1 "$WORKERS"); do
      hey -cpus 1 -z "${DURATION}s" -c 1 -q "$per_worker" -o csv "$2$PATH_UNDER_TEST" > "$WORK/run-$w.csv" & hpids+=($!)
      sleep "$(awk -v r="$3" 'BEGIN { printf "%.4f", 1 / r }')"
    done
    wait "${hpids[@]}"
    cat "$WORK"/run-*.csv > "$WORK/run.csv"; rm -f "$WORK"/run-*.csv
  else
    hey -z "${DURATION}s" -c "$WORKERS" -q "$per_worker" -o csv "$2$PATH_UNDER_TEST" > "$WORK/run.csv"
  fi
  read -r busy1 total1 <<< "$(cpu_ticks)"
  local n bad p50 p99; read -r n bad p50 p99 <<< "$(python3 "$WORK/stats.py" "$WORK/run.csv")"
  cat "$WORK/run.csv" >> "$WORK/$1-all.csv" # every round of this rate, for the pooled percentiles
  [ "$bad" = 0 ] || echo "  $1, $3 req/s, round $4: $bad answers were not 200" >&2
  # Missing requests mean transport errors, or a target that could not keep the rate (hey waits for each answer).
  local expected=$(($3 * DURATION))
  [ $((n * 100)) -ge $((expected * 97)) ] || echo "  $1, $3 req/s, round $4: $n requests answered, $expected expected" >&2
  echo "$n $p50 $p99 $(( (busy1 - busy0) * 100 / (total1 - total0) ))"
}

echo "hey, $WORKERS workers ($([ "$STAGGER" = 1 ] && echo "one process each, staggered" || echo "one process")) at fixed total rates ($RATES req/s), $ROUNDS rounds of ${DURATION}s per proxy and rate (off then on),"
echo "after a ${WARMUP} s closed-loop warm-up each, on $(nproc) cores:"
# Long enough for tiered compilation to finish on both proxies (and the mirroring path on "on").
hey -z "${WARMUP}s" -c "$WORKERS" "$OFF$PATH_UNDER_TEST" > /dev/null
hey -z "${WARMUP}s" -c "$WORKERS" "$ON$PATH_UNDER_TEST" > /dev/null
sleep 2 # let the warm-up's mirrored requests drain

MEDIANS=()
for rate in $RATES; do
  scrape "$WORK/before.prom"
  : > "$WORK/off-all.csv"; : > "$WORK/on-all.csv"
  ADDED=(); ROWS=(); on_sent=0; off_cpu=0; on_cpu=0
  for round in $(seq 1 "$ROUNDS"); do
    read -r off_n off_p50 off_p99 cpu <<< "$(run_hey off "$OFF" "$rate" "$round")"; off_cpu=$((off_cpu + cpu))
    read -r on_n on_p50 on_p99 cpu <<< "$(run_hey on "$ON" "$rate" "$round")"; on_cpu=$((on_cpu + cpu))
    on_sent=$((on_sent + on_n))
    added=$(awk -v a="$on_p99" -v b="$off_p99" 'BEGIN { printf "%+.1f", a - b }')
    ADDED+=("$added")
    ROWS+=("$(printf "| %5s | %7s | %7s | %7s | %7s | %7s | %7s | %12s |" "$round" "$off_p50" "$off_p99" "$off_n" "$on_p50" "$on_p99" "$on_n" "$added")")
  done
  sleep 2 # the queue drains before the counters are read
  scrape "$WORK/after.prom"
  comparisons=$(delta migration_proxy_shadow_comparisons "$WORK/before.prom" "$WORK/after.prom")
  dropped=$(delta migration_proxy_shadow_dropped "$WORK/before.prom" "$WORK/after.prom")
  med=$(printf "%s\n" "${ADDED[@]}" | median)
  read -r _ _ off_all_p50 off_all_p99 <<< "$(python3 "$WORK/stats.py" "$WORK/off-all.csv")"
  read -r _ _ on_all_p50 on_all_p99 <<< "$(python3 "$WORK/stats.py" "$WORK/on-all.csv")"
  MEDIANS+=("$rate req/s: $med ms")

  echo
  echo "== $rate req/s ($WORKERS workers at $(awk -v r="$rate" -v c="$WORKERS" 'BEGIN { printf "%g", r / c }') req/s each), latencies in ms =="
  printf "| %5s | %7s | %7s | %7s | %7s | %7s | %7s | %12s |\n" round "off p50" "off p99" "off req" "on p50" "on p99" "on req" "p99 added"
  printf "|%s|%s|%s|%s|%s|%s|%s|%s|\n" "-------" "---------" "---------" "---------" "---------" "---------" "---------" "--------------"
  printf "%s\n" "${ROWS[@]}"
  echo "Median p99 added by shadow mirroring (on minus off): $med ms (target: under $TARGET_MS ms)"
  echo "All rounds pooled: off p50 $off_all_p50 p99 $off_all_p99, on p50 $on_all_p50 p99 $on_all_p99," \
    "p99 added $(awk -v a="$on_all_p99" -v b="$off_all_p99" 'BEGIN { printf "%+.1f", a - b }') ms"
  echo "Shadow counters of the \"on\" proxy during these runs: comparisons $comparisons, dropped $dropped; requests sent to \"on\": $on_sent"
  # Load generator, both backends and the proxy share these cores: near saturation, the p99 added includes that contention.
  echo "CPU busy, whole machine, mean of the rounds: off $((off_cpu / ROUNDS)) %, on $((on_cpu / ROUNDS)) %"
  [ $((on_cpu / ROUNDS)) -lt 85 ] || echo "  (\"on\" is near saturation at this rate: its p99 includes queueing for the CPU)"
  awk -v m="$med" -v t="$TARGET_MS" 'BEGIN { exit !(m < t) }' || fail "median p99 added $med ms at $rate req/s"
  [ "$dropped" = 0 ] || fail "$dropped mirrors dropped at $rate req/s"
  [ "$comparisons" = "$on_sent" ] || fail "$comparisons comparisons for $on_sent requests to \"on\" at $rate req/s"
done

echo
echo "Median p99 added per rate: ${MEDIANS[*]}"
echo "Shadow comparisons by outcome (total since start, warm-up included):"
grep -E '^migration_proxy_shadow_comparisons(_total)?\{' "$WORK/after.prom" | sed 's/^/    /' || echo "    (none)"

if [ "$SATURATION" = 1 ]; then
  # Closed loop: wrk keeps every connection busy, the 2 cores saturate, and the mirror traffic competes with the client path.
  # "off" and "on" then run at different rates and "on" drops mirrors: a capacity view, not the latency target.
  to_ms() { # wrk prints 812.00us, 1.20ms or 1.02s
    awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'
  }
  run_wrk() { # name, url, round: prints "rps p50 p99" of one run
    local out; out=$(wrk -t2 -c"$WORKERS" -d"${DURATION}s" --latency "$2$PATH_UNDER_TEST")
    local errors; errors=$(awk '/Non-2xx|Socket errors/' <<< "$out")
    [ -n "$errors" ] && echo "  $1, round $3: $errors" >&2
    echo "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<< "$out") $(to_ms "$(awk '$1 == "50%" { print $2 }' <<< "$out")") $(to_ms "$(awk '$1 == "99%" { print $2 }' <<< "$out")")"
  }
  scrape "$WORK/before.prom"
  ROWS=()
  for round in $(seq 1 "$ROUNDS"); do
    read -r off_rps off_p50 off_p99 <<< "$(run_wrk off "$OFF" "$round")"
    read -r on_rps on_p50 on_p99 <<< "$(run_wrk on "$ON" "$round")"
    added=$(awk -v a="$on_p99" -v b="$off_p99" 'BEGIN { printf "%+.3f", a - b }')
    ROWS+=("$(printf "| %5s | %8s | %8s | %7s | %8s | %8s | %7s | %13s |" "$round" "$off_p50" "$off_p99" "$off_rps" "$on_p50" "$on_p99" "$on_rps" "$added")")
  done
  sleep 2
  scrape "$WORK/after.prom"
  echo
  echo "== saturation: wrk -t2 -c$WORKERS closed loop, latencies in ms (not comparable: different loads) =="
  printf "| %5s | %8s | %8s | %7s | %8s | %8s | %7s | %13s |\n" round "off p50" "off p99" "off rps" "on p50" "on p99" "on rps" "p99 added ms"
  printf "|%s|%s|%s|%s|%s|%s|%s|%s|\n" "-------" "----------" "----------" "---------" "----------" "----------" "---------" "---------------"
  printf "%s\n" "${ROWS[@]}"
  echo "Shadow counters of the \"on\" proxy during these runs: comparisons $(delta migration_proxy_shadow_comparisons "$WORK/before.prom" "$WORK/after.prom"), dropped $(delta migration_proxy_shadow_dropped "$WORK/before.prom" "$WORK/after.prom")"
fi

if [ "$CHECKS_FAILED" = 1 ]; then echo; echo "At least one check at the fixed rates was not met (see NOT MET above)."; exit 2; fi
