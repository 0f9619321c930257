#!/usr/bin/env bash
# Several proxies on the shared plan store (PostgreSQL): how long a stage change made through one replica
# takes to be served by each of three, from sending the change to that replica's first answer from the new
# side (50 flips, p99 reported; the target is under 1 s). A throwaway PostgreSQL cluster is started here.
# Usage: bench/proxy/store.sh [flips, default 50]
# Results are printed; docs/benchmarks.md records the latest run. CPU per request on the store: STORE=PostgreSql bench/proxy/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
FLIPS="${1:-50}"
source bench/lib.sh
need curl curl
start_postgres

wait_ready() { for _ in $(seq 1 300); do curl -s -o /dev/null -f "$1" && return 0; sleep 0.1; done; echo "not ready: $1" >&2; exit 1; }

echo "Building (Release)..."
for project in bench/proxy/Backend bench/proxy/FlipProbe strangler-proxy/StranglerProxy; do
  dotnet build "$project" -c Release -v quiet -nologo > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
done
export ASPNETCORE_ENVIRONMENT=Production

BACKEND="http://127.0.0.1:$(free_port)"
dotnet bench/proxy/Backend/bin/Release/net10.0/Backend.dll --urls="$BACKEND" > /dev/null & PIDS+=($!)
wait_ready "$BACKEND/health/ready"

cat > "$WORK/migration.json" << JSON
{
  "legacy": { "service": "legacy" },
  "modules": {
    "catalog": { "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", "stage": "legacy" }
  }
}
JSON
TOKEN="bench-$(date +%s)"
REPLICAS=()
MANAGEMENT_PORT=$(free_port) # replica-1's admin API, where the flips are sent
for replica in 1 2 3; do
  port=$(free_port)
  management=$([ "$replica" = 1 ] && echo "$MANAGEMENT_PORT" || echo 0)
  dotnet strangler-proxy/StranglerProxy/bin/Release/net10.0/StranglerProxy.dll --urls="http://127.0.0.1:$port" --Management:Port="$management" \
    --contentRoot="$PWD/strangler-proxy/StranglerProxy/bin/Release/net10.0" \
    --Migration:PlanPath="$WORK/migration.json" --Migration:Store:Provider=PostgreSql \
    --ConnectionStrings:migration="${PG_URL/Database=postgres/Database=migration}" --Migration:Store:ReplicaId="replica-$replica" \
    --Migration:Admin:Token="$TOKEN" --Services:legacy:http:0="$BACKEND" --Services:catalog-service:http:0="$BACKEND" > "$WORK/replica-$replica.log" 2>&1 & PIDS+=($!)
  REPLICAS+=("http://127.0.0.1:$port")
  # The first seeds the store; the others start on it.
  [ "$replica" = 1 ] && wait_ready "http://127.0.0.1:$MANAGEMENT_PORT/health/ready"
done
for url in "${REPLICAS[@]}"; do wait_ready "$url/health/live"; done

echo "Three proxy replicas on one PostgreSQL store, $(nproc) cores; $FLIPS flips through replica-1:"
dotnet bench/proxy/FlipProbe/bin/Release/net10.0/FlipProbe.dll --store "$TOKEN" "http://127.0.0.1:$MANAGEMENT_PORT" "${REPLICAS[@]}" --flips "$FLIPS"
