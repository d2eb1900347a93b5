#!/usr/bin/env bash
# Provides what a NativeAOT publish needs on Debian: clang (the native linker driver the ILCompiler package calls) and
# zlib's headers/library for linking. Idempotent: does nothing when both are there. Run as root to install.
set -euo pipefail
log() { echo "aot-setup: $*" >&2; }
if command -v clang >/dev/null 2>&1 && ls /usr/lib/*/libz.so >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  log "clang or zlib1g-dev is missing and this is not root; install them (apt-get install clang zlib1g-dev) to publish agentspec with NativeAOT"
  exit 1
fi
log "installing clang and zlib1g-dev (the NativeAOT linker toolchain)"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends clang zlib1g-dev >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y --no-install-recommends clang zlib1g-dev >/dev/null; }
command -v clang >/dev/null 2>&1 || { log "clang is still missing after apt-get install"; exit 1; }
log "clang $(clang --version | head -n1)"
