/** The attack detection engine as the analyzer uses it, configured from go-node.yaml. */
import type { NodeConfig } from '../config/types';
import type { AttackEngine } from './transaction-analyzer';
import { AttackDetector } from './attacks';
import { maskHeaders, maskTarget } from '../records/mask';
import { graphqlSettings } from '../graphql/settings';
import { anomalySettings } from './attacks/profile/settings';

/**
 * `wallClockCap` false (replay): only the size caps bound a request, so results never depend on
 * timing. Live, `limits.attack_time_per_request` bounds it too (0 = no time cap).
 */
export function createAttackEngine(config: NodeConfig, wallClockCap = false): AttackEngine {
  const detector = new AttackDetector({
    maxDecodedBytes: config.limits.decompressBytes,
    graphql: graphqlSettings(config),
    anomaly: anomalySettings(config),
    maxMillisPerRequest:
      wallClockCap && config.limits.attackMillisPerRequest > 0 ? config.limits.attackMillisPerRequest : Number.POSITIVE_INFINITY,
  });
  return {
    inspect: (req) => detector.inspect(req),
    inspectMessage: (req, text) => detector.inspectMessage(req, text),
    judge: (hits, res) => detector.judge(hits, res),
    withResponse: (req, hits, res) => detector.withResponse(req, hits, res),
    maskHeaders,
    maskTarget,
    graphql: detector.counters.graphql,
    caps: detector.counters.caps,
    profiles: detector.counters.profiles ?? undefined,
  };
}
