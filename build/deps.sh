#!/usr/bin/env bash
# Installs the Debian packages `npm run build` needs, only those missing (a no-op when all are
# there). Called by build/build.ts and by .ci/run. Needs root when something is missing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
host=$(dpkg --print-architecture)
# libpcap0.8-dev is named with its architecture: once the arm64 one is in, the bare name is ambiguous.
native=(makeself qemu-user-static gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu
        flex bison make g++ python3 dpkg-dev file "libpcap0.8-dev:$host")
# For cross-building the addon and running the aarch64 node under qemu-user.
foreign=(libpcap0.8-dev:arm64 libc6:arm64 libstdc++6:arm64)
need=()
for pkg in "${native[@]}" "${foreign[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "build: missing Debian packages: ${need[*]}. Run as root: build/deps.sh" >&2
  exit 1
fi
echo "build: installing Debian packages: ${need[*]}"
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
