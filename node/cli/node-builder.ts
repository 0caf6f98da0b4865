/** Assembles the analysis and the pipeline from a config, the same way for replay and run. */
import { TransactionAnalyzer, type RecordSink, type RecordType } from '../analysis/TransactionAnalyzer';
import { createAttackEngine } from '../analysis/attack-engine';
import type { NodeConfig } from '../config/types';
import { NodePipeline } from '../pipeline';

export interface BuiltNode {
  analyzer: TransactionAnalyzer;
  pipeline: NodePipeline;
}

export function buildNode(config: NodeConfig, produce: ReadonlySet<RecordType>, sink: RecordSink, nodeUuid?: string): BuiltNode {
  const analyzer = new TransactionAnalyzer({
    config,
    produce,
    sink,
    attacks: produce.has('attack') ? createAttackEngine(config) : null,
    nodeUuid,
  });
  return { analyzer, pipeline: new NodePipeline(config, analyzer) };
}
