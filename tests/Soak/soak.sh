#!/usr/bin/env bash
# Soak benchmark (issue 23): sequential and concurrent `run`s of one group, file descriptors of a long `up`, and the
# growth of the data root, against the engine DOCKER_HOST names (the shared one by default; it only creates this
# run's own containers, in a throw-away data root, and removes them).
#   tests/Soak/soak.sh           full run (300 sequential runs, 8 concurrent sessions x 5, a 2-minute up); prints the
#                                figures and writes them between the soak markers of docs/reliability.md
#   tests/Soak/soak.sh --smoke   a few of each (CI), writes nothing in the repository
# agentspec is $AGENTSPEC_CLI_BINARY (e.g. the NativeAOT publish), else `dotnet` on the Release build of src/AgentSpec.Cli.
set -euo pipefail
cd "$(dirname "$0")/../.."
smoke=0; [[ "${1:-}" == "--smoke" ]] && smoke=1
if (( smoke )); then sequential=5; sessions=2; rounds=2; hold=5; else sequential=300; sessions=8; rounds=5; hold=120; fi
# Shorter full runs on a busy machine: SOAK_SEQUENTIAL, SOAK_SESSIONS, SOAK_ROUNDS, SOAK_HOLD (seconds of the long up).
sequential=${SOAK_SEQUENTIAL:-$sequential}; sessions=${SOAK_SESSIONS:-$sessions}; rounds=${SOAK_ROUNDS:-$rounds}; hold=${SOAK_HOLD:-$hold}
if [[ -n "${AGENTSPEC_CLI_BINARY:-}" ]]; then cli=("$AGENTSPEC_CLI_BINARY"); else
  dotnet build src/AgentSpec.Cli -c Release -nodeReuse:false -v q >/dev/null
  cli=(dotnet src/AgentSpec.Cli/bin/Release/net10.0/agentspec.dll)
fi
work=$(mktemp -d /tmp/agentspec-soak-XXXXXX); chmod 755 "$work"
home="$work/home"; data="$work/data"
cleanup() { "${cli[@]}" cleanup --data-dir "$data" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$home/papers" "$home/.config/agentspec" "$data"
for s in web-search summarize code-review; do mkdir -p "$data/container/skills/$s"; echo "# $s" > "$data/container/skills/$s/SKILL.md"; done
chmod -R go-w "$work"; chmod 700 "$home/.config" "$home/.config/agentspec"
printf '{ "allowedRoots": [ { "path": "~/papers", "allowReadWrite": false, "description": "papers" } ], "blockedPatterns": [], "nonMainReadOnly": true }\n' \
  > "$home/.config/agentspec/mount-allowlist.json"
chmod 600 "$home/.config/agentspec/mount-allowlist.json"
as() { HOME="$home" "${cli[@]}" "$@" --data-dir "$data"; }
ms() { date +%s%3N; }

HOME="$home" "${cli[@]}" run research --data-dir "$data" -- true >/dev/null   # first run: group-init
before=$(du -sk "$data" | cut -f1)
times=(); failures=0; start=$(ms)
for ((i = 0; i < sequential; i++)); do
  t0=$(ms); if ! HOME="$home" "${cli[@]}" run research --data-dir "$data" -- true >/dev/null 2>"$work/err"; then failures=$((failures + 1)); cat "$work/err" >&2; fi
  times+=($(( $(ms) - t0 )))
done
total=$(( $(ms) - start ))
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
p50=${sorted[$(( ${#sorted[@]} / 2 ))]}; p99=${sorted[$(( (${#sorted[@]} * 99) / 100 < ${#sorted[@]} ? (${#sorted[@]} * 99) / 100 : ${#sorted[@]} - 1 ))]}
after=$(du -sk "$data" | cut -f1)

concurrent_failures=0; cstart=$(ms)
for ((r = 0; r < rounds; r++)); do
  pids=()
  for ((s = 0; s < sessions; s++)); do HOME="$home" "${cli[@]}" run research --session "soak-$s" --data-dir "$data" -- true >/dev/null 2>&1 & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || concurrent_failures=$((concurrent_failures + 1)); done
done
concurrent=$(( $(ms) - cstart ))

HOME="$home" "${cli[@]}" up research --session soak-up --data-dir "$data" -- sleep "$hold" >/dev/null 2>&1 & up=$!
sleep 2; fd_start=$(ls "/proc/$up/fd" 2>/dev/null | wc -l); sleep $(( hold - 3 > 0 ? hold - 3 : 1 )); fd_end=$(ls "/proc/$up/fd" 2>/dev/null | wc -l)
wait "$up" || true
grown=$(( $(du -sk "$data" | cut -f1) - after ))
left=$(HOME="$home" "${cli[@]}" ps --data-dir "$data" | tail -n +2 | wc -l)

report=$(cat <<REPORT
| soak figure | value |
|---|---|
| sequential \`run research -- true\` | $sequential runs in $(( total / 1000 )) s, $failures failed; p50 $(( p50 ))ms, p99 $(( p99 ))ms |
| data root growth over the sequential runs | $(( after - before )) KiB |
| concurrent sessions | $rounds rounds of $sessions sessions at once in $(( concurrent / 1000 )) s, $concurrent_failures failed |
| file descriptors of a long \`up\` | $fd_start after 2 s, $fd_end after $(( hold - 1 )) s |
| data root growth over the concurrent runs and the \`up\` (new session folders) | $grown KiB |
| containers left afterwards | $left |
REPORT
)
echo "$report"
if (( failures + concurrent_failures + left > 0 )); then echo "soak: failures or leftovers (see above)" >&2; exit 1; fi
if (( ! smoke )); then
  python3 - "$report" <<'PY'
import sys, re
p = 'docs/reliability.md'
s = open(p).read()
s = re.sub(r'(<!-- soak:begin -->\n).*?(<!-- soak:end -->)', lambda m: m.group(1) + sys.argv[1] + '\n' + m.group(2), s, flags=re.S)
open(p, 'w').write(s)
PY
fi
