#!/usr/bin/env bash
# Provides Docker's own default seccomp profile for the build, which embeds it in AgentSpec.Runtime and narrows it
# in code (src/AgentSpec.Runtime/Seccomp/README.md). It is not kept in this repository: it comes from Debian's
# package of the same moby release as the engine here (golang-github-docker-docker-dev 20.10.24, Apache-2.0),
# extracted without installing the package, and is checked against its known SHA-256.
#   .ci/docker-seccomp-profile.sh [DEST]   (default: artifacts/seccomp/docker-default.json)
# Idempotent; works as any user once apt's package lists exist (`apt-get update` as root otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE="golang-github-docker-docker-dev"
VERSION="${AGENTSPEC_SECCOMP_PACKAGE_VERSION:-20.10.24+dfsg1-1+deb12u1}"
MEMBER="./usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json"
SHA256="e5e91f884647e7332b3f89280777752f563df4f1372a186f14ddb7bf2f55cf61"
DEST="${1:-artifacts/seccomp/docker-default.json}"

log() { echo "docker-seccomp-profile: $*" >&2; }

if [ -s "$DEST" ] && echo "$SHA256  $DEST" | sha256sum --check --status; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log "downloading $PACKAGE=$VERSION (only to extract moby's default seccomp profile)"
if ! (cd "$work" && apt-get download "$PACKAGE=$VERSION" >/dev/null 2>&1); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update >/dev/null
  fi
  (cd "$work" && apt-get download "$PACKAGE=$VERSION") || {
    log "cannot download $PACKAGE=$VERSION; run 'apt-get update' as root, or set AgentSpecDockerSeccompProfile to a copy of moby's profiles/seccomp/default.json"
    exit 1
  }
fi

dpkg-deb --fsys-tarfile "$work"/*.deb | tar -xO "$MEMBER" >"$work/default.json"
if ! echo "$SHA256  $work/default.json" | sha256sum --check --status; then
  log "the profile in $PACKAGE=$VERSION does not have the expected SHA-256 $SHA256; refusing to use it"
  exit 1
fi

mkdir -p "$(dirname "$DEST")"
mv "$work/default.json" "$DEST"
log "wrote $DEST"
