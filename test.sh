#!/usr/bin/env bash
# Runs every test of AgentSpec on this machine: makes sure a local Docker engine and the small test image
# exist (installing docker.io and busybox-static with apt when missing), then runs the whole test suite
# (unit, generator, end-to-end build, fuzz, integration tests against real containers, and rendered Kubernetes
# manifests played by podman), the CLI tests a second time against the NativeAOT binary that ./agentspec and
# run.sh run, a smoke run of the benchmarks so they cannot rot, and a smoke of the mutation-testing step.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

bash .ci/docker-setup.sh
bash .ci/aot-setup.sh
# Podman, the local consumer of rendered Kubernetes manifests (`podman kube play`), with the image imported from Docker.
bash .ci/podman-setup.sh
# zsh and fish: the completion tests run the scripts `agentspec completion` prints in their real shells.
bash .ci/shells-setup.sh
# Microsoft's SARIF Multitool (npm) into artifacts/: the SARIF tests validate with GitHub's code-scanning rules.
bash .ci/sarif-multitool.sh

log=$(mktemp)
status=0
# The NativeAOT binary first (./agentspec publishes it when stale): the egress gateway engine tests make the gateway
# image from it (tests/AgentSpec.Runtime.Tests/Egress, GatewayImageFixture finds artifacts/agentspec/agentspec).
published=0
./agentspec --version >/dev/null && published=1
dotnet test AgentSpec.sln -c Release -nodeReuse:false 2>&1 | tee "$log" || status=$?

# The CLI tests again, against the fast build: the NativeAOT publish, every test included (signals, security,
# engine). Cli.cs runs $AGENTSPEC_CLI_BINARY instead of `dotnet agentspec.dll`.
if [ "$published" = 1 ]; then
  AGENTSPEC_CLI_BINARY="$PWD/artifacts/agentspec/agentspec" \
    dotnet test tests/AgentSpec.Cli.Tests -c Release --no-build -nodeReuse:false 2>&1 | tee -a "$log" || status=$?
  # `render kubernetes` is tested through the process too (the same Cli helper).
  AGENTSPEC_CLI_BINARY="$PWD/artifacts/agentspec/agentspec" \
    dotnet test tests/AgentSpec.Kubernetes.Tests -c Release --no-build -nodeReuse:false --filter "FullyQualifiedName~RenderCommandTests" 2>&1 | tee -a "$log" || status=$?
else
  echo "test.sh: the NativeAOT publish failed (above); the CLI tests did not run against it" >&2
  status=1
fi

# Benchmark smoke runs (tiny inputs, one iteration; timings are reported, never asserted) so they cannot rot.
bash tests/run-benchmarks.sh --smoke || status=$?

# Mutation-testing smoke (one small file, a few mutants): the tool installs, runs and its report is read.
# The full run is tests/mutation.sh (about an hour); its scores are in docs/testing.md.
bash tests/mutation.sh --smoke || status=$?

# One closing line for every test assembly together.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "$passed passed, $failed failed"
exit $status
