/**
 * Attack detection alone, in process: the transactions of a capture are collected once, then
 * `detect` runs over all of them `--rounds` times; prints CPU µs per transaction (best round).
 *
 *   npx tsx test/bench/detect.ts [FILE.pcap] [--rounds 5] [--no-anomaly]
 *
 * --no-anomaly: parameter profiles off (anomaly_detection.enabled false), to read their cost as the
 * difference (docs/detection.md "Profile cost").
 *
 * FILE defaults to the 5 % attacks capture `npm run bench` writes.
 */
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
  options: { rounds: { type: 'string', default: '5' }, 'no-anomaly': { type: 'boolean', default: false } },
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

const detector = new AttackDetector({
  maxDecodedBytes: config.limits.decompressBytes,
  maxMillisPerRequest: Number.POSITIVE_INFINITY,
  anomaly: { enabled: !values['no-anomaly'] },
});
let best = Number.POSITIVE_INFINITY;
let attacks = 0;
for (let round = 0; round < Number(values.rounds); round++) {
  const start = process.cpuUsage();
  attacks = 0;
  for (const tx of txs) if (detector.detect(tx) !== null) attacks++;
  const used = process.cpuUsage(start);
  best = Math.min(best, used.user + used.system);
}
console.log(
  `${txs.length} transactions, ${attacks} attacks; detection ${(best / 1000).toFixed(0)} ms CPU, ${(best / txs.length).toFixed(1)} µs/transaction (best of ${values.rounds})`,
);
