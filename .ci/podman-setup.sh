#!/usr/bin/env bash
# Prepares Podman as the local consumer of rendered Kubernetes manifests (`podman kube play`) on a fresh Debian
# machine (run as root, after docker-setup.sh). Idempotent: every step checks first.
# Nothing is pulled: the image is imported (`podman import`) from the local Docker image docker-setup.sh built.
set -euo pipefail

IMAGE="${AGENTSPEC_IMAGE:-agentspec/agent:latest}"
# vfs: no overlay mounts inside this sandbox. Every podman call of the tests passes the same flag.
PODMAN=(podman --storage-driver=vfs)

log() { echo "podman-setup: $*"; }

# 1. Podman and the init it runs as each pod's infra process.
if ! command -v podman >/dev/null 2>&1 || ! command -v catatonit >/dev/null 2>&1; then
  log "installing podman and catatonit"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends podman catatonit
fi

# 2. Rlimits this sandbox can set: it lacks CAP_SYS_RESOURCE, so podman's defaults (raising nofile/nproc) fail with
#    "error setting rlimit ... operation not permitted". Written only when missing or different.
conf=/etc/containers/containers.conf
want='[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]'
if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
  if [ -s "$conf" ] && ! grep -q 'default_ulimits = \["nofile=1024:1024", "nproc=1024:1024"\]' "$conf"; then
    cp "$conf" "$conf.before-agentspec"
    log "kept the previous $conf as $conf.before-agentspec"
  fi
  mkdir -p /etc/containers
  printf '%s\n' "$want" >"$conf"
  log "wrote $conf"
fi

# 3. The test image, imported from the Docker engine's copy (created, exported, removed: never started, never pulled).
if "${PODMAN[@]}" image exists "$IMAGE"; then
  log "image $IMAGE already present in podman"
else
  log "importing $IMAGE into podman from the local Docker image"
  work="$(mktemp -d)"
  cid="$(docker create "$IMAGE" sh)"
  trap 'docker rm "$cid" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  docker export -o "$work/rootfs.tar" "$cid"
  "${PODMAN[@]}" import --change 'CMD ["sh"]' --change 'ENV PATH=/bin' "$work/rootfs.tar" "$IMAGE" >/dev/null
  log "image $IMAGE imported"
fi

"${PODMAN[@]}" run --rm --network none --user 1000:1000 "$IMAGE" sh -c 'echo podman-setup: image runs as $(id -u)'
