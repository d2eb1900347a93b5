#!/usr/bin/env bash
# Runs every benchmark and writes docs/performance.md with all figures from this run: first the launch path
# (real containers; writes docs/performance-launch.md), then the compiler, whose report includes the launch one.
#   tests/run-benchmarks.sh           full run (tens of minutes on a 2-core machine)
#   tests/run-benchmarks.sh --smoke   one iteration of each, writes nothing in the repository (CI runs this)
# Then the egress gateway (tests/AgentSpec.GatewayBenchmarks: docs/performance-gateway.md).
# Last, the soak benchmark of issue 23 (tests/Soak/soak.sh): its figures go to docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/AgentSpec.LaunchBenchmarks/run.sh "$@"
bash tests/AgentSpec.Benchmarks/run.sh "$@"
bash tests/AgentSpec.GatewayBenchmarks/run.sh "$@"
bash tests/Soak/soak.sh "$@"
