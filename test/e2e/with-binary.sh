#!/usr/bin/env bash
# The mirror scenarios with the shipped binary as the node instead of the repository's CLI
# (docs/e2e.md): extracts the installer archive (default: this version's x86_64 or aarch64 one in
# build/dist/, whichever matches this machine) and runs `npm run test:e2e` with AIO_E2E_NODE set.
#   test/e2e/with-binary.sh [ARCHIVE]
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(node -p 'require("./package.json").version')
archive=${1:-build/dist/aio-native-$version.$(uname -m).sh}
[ -f "$archive" ] || { echo "with-binary: no archive $archive (run npm run build, or pass the archive's path)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sh "$archive" --quiet --noexec --target "$dir/node"
[ -x "$dir/node/bin/native-node" ] || { echo "with-binary: $archive has no bin/native-node" >&2; exit 2; }
AIO_E2E_NODE="$dir/node/bin/native-node" npm run --silent test:e2e
