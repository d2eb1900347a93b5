#!/usr/bin/env bash
# The main job: builds agentspec (groups.yaml is compiled into it), makes sure a local Docker engine and
# the small local image exist, then runs the `main` group's container from its compiled plan.
#
# It runs in a sandbox under .agentspec/: a home folder holding the host folders groups.yaml mounts for
# `main` (~/projects/webapp, ~/notes) and an operator allowlist for them, and the data root. Your real
# home is not touched. Pass a command to run instead of the demo one: ./run.sh -- ls -la /workspace
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"

bash .ci/docker-setup.sh >&2
./agentspec --version >/dev/null  # builds (NativeAOT publish into artifacts/agentspec) when needed

sandbox="$root/.agentspec"
export HOME="$sandbox/home"
data="$sandbox/data"
mkdir -p "$HOME/projects/webapp" "$HOME/notes" "$HOME/.config/agentspec"
[ -f "$HOME/projects/webapp/README" ] || echo "demo project" >"$HOME/projects/webapp/README"
# main mounts these two read-write. Containers never run as root: run as root, agentspec runs them as 1000:1000
# (the image's node user), so that user must own the folders it writes (otherwise the spawn is refused, saying so).
if [ "$(id -u)" = 0 ]; then
  chown -R 1000:1000 "$HOME/projects/webapp" "$HOME/notes"
fi
allowlist="$HOME/.config/agentspec/mount-allowlist.json"
if [ ! -f "$allowlist" ]; then
  cat >"$allowlist" <<'JSON'
{
  "allowedRoots": [
    { "path": "~/projects", "allowReadWrite": true, "description": "code the agents work on" },
    { "path": "~/notes", "allowReadWrite": true, "description": "the main group's notes" }
  ],
  "blockedPatterns": [],
  "nonMainReadOnly": true
}
JSON
fi

if [ "${1:-}" = "--" ]; then
  shift
  exec ./agentspec run main --data-dir "$data" -- "$@"
fi

./agentspec plan main --data-dir "$data"
exec ./agentspec run main --data-dir "$data" -- sh -c '
  echo "hello from group $AGENTSPEC_GROUP_ID; SKILL_DATA_DIR=$SKILL_DATA_DIR"
  date >> "$SKILL_DATA_DIR/runs.log"
  echo "runs recorded in skill-data: $(wc -l < "$SKILL_DATA_DIR/runs.log")"
  echo "operator mounts:"; ls /workspace/extra
  if touch /workspace/global/x 2>/dev/null; then echo "global is writable (unexpected)"; exit 1; else echo "global is read-only, as planned"; fi'
