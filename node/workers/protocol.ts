/** Messages between the capture thread (WorkerPool) and a pipeline worker (worker-main). */
import type { RecordType } from '../records/types';
import type { NodeConfig } from '../config/types';
import type { NodeRecord } from '../records/types';
import type { LiveCounters } from '../summary';
import type { SessionObservation } from '../analysis/sessions/book';
import type { FindingSighting } from '../analysis/vulnerabilities/merge';
import type { PathEvidence } from '../analysis/discovery/evidence';
import type { RawEndpointFacts } from '../analysis/discovery/inventory';

/** workerData of a pipeline worker; `role` is how the entry point recognises one. */
export interface PipelineWorkerData {
  role: 'aio-native-pipeline-worker';
  /**
   * The capture thread's already validated config, structured-cloned (RegExps and all): a worker
   * neither reads the file again nor compiles the config schema.
   */
  config: NodeConfig;
  produce: RecordType[];
  /** Record types the capture thread reads as objects; every other record is sent as its JSON line. */
  objectTypes: RecordType[];
  nodeUuid?: string;
  /**
   * The live service (`run`): API-discovery deltas every export_interval and the detection
   * wall-clock cap; replay leaves both off (its output must not depend on machine speed).
   */
  live: boolean;
  /** log.access_log: the worker formats the lines (verbose = with headers), the capture thread writes them. */
  accessLog: { verbose: boolean } | null;
  /**
   * The live service: sample traffic the worker analyses (records discarded) before it reports
   * ready, so that V8 has compiled the analysis when the first real frames come (worker-main.ts
   * warmUp); null: none (replay, tests).
   */
  warmup: WarmupFrame[] | null;
}

/** A frame of the warm-up traffic (node/sample/warmup.ts, made by the CLI). */
export interface WarmupFrame {
  linkType: number;
  frame: Uint8Array;
  ts: number;
}

export const PIPELINE_WORKER_ROLE = 'aio-native-pipeline-worker';

export type ToWorker =
  /** `skipApi`: drop_on_overload 'analyses' — the batch's transactions skip the API analyses (discovery, vulnerabilities, sessions). */
  | { type: 'batch'; buffer: ArrayBuffer; used: number; skipApi: boolean }
  /**
   * A connection cut at the queue bound (drop_on_overload): `frame` is its first frame not sent;
   * the worker drops what it holds of the connection without reporting it (it never sees more).
   */
  | { type: 'forget'; linkType: number; frame: Uint8Array; ts: number; origLength: number }
  | { type: 'tick'; nowTs: number }
  /** Counters only, no clock (a capture file keeps its own time). */
  | { type: 'report' }
  /** Key-log lines (docs/tls.md), for every worker's TLS key store; never written anywhere. */
  | { type: 'keys'; text: string }
  | { type: 'finish' };

/**
 * Consecutive records of one type that the capture thread does not read: the type (it routes on
 * it) and their JSON lines (jsonLine, each ending in a newline), formatted in the worker so that
 * the capture thread neither receives their objects (a structured clone is costly both ways) nor
 * stringifies them.
 */
export type LineRun = [type: RecordType, lines: string];

/** What analysis produced since the previous message, in order: LineRuns, and the records of `objectTypes` as objects. */
export interface WorkerOutput {
  records: Array<LineRun | NodeRecord>;
  accessLog: string[];
  /** Keyed requests for the capture thread's SessionBook (one session record per session across workers). */
  sessions: SessionObservation[];
  /** Findings' sightings (with the record when this worker would report it) for the capture thread's VulnerabilityMerge. */
  findings: FindingSighting[];
  /** Templating evidence for the capture thread's templater (analysis/discovery/evidence.ts). */
  evidence: PathEvidence[];
  /** The inventory's facts by raw trie node, re-keyed through the capture thread's templater (at the end; live: each export). */
  endpointFacts: RawEndpointFacts[];
}

export type FromWorker =
  /** Built and listening; its counters (all zero) give the shape the capture thread sums. */
  | { type: 'ready'; counters: LiveCounters }
  | { type: 'failed'; message: string }
  /** The batch's buffer comes back for reuse (`used`: the bytes it carried), with what its frames produced. */
  | ({ type: 'batch-done'; buffer: ArrayBuffer; used: number } & WorkerOutput)
  /** After a tick or a report request: what expiry produced, and the worker's counters for metrics and the status page. */
  | ({ type: 'report'; counters: LiveCounters } & WorkerOutput)
  | ({ type: 'finished'; counters: LiveCounters } & WorkerOutput);
