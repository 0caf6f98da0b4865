/**
 * `npm run bench`: on one generated capture of at least 500 MB (issue 10's size; `--mb 200` for
 * a quicker run), a realistic request mix, plain and with 5 % attacks, and on a capture of small
 * API transactions with 5 % attacks (`--api-mb`, default 200; test/bench/capture.ts):
 * the bare pcap walk (the floor), our replay from the esbuild bundle the installers ship
 * (attacks only; transaction records only, the job Suricata does here; every record type;
 * optionally with worker threads) and Suricata (`suricata -r`,
 * single runmode, no rules, eve http log).
 * Every run is a child process measured by /usr/bin/time: wall time and CPU time (user+sys, all
 * threads), peak RSS; our replays also report their main thread's CPU time (main-thread.cjs), which
 * is what wall time comes to on an idle machine (V8 compiles and collects on other threads). Rates are given per CPU second (the figure that survives a busy machine) and per
 * wall second; ratios are ours / Suricata's time (<= 1.0: we are at least as fast).
 *
 *   npm run bench -- [--mb 500] [--api-mb 200] [--tls-mb 200] [--h2c-mb 200] [--ws-mb 200] [--repeat 3] [--workers 2] [--no-suricata] [--bundle FILE] [--node shipped|this|PATH]
 *
 * --api-mb 0 leaves the API capture out. --tls-mb: the plain mix again, every connection TLS 1.3
 * (AES-128-GCM) with its key log (docs/tls.md): replay --tls-keylog beside the plain replay of
 * the same mix, per byte (issue 20: within 2x); 0 leaves it out. `--h2c-mb` (default 200; 0 leaves it out): the plain mix's
 * exchanges as HTTP/2 with prior knowledge (test/bench/capture.ts `h2c`), with the CPU time per byte
 * of its replays against the plain capture's (docs/http2.md "Speed"). `--ws-mb` (default 200; 0 leaves it out): the
 * plain mix's exchanges as WebSocket messages (test/bench/capture.ts `ws`), compared the same way
 * (docs/websocket.md "Speed").
 *
 * --bundle benches an existing bundle (e.g. a release's) instead of building one from the tree.
 * --node: the node that runs the bundle. `shipped` (default): the pinned node 22 runtime the
 * installers embed (build/runtimes.ts fetches it from the npm registry once, as `npm run build`
 * does), so the figures are the shipped binary's; `this`: the node running the bench.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundle } from '../../build/bundle';
import { benchCapture, benchTlsCapture, type BenchMix } from './capture';
import { runWalkBench } from './walk';
import { formatTunnelBench, runTunnelBench } from './tunnels';
import { apt, ensureSuricata } from './suricata';
import { ARCHES } from '../../build/paths';
import { fetchRuntime } from '../../build/runtimes';

/** The replay runs from the same esbuild bundle the installers ship, not through tsx. */
let BUNDLE = path.join(tmpdir(), 'aio-native-bench.cjs');
/** The node that runs the bundle (see --node). */
let NODE = process.execPath;
const SURICATA_DIR = path.join(tmpdir(), 'aio-native-bench-suricata');
const TIME = '/usr/bin/time';
const ALL_RECORDS = 'transaction,attack,vulnerability,api_endpoint,session';

/** Suricata as a pure HTTP logger: no rules, one packet thread, eve http records only. */
const SURICATA_YAML = `%YAML 1.1
---
default-log-dir: ${SURICATA_DIR}
outputs:
  - eve-log:
      enabled: yes
      filetype: regular
      filename: eve.json
      types:
        - http:
            extended: yes
app-layer:
  protocols:
    http:
      enabled: yes
`;

interface Run {
  wall: number;
  cpu: number;
  /** CPU seconds of the main thread alone (our replays; NaN for Suricata). */
  mainCpu: number;
  peakRssBytes: number;
  transactions: number;
}

interface Row {
  label: string;
  best: Run;
}

