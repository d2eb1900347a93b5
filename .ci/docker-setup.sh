#!/usr/bin/env bash
# Prepares a Docker engine and the tiny local test image on a fresh Debian machine (run as root).
# Idempotent: every step checks first and does nothing when its result is already there.
# Nothing is pulled from a registry: the image is built with `docker import` from busybox-static.
set -euo pipefail

IMAGE="${AGENTSPEC_IMAGE:-agentspec/agent:latest}"
DOCKERD_LOG="${DOCKERD_LOG:-/tmp/dockerd.log}"
WAIT_SECONDS="${DOCKER_WAIT_SECONDS:-60}"

log() { echo "docker-setup: $*"; }

# 1. Engine, busybox-static, the probe's compiler and curl.
# gcc and libc6-dev build the static attack probe of the hardening tests (the image has no libc).
# curl (with its libraries, OpenSSL 3 among them) is the real TLS client of the gateway engine tests: they put the
# host's /usr/bin/curl into an agent image of their own (tests/AgentSpec.Runtime.Tests/Egress/TlsClientImageFixture.cs).
if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1 || [ ! -x /bin/busybox ] \
   || ! command -v gcc >/dev/null 2>&1 || ! ls /usr/lib/*/libc.a >/dev/null 2>&1 || [ ! -x /usr/bin/curl ]; then
  log "installing docker.io, busybox-static, gcc, libc6-dev and curl"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y docker.io busybox-static gcc libc6-dev curl
fi

# 2. A running engine.
if docker info >/dev/null 2>&1; then
  log "engine already answering"
else
  log "starting dockerd (vfs storage, no iptables, no bridge); log in $DOCKERD_LOG"
  # Fully detached: no inherited stdin/stdout/stderr, so whatever runs this script never waits on a pipe.
  nohup dockerd --storage-driver=vfs --iptables=false --bridge=none >"$DOCKERD_LOG" 2>&1 </dev/null &
  disown || true
  for ((i = 0; i < WAIT_SECONDS; i++)); do
    if docker info >/dev/null 2>&1; then
      break
    fi
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    log "dockerd did not answer within ${WAIT_SECONDS}s; last lines of $DOCKERD_LOG:" >&2
    tail -n 30 "$DOCKERD_LOG" >&2 || true
    exit 1
  fi
  log "engine is up"
fi

# 3. The test image, built locally from a busybox-static root filesystem.
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "image $IMAGE already present"
else
  log "building $IMAGE with docker import"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  mkdir -p "$rootfs/bin" "$rootfs/workspace" "$rootfs/home/node" "$rootfs/app" "$rootfs/tmp" \
           "$rootfs/etc" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    # `busybox --list` includes busybox itself: never link over the binary.
    if [ "$applet" != "busybox" ] && [ ! -e "$rootfs/bin/$applet" ]; then
      ln -s busybox "$rootfs/bin/$applet"
    fi
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000:node:/home/node:/bin/sh\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnode:x:1000:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" -cf "$work/rootfs.tar" .
  docker import --change 'CMD ["sh"]' --change 'ENV PATH=/bin' "$work/rootfs.tar" "$IMAGE" >/dev/null
  log "image $IMAGE built"
fi

docker run --rm --network none "$IMAGE" sh -c 'echo docker-setup: image runs' 

# 4. Docker's own default seccomp profile, which the build embeds and narrows (not kept in the repository).
bash "$(dirname "$0")/docker-seccomp-profile.sh"
