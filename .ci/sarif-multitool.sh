#!/usr/bin/env bash
# Installs Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool-linux, a self-contained binary inside the
# package) into artifacts/sarif-multitool/ of this repository, never globally. The SARIF tests run it to validate
# `agentspec check --format sarif` and the build's ErrorLog with the GitHub ingestion rules. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${SARIF_MULTITOOL_VERSION:-5.7.0}"
DEST="artifacts/sarif-multitool"
log() { echo "sarif-multitool: $*"; }

find_tool() { find "$DEST/node_modules/@microsoft/sarif-multitool-linux" -type f -name 'Sarif.Multitool' 2>/dev/null | head -n 1; }

tool=$(find_tool || true)
if [ -n "$tool" ] && [ -f "$DEST/version" ] && [ "$(cat "$DEST/version")" = "$VERSION" ]; then
  log "already installed: $tool"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  log "installing npm (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y npm
fi

mkdir -p "$DEST"
log "installing @microsoft/sarif-multitool-linux@$VERSION into $DEST"
npm install --prefix "$DEST" --no-save --no-audit --no-fund "@microsoft/sarif-multitool-linux@$VERSION" >/dev/null
tool=$(find_tool || true)
if [ -z "$tool" ]; then
  log "the package installed but holds no Sarif.Multitool binary; see $DEST/node_modules/@microsoft/sarif-multitool-linux" >&2
  exit 1
fi
chmod +x "$tool"
echo "$VERSION" > "$DEST/version"
log "installed: $tool"