/** Runs `argv` under /usr/bin/time; `count` reads the transaction count once it has exited. */
function measure(argv: string[], count: (stderr: string) => number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ['-f', 'BENCH-TIME %e %U %S %M', ...argv], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => {
      const m = /BENCH-TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (code !== 0 || m === null) return reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      const main = /BENCH-MAIN-THREAD ([\d.]+)/.exec(stderr);
      resolve({
        wall: Number(m[1]),
        cpu: Number(m[2]) + Number(m[3]),
        mainCpu: main ? Number(main[1]) : Number.NaN,
        peakRssBytes: Number(m[4]) * 1024,
        transactions: count(stderr),
      });
    });
  });
}

/** The best of `repeat` runs: least CPU time (and, separately, least wall time). */
async function best(repeat: number, run: () => Promise<Run>): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < repeat; i++) runs.push(await run());
  const byCpu = runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
  return { ...byCpu, wall: Math.min(...runs.map((r) => r.wall)), mainCpu: Math.min(...runs.map((r) => r.mainCpu)) };
}

function replay(file: string, emit: string, workers: number, extra: string[] = []): Promise<Run> {
  const argv = [
    NODE,
    '-r',
    path.join(__dirname, 'main-thread.cjs'),
    BUNDLE,
    'replay',
    file,
    '--emit',
    emit,
    '--output',
    '/dev/null',
    ...extra,
  ];
  if (workers > 1) argv.push('--workers', String(workers));
  return measure(argv, (stderr) => Number(/transactions=(\d+)/.exec(stderr)?.[1] ?? 0));
}

