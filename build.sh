#!/usr/bin/env bash
# Restores the local tools (Cake, dotnet-ef), then runs build.cake. Default target: Run.
#   ./build.sh                 start the estate under the Aspire AppHost
#   ./build.sh --target=Test   build and run every test
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore > /dev/null
exec dotnet cake build.cake "$@"
