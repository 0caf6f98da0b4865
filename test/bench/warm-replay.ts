/**
 * A capture replayed as the live service analyses it: through the worker pool after each worker's
 * warm-up (node/sample/warmup.ts, http_inspector.warmup_ms), but waiting for the workers instead
 * of shedding, so that every run analyses the same traffic. What V8 compiles and deoptimises while
 * the traffic goes on is then what the warm-up left out (docs/performance.md "Compilation,
 * deoptimisation and GC (branch i22-jit)"):
 *
 *   npx esbuild test/bench/warm-replay.ts --bundle --platform=node --target=node22 --external:cap --outfile=W.cjs
 *   NODE --trace-opt --trace-deopt W.cjs FILE.pcap [--workers N] [--warmup-ms MS] > TRACE
 *
 * prints WARM-REPLAY-TRAFFIC-START on stdout once every worker is ready and WARM-REPLAY-TRAFFIC-END
 * when the last record is in, so the trace lines between the two are the traffic's. The run's
 * counters go to stderr. The bundle is its own worker entry (node/workers/pool.ts WORKER_ENTRY).
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../../node/config/load';
import { PcapStreamReader, openCaptureStream } from '../../node/capture/pcap-reader';
import { RECORD_TYPES, type RecordType } from '../../node/records/types';
import { warmupScenario } from '../../node/sample/warmup';
import { WorkerPool } from '../../node/workers/pool';
import { runPipelineWorker } from '../../node/workers/worker-main';

async function main(): Promise<void> {
  const args = parseArgs({
    allowPositionals: true,
    options: { workers: { type: 'string', default: '2' }, 'warmup-ms': { type: 'string', default: '2000' } },
  });
  const file = args.positionals[0];
  const config = { ...defaultConfig(), workers: Number(args.values.workers) };
  config.workerWarmupMs = Number(args.values['warmup-ms']);
  const counts = new Map<string, number>();
  const count = (type: string, n: number): void => void counts.set(type, (counts.get(type) ?? 0) + n);
  const pool = new WorkerPool({
    workers: config.workers,
    config,
    produce: new Set<RecordType>(RECORD_TYPES),
    sink: {
      write: (r) => count(r.type, 1),
      writeLineRun: (type, lines) => count(type, lines.split('\n').length - 1),
    },
    overload: 'wait',
    live: true,
    warmup: warmupScenario().packets.map((p) => ({ linkType: p.linkType, frame: p.frame, ts: p.ts })),
  });
  const startupMs = await pool.started;
  const cpu0 = process.cpuUsage();
  process.stdout.write('WARM-REPLAY-TRAFFIC-START\n');
  const reader = new PcapStreamReader(pool.onFrame);
  for await (const chunk of openCaptureStream(file)) {
    reader.push(chunk);
    await pool.ready();
  }
  reader.end();
  await pool.finish();
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write('WARM-REPLAY-TRAFFIC-END\n');
  process.stderr.write(
    `startup ${startupMs.toFixed(0)} ms, traffic process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, records ${JSON.stringify(Object.fromEntries(counts))}\n`,
  );
}

if (isMainThread) void main();
else if ((workerData as { role?: string } | null)?.role !== undefined) void runPipelineWorker();
