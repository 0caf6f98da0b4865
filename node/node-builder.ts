/** Assembles the analysis and the pipeline from a config, the same way for replay and run. */
import { TransactionAnalyzer, type AnalyzerOptions } from './analysis/transaction-analyzer';
import type { RecordSink, RecordType } from './records/types';
import { createAttackEngine } from './analysis/attack-engine';
import { ApiAnalyzer, type CaptureThreadDeltas } from './analysis/api-analyzer';
import type { NodeConfig } from './config/types';
import { NodePipeline } from './pipeline';
import { Stage, StageClock } from './stage-clock';

export interface BuiltNode {
  analyzer: TransactionAnalyzer;
  /** Time per stage of this thread's pipeline (docs/operations.md, "Time per stage"). */
  clock: StageClock;
  pipeline: NodePipeline;
  /** API discovery, vulnerabilities and sessions; null when none is produced. */
  api: ApiAnalyzer | null;
}

export interface ApiBuildOptions {
  /** Live node: API-discovery deltas every export_interval (replay: the inventory at the end). */
  exportDeltas?: boolean;
  /** Directory for one OpenAPI document per host (replay --openapi, run's <state-dir>/api-discovery). */
  openapiDir?: string | null;
  /**
   * Live node: detection may also stop a request on wall time. Off for replay, whose output must
   * not depend on how fast or busy the machine is (qemu, CI); the size caps still bound it.
   */
  wallClockCaps?: boolean;
  /** A worker thread: sessions and vulnerability de-duplication are the capture thread's (node/workers/pool.ts). */
  captureThread?: CaptureThreadDeltas;
  /** false: no stage timing (the in-process benches measure the pipeline without it too). */
  stageClock?: boolean;
}

export function buildNode(
  config: NodeConfig,
  produce: ReadonlySet<RecordType>,
  sink: RecordSink,
  nodeUuid?: string,
  observe?: AnalyzerOptions['observe'],
  apiOptions: ApiBuildOptions = {},
): BuiltNode {
  const clock = new StageClock(apiOptions.stageClock ?? true);
  // Formatting and writing records is the `output` stage, whoever writes them.
  const timedSink: RecordSink = clock.enabled
    ? {
        write(record) {
          const prev = clock.enter(Stage.output);
          sink.write(record);
          clock.leave(prev);
        },
      }
    : sink;
  const api = ApiAnalyzer.create({ config, produce, sink: timedSink, nodeUuid, ...apiOptions, clock });
  const analyzer = new TransactionAnalyzer({
    config,
    produce,
    sink: timedSink,
    clock,
    // Successful attacks are vulnerabilities too, so detection also runs when only those are asked for.
    attacks: produce.has('attack') || api?.vulnerabilities ? createAttackEngine(config, apiOptions.wallClockCaps ?? false) : null,
    nodeUuid,
    observe,
    api,
  });
  const pipeline = new NodePipeline(config, analyzer, produce.has('transaction'), clock);
  if (api !== null) {
    api.captureNow = () => pipeline.captureTs;
    api.captureFrame = () => pipeline.frameNo;
  }
  return { analyzer, clock, pipeline, api };
}
