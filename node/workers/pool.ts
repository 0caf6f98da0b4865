/**
 * The capture thread's side of multi-core analysis (http_inspector.workers > 1): each frame is
 * decoded once here only to find its connection, then copied into the current batch of the
 * worker that owns the connection (shardOf). Full batches are transferred, not copied; their
 * buffers come back for reuse. At most `maxBatches` batches per worker are in flight:
 * - 'drop' (live capture): a frame for a worker whose queue is full is dropped and counted in
 *   `queueDrops` — the capture thread never waits on analysis;
 * - 'wait' (replay): the reader awaits `ready()` between file chunks instead, nothing is dropped.
 * Records come back per batch, in order per connection; api_endpoint records (one inventory per
 * worker) are merged at the end with the API-discovery merge rules.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RecordSink, RecordType } from '../analysis/TransactionAnalyzer';
import type { FrameHandler } from '../capture/types';
import { endpointKey, mergeValue, type Json } from '../analysis/discovery/merge';
import type { NodeCounters } from '../cli/summary';
import type { NodeConfig } from '../config/types';
import { PacketDecoder } from '../decode/decoder';
import { decoderOptionsFromPlan } from '../decode/from-plan';
import type { NodeRecord } from '../report/records';
import { BATCH_BYTES, BatchWriter } from './batch';
import { PIPELINE_WORKER_ROLE, type FromWorker, type PipelineWorkerData, type ToWorker } from './protocol';
import { shardOf } from './shard';

export interface WorkerPoolOptions {
  workers: number;
  config: NodeConfig;
  /** The config file the workers load (they build their pipeline from it), null for defaults. */
  configPath: string | null;
  produce: ReadonlySet<RecordType>;
  sink: RecordSink;
  nodeUuid?: string;
  overload: 'drop' | 'wait';
  /** Batches in flight per worker (each BATCH_BYTES): the queue bound. */
  maxBatches?: number;
}

/**
 * The script a worker runs: the CLI entry point, which recognises a worker by its workerData.
 * Bundled (esbuild, the single executable) this module is inside the entry file itself; from
 * source it is node/cli/main.ts next door.
 */
const WORKER_ENTRY = __filename.endsWith('.ts') ? path.resolve(__dirname, '../cli/main.ts') : __filename;
/** In the single executable the bundle is no file: build/sea.ts embeds it as this asset. */
const SEA_BUNDLE_ASSET = 'native-node.cjs';

