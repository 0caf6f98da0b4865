#!/usr/bin/env bash
# Smoke tests of the installers `npm run build` wrote to build/dist/ (run by .ci/run):
# checksums and makeself's own integrity check, the archive options, the installer behind `--`,
# both binaries' `version` (aarch64 under qemu-user), and replays of generated captures, which
# must give byte-identical records on x86_64 and on aarch64 under qemu.
#   build/smoke.sh [CAPTURE...]   also replays these captures (pcap/pcapng) on both architectures
set -euo pipefail
extra=()
for c in "$@"; do extra+=("$(realpath "$c")"); done
cd "$(dirname "$0")/.."
version=$(node -p 'require("./package.json").version')
x64=build/dist/aio-native-$version.x86_64.sh
arm=build/dist/aio-native-$version.aarch64.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { echo "smoke: ok: $*"; }
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

(cd build/dist && sha256sum --quiet -c SHA256SUMS) || fail "build/dist/SHA256SUMS does not match the archives"
ok "SHA256SUMS"
for a in "$x64" "$arm"; do
  "$a" --check >"$work/check.log" 2>&1 || { cat "$work/check.log" >&2; fail "$a --check"; }
done
ok "--check (both archives)"
# Into files, not `| grep -q`: grep stopping early would kill the archive with SIGPIPE.
for opt in --info --list --help; do "$x64" "$opt" >"$work/$opt.txt" 2>&1 || fail "$x64 $opt exited $?"; done
grep -q "^Identification: aio-native $version (x86_64)$" "$work/--info.txt" || fail "$x64 --info"
grep -q ' \./bin/native-node$' "$work/--list.txt" || fail "$x64 --list has no ./bin/native-node"
grep -q -- '--target dir' "$work/--help.txt" || fail "$x64 --help"
ok "--info, --list, --help"

# A damaged archive must refuse to run (makeself exits 2 before running anything).
cp "$x64" "$work/damaged.sh"
printf 'X' | dd of="$work/damaged.sh" bs=1 seek=$(( $(stat -c %s "$x64") - 4096 )) conv=notrunc status=none
if "$work/damaged.sh" --quiet --noexec --target "$work/damaged" >/dev/null 2>&1; then fail "a damaged archive extracted"; fi
ok "a damaged archive is refused"

"$x64" --quiet --noexec --target "$work/x86_64"
"$arm" --quiet --noexec --target "$work/aarch64"
for f in bin/native-node lib/cap.node VERSION ARCH startup.sh THIRD-PARTY-NOTICES; do
  [ -e "$work/x86_64/$f" ] || fail "$x64 has no $f"
done
xbin=$work/x86_64/bin/native-node
abin=$work/aarch64/bin/native-node
[[ $("$xbin" version) == "native-node $version (linux-x64, node 22."* ]] || fail "x86_64 binary version"
[[ $(qemu-aarch64-static "$abin" version) == "native-node $version (linux-arm64, node 22."* ]] || fail "aarch64 binary version"
ok "--noexec --target; version on x86_64 and on aarch64 (qemu)"
# The packaged binary loads lib/cap.node from beside its own bin/ (node/capture/cap-loader.ts).
# Not under qemu: libpcap's ethtool ioctls are not emulated there.
[[ $("$xbin" interfaces) == *lo* ]] || fail "x86_64 binary: interfaces (libpcap addon from lib/cap.node)"
ok "x86_64 binary lists interfaces through lib/cap.node"

if [[ $("$xbin" --help) == *$'\n  installer '* ]]; then
  "$x64" --quiet -- --help >"$work/help.txt" || fail "$x64 -- --help exited $?"
  for opt in --batch --token --mode --go-node-config --host --help --version --preserve --uninstall --reinstall; do
    grep -q -- "$opt" "$work/help.txt" || fail "$x64 -- --help does not mention $opt"
  done
  [[ $("$x64" --quiet -- --version) == *"$version"* ]] || fail "$x64 -- --version"
  ok "-- --help lists the installer options; -- --version"
else
  echo "smoke: SKIPPED: -- --help / -- --version (the binary has no installer command yet)"
fi

if "$xbin" replay --help >/dev/null 2>&1; then
  npx tsx build/smoke-capture.ts "$work"
  n=0
  for capture in "$work/mix.pcapng" "$work/demo.pcap" ${extra[@]+"${extra[@]}"}; do
    n=$((n + 1))
    out=$work/replay-$n
    for arch in x86_64 aarch64; do
      run=(); [ "$arch" = aarch64 ] && run=(qemu-aarch64-static)
      "${run[@]}" "$work/$arch/bin/native-node" replay "$capture" \
        --emit transaction,attack,vulnerability,api_endpoint,session >"$out.$arch.jsonl" 2>"$out.$arch.log" \
        || { cat "$out.$arch.log" >&2; fail "$arch replay of $capture"; }
    done
    records=$(wc -l <"$out.x86_64.jsonl")
    [ "$records" -gt 0 ] || fail "replay of $capture gave no records"
    if ! cmp -s "$out.x86_64.jsonl" "$out.aarch64.jsonl"; then
      diff "$out.x86_64.jsonl" "$out.aarch64.jsonl" | cut -c1-240 | head -20 >&2
      for arch in x86_64 aarch64; do echo "$arch replay summary:"; cat "$out.$arch.log"; done >&2
      fail "aarch64 records differ from x86_64 for $capture"
    fi
    ok "replay of $(basename "$capture"): $records records, identical on x86_64 and aarch64 (qemu)"
  done
else
  echo "smoke: SKIPPED: replay on both architectures (the binary has no replay command yet)"
fi
echo "smoke: all passed"
