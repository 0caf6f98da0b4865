/**
 * What merging the workers' sessions and findings costs the capture thread (issue 23): replays a
 * capture through the WorkerPool as `replay --workers N` does, records discarded, and prints per
 * run the wall time, the capture thread's time in the merge (WorkerPool.mergeMs: the session
 * book, the reorder, the finding de-duplication and the end-of-capture session/inventory work)
 * the most observations the reorder held, the finding sightings merged and the most held, the
 * templating evidence merged and the most held (the templater: analysis/discovery/evidence.ts),
 * split into the merge as batches come (per observation) and at the end of input; the process's
 * CPU time (user+sys, every thread). Runs of the worker counts are interleaved, since
 * the machine is shared (docs/performance.md).
 *
 *   npx tsx test/bench/merge-cost.ts [--capture FILE] [--api-mb 20] [--workers 2,4] [--repeat 3] [--emit LIST]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openCaptureStream, PcapStreamReader } from '../../node/capture/pcap-reader';
import { defaultConfig } from '../../node/config/load';
import { WorkerPool } from '../../node/workers/pool';
import type { RecordType } from '../../node/records/types';
import { benchCapture } from './capture';

async function once(
  file: string,
  workers: number,
  emit: Set<RecordType>,
): Promise<{
  wallMs: number;
  mergeMs: number;
  endMs: number;
  obs: number;
  held: number;
  sightings: number;
  sightingsHeld: number;
  sessions: number;
  findings: number;
  evidence: number;
  evidenceHeld: number;
  cpuMs: number;
}> {
  let sessions = 0;
  let findings = 0;
  const count = (type: string, n = 1): void => {
    if (type === 'session') sessions += n;
    else if (type === 'vulnerability') findings += n;
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const pool = new WorkerPool({
    workers,
    config: defaultConfig(),
    produce: emit,
    overload: 'wait',
    sink: { write: (r) => count(r.type), writeLineRun: (type, lines) => count(type, lines.split('\n').length - 1) },
  });
  await pool.started;
  const reader = new PcapStreamReader(pool.onFrame);
  for await (const chunk of openCaptureStream(file) as AsyncIterable<Buffer>) {
    reader.push(chunk);
    await pool.ready();
  }
  reader.end();
  await pool.finish();
  const cpu = process.cpuUsage(cpu0);
  return {
    wallMs: performance.now() - t0,
    mergeMs: pool.mergeMs,
    endMs: pool.mergeEndMs,
    obs: pool.observationsMerged,
    held: pool.heldObservationsPeak,
    sightings: pool.findingSightingsMerged,
    sightingsHeld: pool.vulnerabilities?.counters.findingSightingsHeldPeak ?? 0,
    sessions,
    findings,
    evidence: pool.evidenceMerged,
    evidenceHeld: pool.evidenceHeldPeak,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      capture: { type: 'string' },
      'api-mb': { type: 'string', default: '20' },
      workers: { type: 'string', default: '2,4' },
      repeat: { type: 'string', default: '3' },
      emit: { type: 'string', default: 'session,vulnerability,api_endpoint' },
    },
  });
  const file = values.capture ?? benchCapture(Number(values['api-mb']) * 1024 * 1024, 0.05, 'api');
  const emit = new Set(values.emit!.split(',') as RecordType[]);
  const counts = values.workers!.split(',').map(Number);
  console.log(`capture ${file}; emit ${[...emit].join(',')}; interleaved runs`);
  console.log(
    'workers  wall ms  cpu ms  merge ms  µs/obs  at end ms  merge %  held peak  observations  sightings  sightings held  sessions  findings  evidence  evidence held',
  );
  for (let r = 0; r < Number(values.repeat); r++) {
    for (const w of counts) {
      const m = await once(file, w, emit);
      const cells = [
        w,
        m.wallMs.toFixed(0),
        m.cpuMs.toFixed(0),
        m.mergeMs.toFixed(1),
        ((1000 * m.mergeMs) / Math.max(1, m.obs)).toFixed(1),
        m.endMs.toFixed(1),
        ((100 * (m.mergeMs + m.endMs)) / m.wallMs).toFixed(2),
        m.held,
        m.obs,
        m.sightings,
        m.sightingsHeld,
        m.sessions,
        m.findings,
        m.evidence,
        m.evidenceHeld,
      ];
      const widths = [7, 7, 6, 8, 6, 9, 7, 9, 12, 9, 14, 8, 8, 8, 13];
      console.log(cells.map((c, i) => String(c).padStart(widths[i])).join('  '));
    }
  }
}

void main();
