/**
 * npm run soak -- [--minutes N] [--rate CONNECTIONS_PER_SECOND] [--out FILE]
 * As root, creates a network namespace of its own (loopback only) and runs itself inside it:
 * there it starts `native-node run` with the vxlan engine on a loopback UDP port and mirrors a
 * bounded rate of mixed conversations at it (API calls, attacks, chunked, gzip, reordered,
 * retransmitted, new client ports so connections keep opening and closing). Every minute it
 * records the node's RSS, open file descriptors and counters; at the end it says whether RSS
 * stayed flat after warm-up and whether descriptors grew. Traffic never leaves the namespace;
 * the namespace and anything left in it are removed on exit, SIGINT or SIGTERM.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { apiExchanges, type ConversationPlan } from '../../node/sample/scenarios';
import { lorem } from '../../node/sample/http-exchange';
import { sendAll, startNode, stopNode, vxlanDatagrams } from '../integration/service/harness';

interface Sample {
  minute: number;
  rssMiB: number;
  fds: number;
  /** Datagrams the soak sent, to compare with packets (what the node read). */
  sent: number;
  packets: number;
  transactions: number;
  attacks: number;
  drops: number;
  gaps: number;
}

function plansFor(round: number, count: number): ConversationPlan[] {
  const plans: ConversationPlan[] = [];
  for (let i = 0; i < count; i++) {
    const n = round * count + i;
    const opts = {
      client: `10.7.${(n >> 8) & 0xff}.${n & 0xff || 1}`,
      server: '10.7.0.1',
      clientPort: 1024 + (n % 60000),
      serverPort: 80,
      seed: n,
      mss: 700,
    };
    switch (n % 5) {
      case 0:
        plans.push({ opts, exchanges: apiExchanges(n % 20) });
        break;
      case 1:
        plans.push({
          opts,
          exchanges: [
            { target: `/search?q=%27%20UNION%20SELECT%20password%20FROM%20users--&n=${n}` },
            { target: '/x?f=../../etc/passwd' },
          ],
        });
        break;
      case 2:
        plans.push({
          opts,
          exchanges: [
            {
              method: 'POST',
              target: '/upload',
              requestBody: lorem(6000, n),
              requestChunkSize: 1500,
              responseBody: lorem(9000, n),
              responseChunkSize: 4000,
            },
          ],
        });
        break;
      case 3:
        plans.push({
          opts,
          exchanges: [{ target: `/page/${n}`, responseBody: lorem(20000, n), responseGzip: true }],
          impair: (c) => c.reorder(4),
        });
        break;
      default:
        plans.push({
          opts,
          exchanges: apiExchanges(1 + (n % 7)),
          impair: (c) => c.retransmit(0.2),
          close: n % 2 ? 'rst' : 'fin',
        });
    }
  }
  return plans;
}

function procStats(pid: number): { rssMiB: number; fds: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMiB: Number(/^VmRSS:\s+(\d+)/m.exec(status)![1]) / 1024, fds: fs.readdirSync(`/proc/${pid}/fd`).length };
}

/** Runs this script again inside a fresh namespace (flag --in-namespace); removes it afterwards. */
async function inNamespace(): Promise<number> {
  if (process.getuid?.() !== 0) {
    process.stderr.write('soak: needs root: it creates a network namespace so the traffic stays inside it\n');
    return 2;
  }
  const ns = `aio-soak-${process.pid}`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    const child = spawn(
      'ip',
      ['netns', 'exec', ns, process.execPath, '--import', 'tsx', __filename, ...process.argv.slice(2), '--in-namespace'],
      { stdio: 'inherit' },
    );
    // The inner run stops its node on these and then reports what it measured so far.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
    process.off('SIGINT', forward).off('SIGTERM', forward);
    return code;
  } finally {
    // Whatever the inner run left behind (it should be nothing) dies with the namespace.
    for (const pid of execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l !== '')) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    execFileSync('ip', ['netns', 'del', ns]);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      rate: { type: 'string', default: '50' },
      out: { type: 'string' },
      'in-namespace': { type: 'boolean', default: false },
    },
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  if (!(minutes > 0) || !(rate > 0)) {
    process.stderr.write('soak: --minutes and --rate take positive numbers\n');
    return 2;
  }
  if (!values['in-namespace']) return inNamespace();
  let stopping = false;
  const stop = () => (stopping = true);
  process.on('SIGINT', stop).on('SIGTERM', stop);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-'));
  const node = await startNode(dir, { emit: 'attack', yaml: 'limits:\n  idle_timeout: 30s\n' });
  const pid = node.child.pid!;
  const samples: Sample[] = [];
  let sent = 0;
  const sample = async (minute: number): Promise<void> => {
    const m = await node.metrics();
    const get = (name: string) => [...m].filter(([k]) => k === name || k.startsWith(`${name}{`)).reduce((s, [, v]) => s + v, 0);
    const s: Sample = {
      minute,
      ...procStats(pid),
      sent,
      packets: get('aio_capture_packets_total'),
      transactions: get('aio_http_transactions_total'),
      attacks: get('aio_attacks_total'),
      drops: get('aio_capture_kernel_dropped_total') + get('aio_capture_interface_dropped_total'),
      gaps: get('aio_reassembly_gaps_total'),
    };
    samples.push(s);
    process.stdout.write(
      `${String(minute).padStart(3)} min  rss ${s.rssMiB.toFixed(1).padStart(7)} MiB  fds ${String(s.fds).padStart(4)}  sent ${s.sent}  packets ${s.packets}  transactions ${s.transactions}  attacks ${s.attacks}  drops ${s.drops}  gaps ${s.gaps}\n`,
    );
  };
  try {
    await sample(0);
    const started = Date.now();
    let round = 0;
    for (let minute = 1; minute <= minutes && !stopping; minute++) {
      while (Date.now() - started < minute * 60_000 && !stopping) {
        const t0 = Date.now();
        // One second of traffic, sent in small bursts so no socket buffer overflows.
        const datagrams = vxlanDatagrams(plansFor(round++, rate));
        for (let i = 0; i < datagrams.length; i += 50) {
          await sendAll(node.ports.udp, datagrams.slice(i, i + 50));
          sent += Math.min(50, datagrams.length - i);
          await new Promise((r) => setTimeout(r, 2));
        }
        const left = 1000 - (Date.now() - t0);
        if (left > 0) await new Promise((r) => setTimeout(r, left));
      }
      if (!stopping) await sample(minute);
    }
  } finally {
    await stopNode(node);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const afterWarmup = samples.filter((s) => s.minute >= Math.min(2, minutes));
  const warm = afterWarmup.length > 0 ? afterWarmup : samples;
  const rss = warm.map((s) => s.rssMiB);
  const verdict = {
    minutes,
    connectionsPerSecond: rate,
    rssAfterWarmupMiB: { min: Math.min(...rss), max: Math.max(...rss), first: rss[0], last: rss[rss.length - 1] },
    fds: { first: samples[0].fds, last: samples[samples.length - 1].fds, max: Math.max(...samples.map((s) => s.fds)) },
    samples,
  };
  process.stdout.write(
    `after warm-up: RSS ${verdict.rssAfterWarmupMiB.min.toFixed(1)}-${verdict.rssAfterWarmupMiB.max.toFixed(1)} MiB; fds ${verdict.fds.first} -> ${verdict.fds.last} (max ${verdict.fds.max})\n`,
  );
  if (values.out) fs.writeFileSync(values.out, JSON.stringify(verdict, null, 2));
  return 0;
}

main().then((code) => (process.exitCode = code));
