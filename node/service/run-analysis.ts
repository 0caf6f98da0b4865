/**
 * The analysis behind `run`: the pipeline on the capture thread (http_inspector.workers = 1,
 * exactly the single-threaded path), or a WorkerPool of that many threads. `run` sees one shape
 * either way: frames in, records out through its sink, counters for metrics and the status page.
 */
import { Inventory } from '../analysis/discovery/merge';
import { writeOpenApiFiles } from '../analysis/discovery/openapi';
import type { AnalyzerOptions } from '../analysis/transaction-analyzer';
import type { RecordType } from '../records/types';
import type { FrameHandler } from '../capture/types';
import type { NodeConfig } from '../config/types';
import type { ApiEndpointRecord, NodeRecord } from '../records/types';
import {
  DEFAULT_MAX_BATCHES,
  WorkerPool,
  type CaptureThreadStats,
  type LaneStats,
  type PoolCounters,
  type PoolSink,
} from '../workers/pool';
import type { WarmupFrame } from '../workers/protocol';
import { buildNode } from '../node-builder';
import { countersOf, type LiveCounters } from '../summary';

/** The analysis queues of a multi-threaded node. */
export interface WorkerQueues extends PoolCounters {
  threads: number;
  perWorker: LaneStats[];
  /** The capture thread's own CPU time and stages (decode, handoff, capture; docs/operations.md "Time per stage"). */
  captureThread: CaptureThreadStats;
}

export interface RunAnalysis {
  readonly threads: number;
  /** Milliseconds until every worker was ready (0 on one thread). */
  readonly startupMs: number;
  readonly onFrame: FrameHandler;
  /** TLS key-log lines (docs/tls.md) for the key store of every analysis thread. */
  addKeys(text: string): void;
  /** pcap_file engine: awaited after each file chunk (workers: the reader waits for them; one thread: absent). */
  readonly pace?: () => Promise<void>;
  /** The service clock (µs): idle connections, unanswered requests and API sessions expire, deltas go out. */
  tick(nowTs: number): void;
  /** A capture file, which keeps its own clock: only brings the counters up to date (workers report). */
  refresh(): void;
  counters(): LiveCounters;
  /** Queue drops and backlog per worker; null on one thread (it has no queue). */
  queues(): WorkerQueues | null;
  /** End of input or SIGTERM: everything captured so far is analysed and its records delivered. */
  finish(): Promise<LiveCounters>;
}

export interface RunAnalysisOptions {
  config: NodeConfig;
  produce: ReadonlySet<RecordType>;
  /** One thread calls only sink.write; workers send the records not of `objectTypes` as JSON lines (writeLineRun). */
  sink: PoolSink;
  /** The record types the sink reads as objects (it passes the others on as they are). */
  objectTypes: ReadonlySet<RecordType>;
  nodeUuid?: string;
  /** log.access_log, when enabled. */
  accessLog: { verbose: boolean; writeLine(line: string): void; observe: NonNullable<AnalyzerOptions['observe']> } | null;
  /** One OpenAPI document per host is (re)written here. */
  openapiDir: string;
  /** Frames from a file (pcap_file): the reader waits for the workers instead of dropping. */
  finiteInput: boolean;
  /** A worker failed after start-up: the service should stop and be restarted. */
  onFailure(err: Error): void;
  /** Sample traffic the workers analyse before capture starts (RunOptions.warmup). */
  warmup?: WarmupFrame[] | null;
  /** Tests: in-flight batches per worker ('drop' mode bound). */
  maxBatches?: number;
}

export async function startRunAnalysis(o: RunAnalysisOptions): Promise<RunAnalysis> {
  return o.config.workers > 1 ? startWorkers(o) : singleThread(o);
}

function singleThread(o: RunAnalysisOptions): RunAnalysis {
  const node = buildNode(o.config, o.produce, o.sink, o.nodeUuid, o.accessLog?.observe, {
    exportDeltas: true,
    openapiDir: o.openapiDir,
    wallClockCaps: true,
  });
  return {
    threads: 1,
    startupMs: 0,
    onFrame: node.pipeline.onFrame,
    addKeys: (text) => void node.pipeline.tls?.store.addText(text),
    tick: (nowTs) => node.pipeline.tick(nowTs),
    refresh: () => {},
    counters: () => countersOf(node),
    queues: () => null,
    finish: async () => {
      node.pipeline.finish();
      return countersOf(node);
    },
  };
}

/**
 * Workers export API-discovery deltas of their own inventories; the deltas merge by the discovery
 * merge rules, so the exporter gets them as they come and the OpenAPI documents are written here
 * from their merge (a worker's documents would cover only its connections).
 */
async function startWorkers(o: RunAnalysisOptions): Promise<RunAnalysis> {
  const inventory = new Inventory();
  const openapi = { openapiWrites: 0, openapiWriteErrors: 0 };
  let changed = false;
  const writeOpenApi = (): void => {
    if (!changed) return;
    changed = false;
    try {
      openapi.openapiWrites += writeOpenApiFiles(o.openapiDir, inventory.list() as unknown as ApiEndpointRecord[]);
    } catch {
      openapi.openapiWriteErrors++;
    }
  };
  const sink: PoolSink = {
    write(record: NodeRecord): void {
      if (record.type === 'api_endpoint') {
        inventory.add(record as unknown as Record<string, unknown>);
        changed = true;
      }
      o.sink.write(record);
    },
    writeLineRun: (type, lines) => o.sink.writeLineRun(type, lines),
  };
  let running = false;
  const pool = new WorkerPool({
    workers: o.config.workers,
    config: o.config,
    produce: o.produce,
    sink,
    nodeUuid: o.nodeUuid,
    live: true,
    // The inventory here reads the deltas.
    objectTypes: new Set([...o.objectTypes, 'api_endpoint']),
    overload: o.finiteInput ? 'wait' : 'drop',
    maxBatches: o.maxBatches ?? DEFAULT_MAX_BATCHES,
    dropOnOverload: o.config.dropOnOverload,
    warmup: o.finiteInput ? null : o.warmup,
    // A failure during start-up is reported by the rejection of `started` below.
    accessLog: o.accessLog,
    onFailure: (err) => running && o.onFailure(err),
  });
  let startupMs: number;
  try {
    startupMs = await pool.started;
    running = true;
  } catch (err) {
    // The workers that did start would keep the process alive.
    await pool.terminate();
    throw err;
  }
  const withOpenapi = (c: LiveCounters): LiveCounters => (c.api === null ? c : { ...c, api: { ...c.api, ...openapi } });
  return {
    threads: o.config.workers,
    startupMs,
    onFrame: pool.onFrame,
    addKeys: (text) => pool.addKeys(text),
    // Like replay: batches go out full (no flush per chunk), the rest at finish.
    pace: o.finiteInput ? () => pool.ready() : undefined,
    tick: (nowTs) => {
      // Deltas the previous tick brought have arrived by now.
      writeOpenApi();
      pool.tick(nowTs);
    },
    refresh: () => pool.report(),
    counters: () => withOpenapi(pool.liveCounters()),
    queues: () => ({
      threads: o.config.workers,
      ...pool.counters,
      perWorker: pool.laneStats(),
      captureThread: pool.captureThread(),
    }),
    finish: async () => {
      const c = await pool.finish();
      writeOpenApi();
      return withOpenapi(c);
    },
  };
}
