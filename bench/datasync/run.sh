#!/usr/bin/env bash
# DataSync backfill benchmark on PostgreSQL: a million catalog-like rows from one database to another on
# the same server, by DataSync's backfill and by the raw floor (binary COPY out and in, streamed).
# Usage: bench/datasync/run.sh [rows, default 1000000] [batch size, default 50000]
# Starts a throwaway PostgreSQL cluster (as the tests do), or uses SHOP_TEST_POSTGRES.
# Results are printed; docs/benchmarks.md records the latest run.
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "Building (Release)..."
dotnet build bench/datasync/BackfillBench -c Release -v quiet -nologo > /dev/null
dotnet bench/datasync/BackfillBench/bin/Release/net10.0/BackfillBench.dll "${1:-1000000}" "${2:-50000}"
