/**
 * The live service's analysis workers run at a lower scheduling priority than the capture thread
 * (node/workers/worker-main.ts, http_inspector.worker_nice): when the cores are short, the capture thread
 * reads every frame and a worker that falls behind makes it shed whole connections by policy,
 * instead of the kernel dropping random frames. Linux only (per-thread nice in /proc).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { defaultConfig } from '../../../node/config/load';
import { WorkerPool } from '../../../node/workers/pool';

/** The nice value of every thread of this process (field 19 of /proc/self/task/TID/stat). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

function pool(live: boolean): WorkerPool {
  return new WorkerPool({
    workers: 2,
    config: defaultConfig(),
    produce: new Set(['transaction']),
    sink: { write: () => {}, writeLineRun: () => {} },
    overload: live ? 'drop' : 'wait',
    live,
  });
}

test(
  'live analysis workers yield to the capture thread: their nice is 5 above it; replay workers keep it',
  { skip: !existsSync('/proc/self/task') },
  async () => {
    const own = threadNices()[0];
    const live = pool(true);
    await live.started;
    const nices = threadNices();
    await live.terminate();
    const expected = Math.min(19, own + 5);
    assert.equal(nices.filter((n) => n === expected).length, own + 5 > 19 ? nices.length : 2, `thread nices ${nices.join(' ')}`);
    const replay = pool(false);
    await replay.started;
    const after = threadNices();
    await replay.terminate();
    assert.ok(
      after.every((n) => n === own),
      `replay workers keep the process's priority: ${after.join(' ')}`,
    );
  },
);
