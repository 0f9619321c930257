#!/usr/bin/env bash
# Coupling-analysis benchmark: every assembly of the installed Microsoft.NETCore.App and
# Microsoft.AspNetCore.App shared frameworks, modules by namespace prefix (depth 2). Three programs on
# the same files, each a whole process, measured for wall time and peak memory (median of ROUNDS runs):
#   floor        a plain System.Reflection.Metadata scan reading every signature, attribute and IL token
#   migrate      `migrate analyze --namespace-depth 2` writing the JSON report
#   NetArchTest  loading the same assemblies and listing their types, as a user would run it, and with its
#                built-in exclusion of System.* and Microsoft.* namespaces lifted (netarchtest-all)
# Usage: bench/analysis/run.sh   (environment: ROUNDS=3)
# Results are printed; docs/benchmarks.md records the latest run and what it means.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${ROUNDS:-3}"
source bench/lib.sh # the working directory is the repository root by now

DOTNET_ROOT_DIR="$(dirname "$(readlink -f "$(command -v dotnet)")")"
RUNTIME_VERSION="$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')"
NETCORE="$DOTNET_ROOT_DIR/shared/Microsoft.NETCore.App/$RUNTIME_VERSION"
ASPNET="$DOTNET_ROOT_DIR/shared/Microsoft.AspNetCore.App/$RUNTIME_VERSION"
[ -d "$ASPNET" ] || ASPNET="$(ls -d "$DOTNET_ROOT_DIR"/shared/Microsoft.AspNetCore.App/* | tail -1)"
FILES=$(ls "$NETCORE"/*.dll "$ASPNET"/*.dll | wc -l)

echo "Building (Release)..."
for project in bench/analysis/FloorScan bench/analysis/NetArchTestLoad tools/Migrate.Cli; do
  dotnet build "$project" -c Release -v quiet -nologo > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
done

measure() { # name, command...: appends "seconds megabytes" of one run
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || { cat "$WORK/$name.err"; exit 1; }
  awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$WORK/time" >> "$WORK/$name.runs"
}

echo "$FILES assemblies ($NETCORE, $ASPNET), $ROUNDS rounds each, on $(nproc) cores:"
for round in $(seq 1 "$ROUNDS"); do
  measure floor dotnet bench/analysis/FloorScan/bin/Release/net10.0/FloorScan.dll "$NETCORE" "$ASPNET"
  measure migrate dotnet tools/Migrate.Cli/bin/Release/net10.0/migrate.dll analyze --no-ef-models \
    -a "$NETCORE" "$ASPNET" --namespace-depth 2 -f json -o "$WORK/report"
  measure netarchtest dotnet bench/analysis/NetArchTestLoad/bin/Release/net10.0/NetArchTestLoad.dll "$NETCORE" "$ASPNET"
  measure netarchtest-all dotnet bench/analysis/NetArchTestLoad/bin/Release/net10.0/NetArchTestLoad.dll --all-namespaces "$NETCORE" "$ASPNET"
done

echo
printf "| %-15s | %8s | %9s | %13s |\n" program "wall s" "peak MB" "vs floor time"
printf "|%s|%s|%s|%s|\n" "-----------------" "----------" "-----------" "---------------"
FLOOR_S=$(cut -d' ' -f1 "$WORK/floor.runs" | median)
for name in floor migrate netarchtest netarchtest-all; do
  s=$(cut -d' ' -f1 "$WORK/$name.runs" | median)
  mb=$(cut -d' ' -f2 "$WORK/$name.runs" | median)
  printf "| %-15s | %8s | %9s | %13s |\n" "$name" "$s" "$mb" "$(awk -v a="$s" -v b="$FLOOR_S" 'BEGIN { printf "%.2fx", a / b }')"
done
echo
for baseline in floor netarchtest netarchtest-all; do
  printf "migrate / %-15s per round: %s(median %sx)\n" "$baseline" "$(paired "$WORK/migrate.runs" "$WORK/$baseline.runs" 1 | tr '\n' ' ')" \
    "$(paired "$WORK/migrate.runs" "$WORK/$baseline.runs" 1 | median)"
done
echo
echo "floor:       $(cat "$WORK/floor.out")"
echo "migrate:     $(tail -1 "$WORK/migrate.out")"
echo "NetArchTest: $(cat "$WORK/netarchtest.out")"
echo "NetArchTest: $(cat "$WORK/netarchtest-all.out")"