function startWorker(workerData: PipelineWorkerData): Worker {
  // Under tsx (npm run native-node) the entry is TypeScript, and loader hooks do not reach
  // worker threads: the worker registers tsx's require hook itself before loading the entry.
  if (WORKER_ENTRY.endsWith('.ts')) return new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER_ENTRY)});`, { eval: true, workerData });
  const sea = require('node:sea') as typeof import('node:sea');
  if (sea.isSea()) return new Worker(sea.getAsset(SEA_BUNDLE_ASSET, 'utf8'), { eval: true, workerData });
  return new Worker(WORKER_ENTRY, { workerData });
}

interface Lane {
  worker: Worker;
  batch: BatchWriter | null;
  free: ArrayBuffer[];
  inFlight: number;
  finished: Promise<NodeCounters>;
}

export interface PoolCounters {
  /** Frames dropped because their worker's queue was full. */
  queueDrops: number;
  /** Batches currently queued to workers (the analysis backlog). */
  backlogBatches: number;
}

export class WorkerPool {
  readonly decoder: PacketDecoder;
  readonly counters: PoolCounters = { queueDrops: 0, backlogBatches: 0 };
  private readonly lanes: Lane[];
  private readonly maxBatches: number;
  private readonly endpoints = new Map<string, Json>();
  private failure: Error | null = null;
  private waiter: (() => void) | null = null;

  constructor(private readonly o: WorkerPoolOptions) {
    this.decoder = new PacketDecoder(decoderOptionsFromPlan(o.config.capture));
    this.maxBatches = o.maxBatches ?? 16;
    const data: Omit<PipelineWorkerData, 'role'> = { configPath: o.configPath, produce: [...o.produce], nodeUuid: o.nodeUuid };
    this.lanes = Array.from({ length: o.workers }, () => this.lane({ role: PIPELINE_WORKER_ROLE, ...data }));
  }

  private lane(workerData: PipelineWorkerData): Lane {
    const worker = startWorker(workerData);
    const lane: Lane = { worker, batch: null, free: [], inFlight: 0, finished: null! };
    lane.finished = new Promise((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'batch-done') {
          lane.inFlight--;
          this.counters.backlogBatches--;
          lane.free.push(m.buffer);
          this.deliver(m.records);
          this.wake();
        } else if (m.type === 'records') this.deliver(m.records);
        else if (m.type === 'finished') {
          this.deliver(m.records);
          resolve(m.counters);
        } else if (m.type === 'failed') this.fail(new Error(m.message), reject);
      });
      worker.on('error', (err) => this.fail(err, reject));
      worker.on('exit', (code) => this.fail(new Error(`pipeline worker exited (code ${code}) before finishing`), reject));
    });
    // A failed worker is reported by finish(); until then the promise must not count as unhandled.
    lane.finished.catch(() => {});
    return lane;
  }

  private fail(err: Error, reject: (e: Error) => void): void {
    this.failure ??= err;
    reject(err);
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private deliver(records: NodeRecord[]): void {
    for (const r of records) {
      if (r.type === 'api_endpoint') {
        const key = endpointKey(r as unknown as Record<string, unknown>);
        this.endpoints.set(key, mergeValue('', this.endpoints.get(key), r as unknown as Json));
      } else this.o.sink.write(r);
    }
  }

  /** The capture thread's frame handler. */
  readonly onFrame: FrameHandler = (linkType, buf, offset, length, ts, origLength) => {
    const p = this.decoder.decode(linkType, buf, offset, length, ts);
    if (p === null) return;
    const lane = this.lanes[shardOf(p, this.lanes.length)];
    if (lane.batch === null || !lane.batch.add(linkType, buf, offset, length, ts, origLength)) {
      if (lane.batch !== null) this.send(lane);
      if (this.o.overload === 'drop' && lane.inFlight >= this.maxBatches) {
        this.counters.queueDrops++;
        return;
      }
      lane.batch = new BatchWriter(lane.free.pop() ?? new ArrayBuffer(BATCH_BYTES));
      lane.batch.add(linkType, buf, offset, length, ts, origLength);
    }
  };

  private send(lane: Lane): void {
    const b = lane.batch!;
    lane.batch = null;
    if (b.frames === 0) {
      lane.free.push(b.buffer);
      return;
    }
    lane.inFlight++;
    this.counters.backlogBatches++;
    const m: ToWorker = { type: 'batch', buffer: b.buffer, used: b.used };
    lane.worker.postMessage(m, [b.buffer]);
  }

  /** Sends every partly filled batch (end of a file chunk, a live tick). */
  flush(): void {
    for (const lane of this.lanes) if (lane.batch !== null) this.send(lane);
  }

  /** Replay: resolves once every worker has room again (or one failed). */
  async ready(): Promise<void> {
    while (this.failure === null && this.lanes.some((l) => l.inFlight >= this.maxBatches)) {
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    if (this.failure !== null) throw this.failure;
  }

  /** Live capture's clock: batches go out and every worker expires idle state. */
  tick(nowTs: number): void {
    this.flush();
    for (const lane of this.lanes) lane.worker.postMessage({ type: 'tick', nowTs } satisfies ToWorker);
  }

  /** End of input: workers finish, the merged inventory is written; returns the summed counters. */
  async finish(): Promise<NodeCounters> {
    this.flush();
    for (const lane of this.lanes) lane.worker.postMessage({ type: 'finish' } satisfies ToWorker);
    const all = await Promise.all(this.lanes.map((l) => l.finished));
    for (const e of this.endpoints.values()) this.o.sink.write(e as unknown as NodeRecord);
    this.endpoints.clear();
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
    const sum = all.reduce((a, b) => addCounters(a, b) as NodeCounters);
    return { ...sum, decode: this.decoder.counters };
  }
}

/** Sums two counter trees of the same shape (numbers add, nested objects recurse). */
function addCounters(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a ?? b;
  const out: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) out[k] = addCounters((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
  return out;
}
