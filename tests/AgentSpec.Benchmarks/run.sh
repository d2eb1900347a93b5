#!/usr/bin/env bash
# Builds the benchmarks (and the agentspec binary they spawn) in Release and runs them.
#   tests/AgentSpec.Benchmarks/run.sh            full run; writes docs/performance.md (takes minutes)
#   tests/AgentSpec.Benchmarks/run.sh --smoke    tiny inputs, one iteration, seconds; writes nothing in the repo (CI)
# Other arguments go to the harness (e.g. --sizes 10,1000 --iterations 5 --cli-runs 5).
# Exit code 1 when a check fails (invalid inputs, a step not cached after an unrelated edit, a broken CLI).
set -euo pipefail
cd "$(dirname "$0")/../.."

smoke=0
for a in "$@"; do [ "$a" = "--smoke" ] && smoke=1; done

dotnet build -c Release tests/AgentSpec.Benchmarks/AgentSpec.Benchmarks.csproj -nologo -v quiet
# The CLI figures are of the binary ./agentspec runs: the NativeAOT publish (made here when its sources changed).
./agentspec --version >/dev/null
cli=(--cli "$PWD/artifacts/agentspec/agentspec")
if [ "$smoke" = 1 ]; then
  out="$(mktemp -d)/performance.md"
  dotnet tests/AgentSpec.Benchmarks/bin/Release/net10.0/AgentSpec.Benchmarks.dll --write "$out" "${cli[@]}" "$@"
  echo "smoke report: $out"
else
  dotnet tests/AgentSpec.Benchmarks/bin/Release/net10.0/AgentSpec.Benchmarks.dll --write docs/performance.md "${cli[@]}" "$@"
fi
