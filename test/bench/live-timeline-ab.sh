#!/bin/bash
# Interleaved A/B runs of test/bench/live-timeline.sh (docs/performance.md "Results (branch i22-live,
# third session)"): N pairs, bundle A then bundle B, at RATE Mbit/s; one line per attempt with the
# load average (1 min) at its start, kernel drops and connections shed (the node's last stats line),
# and from the 0.25 s polls the largest difference between the two workers' backlogs and the
# highest backlog (batches). Root, like live-timeline.sh; PREFIX names the namespace (default t22lt),
# OUT the directory the timelines are kept in (default a temp directory).
#
#   test/bench/live-timeline-ab.sh N RATE BUNDLE_A BUNDLE_B
set -eu
N=$1
RATE=$2
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/live-ab-XXXXXX")}
export PREFIX=${PREFIX:-t22lt}
for i in $(seq "$N"); do
  for v in A B; do
    bundle=$3
    [ "$v" = B ] && bundle=$4
    out=$OUT/$v-$i.txt
    load=$(cut -d' ' -f1 /proc/loadavg)
    bash "$HERE/live-timeline.sh" "$RATE" "$bundle" > "$out" 2>&1 || true
    node -e '
      const t = require("node:fs").readFileSync(process.argv[1], "utf8");
      const rows = t.split("\n").filter((l) => /^\d+\.\d+ \| \d+ \| \[/.test(l)).map((l) => JSON.parse(l.split(" | ")[2]));
      const diff = Math.max(0, ...rows.map((b) => Math.max(...b) - Math.min(...b)));
      const peak = Math.max(0, ...rows.map((b) => Math.max(...b)));
      const s = t.match(/"kernel_dropped":(\d+).*"shed_connections":(\d+)/);
      console.log(`${process.argv[2]} load ${process.argv[3]} kernel_dropped ${s?.[1]} shed ${s?.[2]} backlog: largest difference ${diff}, peak ${peak}`);
    ' "$out" "$v $i" "$load"
  done
done
echo "timelines in $OUT"
