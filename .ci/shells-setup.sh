#!/usr/bin/env bash
# zsh and fish, the shells `agentspec completion` writes scripts for besides bash: the completion tests run each
# script in its real shell. Idempotent: installs only what is missing (Debian packages).
set -euo pipefail
missing=()
command -v zsh >/dev/null 2>&1 || missing+=(zsh)
command -v fish >/dev/null 2>&1 || missing+=(fish)
if [ ${#missing[@]} -gt 0 ]; then
  echo "shells-setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
