/**
 * Attack detection alone, in process: the transactions of a capture are collected once, then
 * `detect` runs over all of them `--rounds` times; prints CPU µs per transaction (best round).
 *
 *   npx tsx test/bench/detect.ts [FILE.pcap] [--rounds 5] [--no-anomaly] [--fresh]
 *
 * --fresh: a new detector each round (its memories empty, as at the start of a replay) instead of
 * one detector whose memories stay warm across rounds. The line ends with the sha256 of every
 * round's hits and verdicts (JSON), the same in every round and for two trees whose detection finds
 * the same: an optimisation must not change it (docs/performance.md "Attack stage: exact pre-checks").
 *
 * --no-anomaly: parameter profiles off (anomaly_detection.enabled false), to read their cost as the
 * difference (docs/detection.md "Profile cost").
 *
 * FILE defaults to the 5 % attacks capture `npm run bench` writes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AttackDetector } from '../../node/analysis/attacks';
import { PcapStreamReader } from '../../node/capture/pcap-reader';
import { buildNode } from '../../node/node-builder';
import { defaultConfig } from '../../node/config/load';
import type { HttpTransaction } from '../../node/http/types';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '5' },
    'no-anomaly': { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
  },
});
const file = positionals[0] ?? path.join(tmpdir(), 'aio-native-bench-mix-5pct.pcap');
const config = defaultConfig();
const txs: HttpTransaction[] = [];
// API discovery reads every body, so the pipeline keeps them all (BodyPolicy) for detection to read.
const node = buildNode(config, new Set(['api_endpoint']), { write: () => {} }, undefined, (tx) => txs.push(tx));
const reader = new PcapStreamReader(node.pipeline.onFrame);
reader.push(readFileSync(file));
reader.end();
node.pipeline.finish();

const newDetector = (): AttackDetector =>
  new AttackDetector({
    maxDecodedBytes: config.limits.decompressBytes,
    maxMillisPerRequest: Number.POSITIVE_INFINITY,
    anomaly: { enabled: !values['no-anomaly'] },
  });
let detector = newDetector();
let best = Number.POSITIVE_INFINITY;
let attacks = 0;
const digests = new Set<string>();
for (let round = 0; round < Number(values.rounds); round++) {
  if (values.fresh && round > 0) detector = newDetector();
  const found: unknown[] = [];
  const start = process.cpuUsage();
  attacks = 0;
  for (const tx of txs) {
    const r = detector.detect(tx);
    if (r !== null) attacks++;
    found.push(r);
  }
  const used = process.cpuUsage(start);
  best = Math.min(best, used.user + used.system);
  digests.add(createHash('sha256').update(JSON.stringify(found)).digest('hex').slice(0, 16));
}
console.log(
  `${txs.length} transactions, ${attacks} attacks; detection ${(best / 1000).toFixed(0)} ms CPU, ${(best / txs.length).toFixed(1)} µs/transaction (best of ${values.rounds}); hits sha256 ${[...digests].join(' ')}`,
);