function suricata(file: string): Promise<Run> {
  const eve = path.join(SURICATA_DIR, 'eve.json');
  // eve.json is appended to: each run counts only its own transactions.
  rmSync(eve, { force: true });
  const argv = [
    'suricata',
    '-c',
    path.join(SURICATA_DIR, 'suricata.yaml'),
    '-r',
    file,
    '--runmode',
    'single',
    '-k',
    'none',
    '-S',
    '/dev/null',
    '-l',
    SURICATA_DIR,
  ];
  return measure(
    argv,
    () =>
      readFileSync(eve, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"event_type":"http"')).length,
  );
}

/** `shipped`: the installers' pinned runtime for this machine's architecture; `this`: this node. */
function benchNode(choice: string): string {
  if (choice === 'this') return process.execPath;
  if (choice !== 'shipped') return path.resolve(choice);
  const arch = ARCHES.find((a) => a.node === process.arch);
  if (arch === undefined) throw new Error(`bench: no shipped runtime for ${process.arch}; use --node this`);
  return path.join(fetchRuntime(arch).dir, 'bin/node');
}

/** Installs GNU time and Suricata with apt when missing (test/bench/suricata.ts). Returns why Suricata is unavailable, or null. */
function ensureTools(): string | null {
  if (!existsSync(TIME) && !apt(['install', '-y', '-q', 'time']))
    throw new Error(`${TIME} is missing and apt-get install time failed`);
  return ensureSuricata();
}

function format(rows: Row[], frameBytes: number, packets: number, reference: Run | null): string {
  const head = `${'run'.padEnd(26)} ${'wall s'.padStart(7)} ${'cpu s'.padStart(6)} ${'main s'.padStart(6)} ${'Gbit/s/cpu'.padStart(10)} ${'Gbit/s'.padStart(7)} ${'kpkt/s/cpu'.padStart(10)} ${'tx/s/cpu'.padStart(9)} ${'tx'.padStart(6)} ${'RSS MiB'.padStart(7)} ${'cpu/suri'.padStart(8)} ${'wall/suri'.padStart(9)}`;
  const lines = rows.map(({ label, best: r }) =>
    [
      label.padEnd(26),
      r.wall.toFixed(2).padStart(7),
      r.cpu.toFixed(2).padStart(6),
      (Number.isNaN(r.mainCpu) ? '-' : r.mainCpu.toFixed(2)).padStart(6),
      ((frameBytes * 8) / r.cpu / 1e9).toFixed(2).padStart(10),
      ((frameBytes * 8) / r.wall / 1e9).toFixed(2).padStart(7),
      (packets / r.cpu / 1e3).toFixed(0).padStart(10),
      (r.transactions / r.cpu).toFixed(0).padStart(9),
      String(r.transactions).padStart(6),
      (r.peakRssBytes / 2 ** 20).toFixed(0).padStart(7),
      (reference ? (r.cpu / reference.cpu).toFixed(2) : '-').padStart(8),
      (reference ? (r.wall / reference.wall).toFixed(2) : '-').padStart(9),
    ].join(' '),
  );
  return [head, ...lines].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '500' },
      'api-mb': { type: 'string', default: '200' },
      'tls-mb': { type: 'string', default: '200' },
      'h2c-mb': { type: 'string', default: '200' },
      'ws-mb': { type: 'string', default: '200' },
      repeat: { type: 'string', default: '3' },
      workers: { type: 'string', default: '0' },
      'no-suricata': { type: 'boolean', default: false },
      bundle: { type: 'string' },
      node: { type: 'string', default: 'shipped' },
    },
  });
  const repeat = Number(values.repeat);
  const workers = Number(values.workers);
  const minBytes = Number(values.mb) * 1024 * 1024;
  if (values.bundle !== undefined) BUNDLE = path.resolve(values.bundle);
  else await bundle(BUNDLE);
  NODE = benchNode(values.node);
  process.stdout.write(`replay runs on ${NODE} (node ${spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()})\n`);
  const noSuricata = values['no-suricata'] ? '--no-suricata' : ensureTools();
  if (noSuricata !== null) process.stdout.write(`suricata skipped: ${noSuricata}\n`);
  else {
    mkdirSync(SURICATA_DIR, { recursive: true });
    writeFileSync(path.join(SURICATA_DIR, 'suricata.yaml'), SURICATA_YAML);
  }
  process.stdout.write(
    `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; best of ${repeat} runs each (least CPU time; least wall time)\n`,
  );
  // --mb 0 leaves the web mix out (e.g. to run only the TLS rows).
  const captures: { name: string; ratio: number; mix: BenchMix; minBytes: number }[] =
    minBytes > 0
      ? [
          { name: 'plain', ratio: 0, mix: 'web', minBytes },
          { name: '5 % attacks', ratio: 0.05, mix: 'web', minBytes },
        ]
      : [];
  const apiBytes = Number(values['api-mb']) * 1024 * 1024;
  if (apiBytes > 0) captures.push({ name: 'small API transactions, 5 % attacks', ratio: 0.05, mix: 'api', minBytes: apiBytes });
  const h2cBytes = Number(values['h2c-mb']) * 1024 * 1024;
  if (h2cBytes > 0)
    captures.push({ name: 'h2c: the plain mix as HTTP/2 (prior knowledge)', ratio: 0, mix: 'h2c', minBytes: h2cBytes });
  const wsBytes = Number(values['ws-mb']) * 1024 * 1024;
  if (wsBytes > 0) captures.push({ name: 'ws: the plain mix as WebSocket messages', ratio: 0, mix: 'ws', minBytes: wsBytes });
  /** CPU seconds per file byte of each replay row, by capture mix (plain web and h2c compared). */
  const perByte = new Map<string, Map<string, number>>();
  for (const { name, ratio, mix, minBytes } of captures) {
    const file = benchCapture(minBytes, ratio, mix);
    const walk = await runWalkBench({ file, minBytes: 0, rounds: Math.max(3, repeat) });
    process.stdout.write(
      `\n== ${name}: ${file}, ${(walk.fileBytes / 1e6).toFixed(0)} MB, ${walk.packets} packets\n` +
        `pcap walk (in process, floor): ${walk.walk.gbps.toFixed(2)} Gbit/s, ${(walk.walk.pps / 1e6).toFixed(2)} Mpackets/s; walk + decode ${walk.decode.gbps.toFixed(2)} Gbit/s\n`,
    );
    const rows: Row[] = [];
    const reference = noSuricata === null ? await best(repeat, () => suricata(file)) : null;
    if (reference) rows.push({ label: 'suricata (single, no rules)', best: reference });
    rows.push({ label: 'replay attacks', best: await best(repeat, () => replay(file, 'attack', 1)) });
    // What Suricata is asked to do here: one record per HTTP transaction.
    rows.push({ label: 'replay transactions', best: await best(repeat, () => replay(file, 'transaction', 1)) });
    rows.push({ label: 'replay all records', best: await best(repeat, () => replay(file, ALL_RECORDS, 1)) });
    if (workers > 1) {
      rows.push({ label: `replay attacks, ${workers} workers`, best: await best(repeat, () => replay(file, 'attack', workers)) });
      rows.push({ label: `replay all, ${workers} workers`, best: await best(repeat, () => replay(file, ALL_RECORDS, workers)) });
    }
    process.stdout.write(`${format(rows, walk.frameBytes, walk.packets, reference)}\n`);
    if (ratio === 0 && mix !== 'api') perByte.set(mix, new Map(rows.map((r) => [r.label, r.best.cpu / walk.fileBytes])));
  }
  const web = perByte.get('web');
  for (const [mix, title] of [
    ['h2c', 'h2c / plain HTTP/1.1, CPU time per capture byte (the issue-24 goal: at most 1.5)'],
    ['ws', 'WebSocket / plain HTTP/1.1, CPU time per capture byte (docs/websocket.md "Speed")'],
  ] as const) {
    const other = perByte.get(mix);
    if (web === undefined || other === undefined) continue;
    process.stdout.write(`\n== ${title}\n`);
    for (const [label, cpu] of other)
      if (web.has(label) && label.startsWith('replay'))
        process.stdout.write(`${label.padEnd(26)} ${(cpu / web.get(label)!).toFixed(2)}\n`);
  }
  process.stdout.write(`\n${formatTunnelBench(runTunnelBench())}\n`);
  const tlsBytes = Number(values['tls-mb']) * 1024 * 1024;
  if (tlsBytes > 0) await tlsBench(tlsBytes, repeat);
}

