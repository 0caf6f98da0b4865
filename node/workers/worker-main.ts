/**
 * A pipeline worker thread: the whole single-threaded pipeline (decode -> reassembly -> HTTP ->
 * analysis) over the frames of the connections the capture thread shards to it. Records (and
 * access-log lines) go back with each batch's buffer, so a connection's records keep their order;
 * those the capture thread only writes go as their ready JSON lines.
 * The config arrives already validated in workerData: no file read, no schema compile here.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordSink, RecordType } from '../records/types';
import { buildNode } from '../node-builder';
import { countersOf } from '../summary';
import { AccessLog } from '../log/access-log';
import { jsonLine } from '../records/jsonl-writer';
import type { NodeRecord } from '../records/types';
import type { FindingSighting } from '../analysis/vulnerabilities/merge';
import type { SessionObservation } from '../analysis/sessions/book';
import type { PathEvidence } from '../analysis/discovery/evidence';
import type { RawEndpointFacts } from '../analysis/discovery/inventory';
import { readBatch } from './batch';
import type { FromWorker, LineRun, PipelineWorkerData, ToWorker, WarmupFrame, WorkerOutput } from './protocol';

/**
 * How long a worker of the live service analyses the warm-up traffic before it reports ready: long
 * enough for V8 to optimise the hot analysis functions (without it a node restarted under load
 * analyses its first seconds several times slower and sheds connections, docs/performance.md
 * "Live capture"), short against a service start.
 */
const WARMUP_MS = 400;
const WARMUP_MAX_ROUNDS = 400;

/**
 * Analyses `frames` again and again on throwaway pipelines built like the real one (records
 * formatted and discarded); nothing of them is kept or counted. Returns the rounds done.
 */
function warmUp(data: PipelineWorkerData, frames: WarmupFrame[]): number {
  const bufs = frames.map((f) => Buffer.from(f.frame.buffer, f.frame.byteOffset, f.frame.byteLength));
  const discard: RecordSink = { write: (r) => void jsonLine(r) };
  const t0 = performance.now();
  let rounds = 0;
  for (; rounds < WARMUP_MAX_ROUNDS && performance.now() - t0 < WARMUP_MS; rounds++) {
    const node = buildNode(data.config, new Set(data.produce), discard, data.nodeUuid, undefined, {
      exportDeltas: false,
      wallClockCaps: false,
      captureThread: { session: () => {}, finding: () => {}, evidence: () => {}, endpointFacts: () => {} },
    });
    for (let i = 0; i < frames.length; i++)
      node.pipeline.onFrame(frames[i].linkType, bufs[i], 0, bufs[i].length, frames[i].ts, bufs[i].length);
    node.pipeline.finish();
  }
  return rounds;
}

export function runPipelineWorker(): void {
  const port = parentPort!;
  const data = workerData as PipelineWorkerData;
  if (data.warmup !== null) warmUp(data, data.warmup);
  const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const objectTypes = new Set<string>(data.objectTypes);
  let records: Array<LineRun | NodeRecord> = [];
  /** The run of lines being gathered: records of `runType` since the last record of another type. */
  let runType: RecordType | null = null;
  let lines = '';
  let accessLines: string[] = [];
  let sessions: SessionObservation[] = [];
  let findings: FindingSighting[] = [];
  let evidence: PathEvidence[] = [];
  let endpointFacts: RawEndpointFacts[] = [];
  const endRun = (): void => {
    if (runType !== null) records.push([runType, lines]);
    runType = null;
    lines = '';
  };
  // Only the line formatting happens here; the capture thread owns the file (SIGHUP, write errors).
  const accessLog =
    data.accessLog &&
    new AccessLog({ write: (line) => accessLines.push(line), reopen: () => {}, close: () => {} }, data.accessLog.verbose);
  const sink: RecordSink = {
    write(r) {
      if (objectTypes.has(r.type)) {
        endRun();
        records.push(r);
        return;
      }
      if (r.type !== runType) {
        endRun();
        runType = r.type as RecordType;
      }
      lines += jsonLine(r);
    },
  };
  const node = buildNode(
    data.config,
    new Set(data.produce),
    sink,
    data.nodeUuid,
    accessLog ? (tx, outcome) => accessLog.write(tx, outcome) : undefined,
    {
      exportDeltas: data.live,
      wallClockCaps: data.live,
      captureThread: {
        session: (o) => sessions.push(o),
        finding: (f) => findings.push(f),
        evidence: (e) => evidence.push(e),
        endpointFacts: (f) => {
          for (const r of f) endpointFacts.push(r);
        },
      },
    },
  );
  const take = (): WorkerOutput => {
    endRun();
    const out = { records, accessLog: accessLines, sessions, findings, evidence, endpointFacts };
    records = [];
    accessLines = [];
    sessions = [];
    findings = [];
    evidence = [];
    endpointFacts = [];
    return out;
  };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'batch') {
      node.analyzer.skipApi = m.skipApi;
      readBatch(m.buffer, m.used, node.pipeline.onFrame);
      node.analyzer.skipApi = false;
      post({ type: 'batch-done', buffer: m.buffer, used: m.used, ...take() }, [m.buffer]);
    } else if (m.type === 'forget') {
      node.pipeline.forget(m.linkType, Buffer.from(m.frame.buffer, m.frame.byteOffset, m.frame.byteLength), m.ts);
    } else if (m.type === 'keys') {
      node.pipeline.tls?.store.addText(m.text);
    } else if (m.type === 'tick' || m.type === 'report') {
      if (m.type === 'tick') node.pipeline.tick(m.nowTs);
      post({ type: 'report', counters: countersOf(node), ...take() });
    } else {
      node.pipeline.finish();
      post({ type: 'finished', counters: countersOf(node), ...take() });
      port.close();
    }
  });
  post({ type: 'ready', counters: countersOf(node) });
}
