/**
 * A pipeline worker thread: the whole single-threaded pipeline (decode -> reassembly -> HTTP ->
 * analysis) over the frames of the connections the capture thread shards to it. Records (and
 * access-log lines) go back with each batch's buffer, so a connection's records keep their order;
 * those the capture thread only writes go as their ready JSON lines.
 * The config arrives already validated in workerData: no file read, no schema compile here.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordSink, RecordType } from '../records/types';
import { buildNode, type ApiBuildOptions, type BuiltNode } from '../node-builder';
import type { AnalyzerOptions } from '../analysis/transaction-analyzer';
import { PacketDecoder } from '../decode/decoder';
import { decoderOptionsFromPlan } from '../decode/from-plan';
import { countersOf } from '../summary';
import { AccessLog } from '../log/access-log';
import { jsonLine } from '../records/jsonl-writer';
import type { NodeRecord } from '../records/types';
import type { FindingSighting } from '../analysis/vulnerabilities/merge';
import type { SessionObservation } from '../analysis/sessions/book';
import type { PathEvidence } from '../analysis/discovery/evidence';
import type { RawEndpointFacts } from '../analysis/discovery/inventory';
import { DecodedPacket } from '../decode/packet';
import { BATCH_BYTES, BatchWriter, readBatch } from './batch';
import { detachOneBuffer } from './detach';
import { warmupDone } from './warmup-budget';
import { threadCpuMs } from '../stage-clock';
import type { FromWorker, LineRun, PipelineWorkerData, ToWorker, WarmupFrame, WorkerOutput } from './protocol';

/*
 * How long a worker of the live service analyses the warm-up traffic (node/sample/warmup.ts)
 * before it reports ready (http_inspector.warmup_ms, default 2000): long enough for V8 to compile and optimise the paths mixed traffic takes
 * (without it a node restarted under load analyses its first seconds several times slower and
 * sheds connections), short against a service start. At 600 Mbit/s on the 2-core development box,
 * connections shed in the first second: ~750 after 0.4 s, ~160 after 1.5 s, 0-115 after 3 s
 * (docs/performance.md "Live capture").
 * How long counts in the worker's own CPU time (warmup-budget.ts).
 */

/**
 * The warm-up traffic as the capture thread sends it: decoded once and written into batches
 * (node/workers/batch.ts), so that the warm-up runs the path live frames take (readBatch,
 * onDecodedSegment, one reused segment object).
 */
function warmupBatches(data: PipelineWorkerData, frames: WarmupFrame[]): WarmupBatch[] {
  const decoder = new PacketDecoder(decoderOptionsFromPlan(data.config.capture, data.config.limits));
  const batches: WarmupBatch[] = [];
  let batch = new BatchWriter(new ArrayBuffer(BATCH_BYTES));
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    const frame = Buffer.from(f.frame.buffer, f.frame.byteOffset, f.frame.byteLength);
    const p = decoder.decode(f.linkType, frame, 0, frame.length, f.ts);
    if (p === null) continue;
    if (!batch.add(p, i + 1)) {
      batches.push({ buffer: batch.buffer, used: batch.used });
      batch = new BatchWriter(new ArrayBuffer(BATCH_BYTES));
      batch.add(p, i + 1);
    }
  }
  if (batch.frames > 0) batches.push({ buffer: batch.buffer, used: batch.used });
  return batches;
}

interface WarmupBatch {
  buffer: ArrayBuffer;
  used: number;
}

/**
 * Analyses `frames` again and again on throwaway pipelines (`build`) through `analyse`, the very
 * function, sink and hand-off collectors live batches go through (their output taken and
 * discarded); nothing of them is kept or counted. Returns the rounds done.
 */
function warmUp(
  data: PipelineWorkerData,
  frames: WarmupFrame[],
  build: () => BuiltNode,
  analyse: (node: BuiltNode, batch: WarmupBatch, segment: DecodedPacket) => void,
): number {
  const batches = warmupBatches(data, frames);
  const segment = new DecodedPacket();
  const t0 = performance.now();
  const cpu0 = threadCpuMs();
  const budget = data.config.workerWarmupMs;
  let rounds = 0;
  for (; !warmupDone(rounds, performance.now() - t0, threadCpuMs() - cpu0, budget); rounds++) {
    const node = build();
    for (const b of batches) analyse(node, b, segment);
    node.pipeline.finish();
  }
  return rounds;
}