/**
 * TLS: the plain web mix and the same mix with every connection in TLS 1.3, both of `bytes`,
 * replayed interleaved (plain, TLS, plain, TLS...) so machine load hits both alike; the ratio
 * is CPU time per captured byte, TLS over plain.
 */
async function tlsBench(bytes: number, repeat: number): Promise<void> {
  const tls = benchTlsCapture(bytes);
  const plainFile = tls.plain;
  const plainWalk = await runWalkBench({ file: plainFile, minBytes: 0, rounds: 1 });
  const tlsWalk = await runWalkBench({ file: tls.file, minBytes: 0, rounds: 1 });
  const plainRuns: Run[] = [];
  const tlsRuns: Run[] = [];
  for (let i = 0; i < repeat; i++) {
    plainRuns.push(await replay(plainFile, 'transaction', 1));
    tlsRuns.push(await replay(tls.file, 'transaction', 1, ['--tls-keylog', tls.keylog]));
  }
  const pick = (runs: Run[]): Run => {
    const byCpu = runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
    return { ...byCpu, wall: Math.min(...runs.map((r) => r.wall)), mainCpu: Math.min(...runs.map((r) => r.mainCpu)) };
  };
  const plain = pick(plainRuns);
  const t = pick(tlsRuns);
  process.stdout.write(
    `\n== TLS 1.3 (AES-128-GCM, key log): ${tls.file}, ${(tlsWalk.fileBytes / 1e6).toFixed(0)} MB, ${tlsWalk.packets} packets; the plain mix: ${(plainWalk.fileBytes / 1e6).toFixed(0)} MB\n` +
      `${format([{ label: 'replay transactions, plain', best: plain }], plainWalk.frameBytes, plainWalk.packets, null)}\n` +
      `${format([{ label: 'replay transactions, TLS 1.3', best: t }], tlsWalk.frameBytes, tlsWalk.packets, null).split('\n')[1]}\n` +
      `TLS / plain, CPU time per captured byte: ${(t.cpu / tlsWalk.frameBytes / (plain.cpu / plainWalk.frameBytes)).toFixed(2)} (main thread: ${(t.mainCpu / tlsWalk.frameBytes / (plain.mainCpu / plainWalk.frameBytes)).toFixed(2)})\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
