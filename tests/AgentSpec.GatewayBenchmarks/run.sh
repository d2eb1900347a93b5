#!/usr/bin/env bash
# Gateway benchmark: builds Release and measures HTTPS latency and 100 MB throughput direct vs through agentspec's
# egress gateway (tunnelled, intercepted) between the same loopback endpoints, in one run.
#   tests/AgentSpec.GatewayBenchmarks/run.sh           full run (about a minute) → docs/performance-gateway.md
#   tests/AgentSpec.GatewayBenchmarks/run.sh --smoke   one short iteration of each; prints the report, writes nothing
#   tests/AgentSpec.GatewayBenchmarks/run.sh --throughput-only [--downloads N] [--only direct|tunnelled|intercepted]
#                                                      while profiling: downloads only, MiB/s and CPU ms per MiB on stderr; writes nothing
# Figures are reported, never asserted: the script fails only when something does not run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
smoke=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke|--throughput-only) smoke+=("$1") ;;
    --downloads|--only) smoke+=("$1" "$2"); shift ;;
    *) ;; # the other scripts' options (--out, --iterations, --reuse-results) do not apply here
  esac
  shift
done
dotnet build -c Release tests/AgentSpec.GatewayBenchmarks -v quiet -nologo >&2
dotnet tests/AgentSpec.GatewayBenchmarks/bin/Release/net10.0/AgentSpec.GatewayBenchmarks.dll "${smoke[@]}" --out "$root/docs/performance-gateway.md"
