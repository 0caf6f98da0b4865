/** Messages between the capture thread (WorkerPool) and a pipeline worker (worker-main). */
import type { RecordType } from '../analysis/TransactionAnalyzer';
import type { NodeRecord } from '../report/records';
import type { NodeCounters } from '../cli/summary';

/** workerData of a pipeline worker; `role` is how the entry point recognises one. */
export interface PipelineWorkerData {
  role: 'aio-native-pipeline-worker';
  /** go-node.yaml to load (the capture thread's own --config), or null for the defaults. */
  configPath: string | null;
  produce: RecordType[];
  nodeUuid?: string;
}

export const PIPELINE_WORKER_ROLE = 'aio-native-pipeline-worker';

export type ToWorker =
  | { type: 'batch'; buffer: ArrayBuffer; used: number }
  | { type: 'tick'; nowTs: number }
  | { type: 'finish' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  /** The batch's buffer comes back for reuse, with the records its frames produced. */
  | { type: 'batch-done'; buffer: ArrayBuffer; records: NodeRecord[] }
  | { type: 'records'; records: NodeRecord[] }
  | { type: 'finished'; records: NodeRecord[]; counters: NodeCounters };
