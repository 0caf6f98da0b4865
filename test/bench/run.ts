/**
 * `npm run bench`: the full replay pipeline beside the bare pcap walk (the floor) on one
 * generated capture of at least 200 MB. Prints Gbit/s, packets/s, transactions/s and peak RSS.
 *
 *   npm run bench -- [--mb 200] [--file /tmp/x.pcap]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { bundle } from '../../build/bundle';
import { formatWalkFigures, runWalkBench } from './walk';

/** The replay runs from the same esbuild bundle the installers ship, not through tsx. */
const BUNDLE = path.join(tmpdir(), 'aio-native-bench.cjs');

interface ReplayFigures {
  label: string;
  seconds: number;
  transactions: number;
  peakRssBytes: number;
}

/** Peak RSS of a child, sampled from /proc (VmHWM is a high-water mark, so sampling suffices). */
function watchPeakRss(pid: number): { stop(): number } {
  let peak = 0;
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch {
      // The child has exited; the last sample stands.
    }
  };
  const timer = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

function replay(file: string, emit: string, label: string): Promise<ReplayFigures> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [BUNDLE, 'replay', file, '--emit', emit, '--output', '/dev/null'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const rss = watchPeakRss(child.pid!);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const peakRssBytes = rss.stop();
      if (code !== 0) return reject(new Error(`replay exited ${code}: ${stderr}`));
      const m = /transactions=(\d+)/.exec(stderr);
      resolve({ label, seconds, transactions: m ? Number(m[1]) : 0, peakRssBytes });
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { mb: { type: 'string', default: '200' }, file: { type: 'string' } } });
  await bundle(BUNDLE);
  const walk = await runWalkBench({ file: values.file, minBytes: Number(values.mb) * 1024 * 1024 });
  process.stdout.write(`${formatWalkFigures(walk)}\n`);
  const runs = [await replay(walk.file, 'attack', 'replay (attacks)'), await replay(walk.file, 'transaction,attack', 'replay (all records)')];
  for (const r of runs) {
    const gbps = (walk.frameBytes * 8) / r.seconds / 1e9;
    process.stdout.write(
      `${r.label.padEnd(22)} ${gbps.toFixed(2).padStart(6)} Gbit/s  ${(walk.packets / r.seconds / 1e6).toFixed(2).padStart(6)} Mpackets/s  ${Math.round(r.transactions / r.seconds).toString().padStart(8)} transactions/s  peak RSS ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB  (${r.seconds.toFixed(2)} s, whole process, ${(gbps / walk.walk.gbps * 100).toFixed(1)} % of the walk)\n`,
    );
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
