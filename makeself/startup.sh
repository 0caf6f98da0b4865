#!/bin/sh
# Run by the makeself archive after it has unpacked (and checked) its payload, from the
# extraction directory, with every argument given after `--`. The installer is a command of the
# node binary itself; --payload-dir tells it where the rest of the payload is (docs/build.md).
set -e
DIR=$(cd "$(dirname "$0")" && pwd)
exec "$DIR/bin/native-node" installer --payload-dir "$DIR" "$@"
