/** The attack detection engine as the analyzer uses it, configured from go-node.yaml. */
import type { NodeConfig } from '../config/types';
import type { AttackEngine } from './TransactionAnalyzer';
import { AttackDetector, maskHeaders } from './attacks';

export function createAttackEngine(config: NodeConfig): AttackEngine {
  const detector = new AttackDetector({ maxDecodedBytes: config.limits.decompressBytes });
  return { detect: (tx) => detector.detect(tx), maskHeaders };
}