/*
 * How much lower than the capture thread's a live analysis worker's scheduling priority is (Linux
 * nice, per thread; http_inspector.worker_nice, default 5). When the cores are short, the capture thread must win: frames it does not
 * read in time the kernel drops at random, in the middle of connections, whereas a worker that
 * falls behind makes the capture thread shed whole connections by policy (drop_on_overload).
 */

/** This thread's id on Linux (/proc/thread-self links to PID/task/TID), or null. */
function linuxThreadId(): number | null {
  try {
    const tid = Number(path.basename(readlinkSync('/proc/thread-self')));
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** Lowers this worker thread's priority `offset` nice levels below the capture thread's; where that cannot be done, nothing changes. */
function yieldToCaptureThread(offset: number): void {
  if (offset <= 0) return;
  const tid = linuxThreadId();
  if (tid === null) return;
  try {
    setPriority(tid, Math.min(19, getPriority(tid) + offset));
  } catch {
    // Not permitted or not supported: the worker keeps the process's priority.
  }
}

/**
 * Sightings' records as their JSON text, in place: all but a few sightings are duplicates whose
 * record the capture thread never reads, and a string crosses threads as one copy where an object
 * is serialised, deserialised and collected field by field (docs/performance.md "Multi-core").
 */
function recordsAsText(sightings: FindingSighting[]): void {
  for (const s of sightings) if (s[3] !== null && typeof s[3] === 'object') s[3] = JSON.stringify(s[3]);
}

export function runPipelineWorker(): void {
  const port = parentPort!;
  const data = workerData as PipelineWorkerData;
  if (data.live) yieldToCaptureThread(data.config.workerNice);
  // Before any code is optimised: this thread transfers every batch back (detach.ts).
  detachOneBuffer();
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
  const observe: AnalyzerOptions['observe'] = accessLog ? (tx, outcome) => accessLog.write(tx, outcome) : undefined;
  const captureThread: NonNullable<ApiBuildOptions['captureThread']> = {
    session: (o) => sessions.push(o),
    finding: (f) => findings.push(f),
    evidence: (e) => evidence.push(e),
    endpointFacts: (f) => {
      for (const r of f) endpointFacts.push(r);
    },
  };
  const build = (): BuiltNode =>
    buildNode(data.config, new Set(data.produce), sink, data.nodeUuid, observe, {
      exportDeltas: data.live,
      wallClockCaps: data.live,
      captureThread,
    });
  const analyse = (node: BuiltNode, batch: WarmupBatch, segment: DecodedPacket): void =>
    readBatch(batch.buffer, batch.used, segment, node.pipeline.onDecodedSegment);
  const take = (): WorkerOutput => {
    endRun();
    // Finding records as their JSON text (analysis/vulnerabilities/merge.ts RecordText).
    recordsAsText(findings);
    for (const e of evidence) if (e.findings.length > 0) recordsAsText(e.findings);
    const out = { records, accessLog: accessLines, sessions, findings, evidence, endpointFacts };
    records = [];
    accessLines = [];
    sessions = [];
    findings = [];
    evidence = [];
    endpointFacts = [];
    return out;
  };
  if (data.warmup !== null && data.config.workerWarmupMs > 0) {
    // Built and fed as the live node below: the code V8 optimises during the warm-up is what live
    // traffic runs, on the same kinds of objects (docs/performance.md "Warm-up").
    warmUp(data, data.warmup, build, (node, batch, segment) => {
      analyse(node, batch, segment);
      take();
    });
    // What the last throwaway pipeline's finish() gave.
    take();
  }
  const node = build();
  /** The segment each batch's entries are read into, one for the worker's life (node/workers/batch.ts). */
  const segment = new DecodedPacket();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'batch') {
      node.analyzer.skipApi = m.skipApi;
      analyse(node, m, segment);
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
