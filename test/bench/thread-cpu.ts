/**
 * CPU time per thread of a command (Linux /proc), to see where a multi-threaded replay's CPU goes
 * (docs/performance.md "Multi-core"):
 *
 *   npx tsx test/bench/thread-cpu.ts [--every MS] -- COMMAND [ARG...]
 *
 * Polls /proc/PID/task/TID/stat every `--every` ms (default 20) while the command runs and keeps
 * each thread's last user + sys time (a thread that ends between two polls loses at most that
 * interval). Prints the main thread, then the others by CPU time, then the total and the wall time.
 * With `replay --workers N` the N busiest other threads are the workers; the rest named `node` are
 * V8's platform threads (garbage collection, compilation) shared by every isolate.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const TICKS_PER_S = 100;

interface ThreadCpu {
  name: string;
  ticks: number;
}

function poll(pid: number, into: Map<number, ThreadCpu>): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      into.set(Number(tid), { name, ticks: Number(rest[11]) + Number(rest[12]) });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { every: { type: 'string', default: '20' } } });
  if (positionals.length === 0) throw new Error('usage: thread-cpu.ts [--every MS] -- COMMAND [ARG...]');
  const every = Number(values.every);
  const t0 = performance.now();
  const child = spawn(positionals[0], positionals.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
  const threads = new Map<number, ThreadCpu>();
  const timer = setInterval(() => poll(child.pid!, threads), every);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const wall = (performance.now() - t0) / 1000;
  const main = threads.get(child.pid!);
  const others = [...threads].filter(([tid]) => tid !== child.pid).sort((a, b) => b[1].ticks - a[1].ticks);
  const line = (label: string, t: ThreadCpu) => `${label.padEnd(24)} ${(t.ticks / TICKS_PER_S).toFixed(2).padStart(7)} s\n`;
  if (main !== undefined) process.stdout.write(line(`main (${main.name})`, main));
  for (const [tid, t] of others) if (t.ticks > 0) process.stdout.write(line(`${tid} (${t.name})`, t));
  const total = [...threads.values()].reduce((n, t) => n + t.ticks, 0);
  process.stdout.write(`total ${(total / TICKS_PER_S).toFixed(2)} s CPU, ${wall.toFixed(2)} s wall, exit ${code}\n`);
}

void main();
