/**
 * The whole pipeline in process, warm: a capture is read into memory once, then replayed through a
 * fresh pipeline `--rounds` times; prints CPU ms per round (best) for the given record types.
 * Separates steady-state cost from start-up and JIT warm-up, which `npm run bench` includes.
 *
 *   npx tsx test/bench/pipeline.ts [FILE.pcap] [--emit attack] [--rounds 5] [--no-stage-clock]
 *
 * --no-stage-clock: the pipeline without its stage clock (node/stage-clock), to measure what the
 * clock costs. Without it, the estimated time per stage of the best round is printed too.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RecordType } from '../../node/records/types';
import { PcapStreamReader } from '../../node/capture/pcap-reader';
import { buildNode } from '../../node/node-builder';
import { defaultConfig } from '../../node/config/load';
import { countersOf, stageSummary } from '../../node/summary';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '5' },
    emit: { type: 'string', default: 'attack' },
    warmup: { type: 'string', default: '0' },
    'no-stage-clock': { type: 'boolean', default: false },
  },
});
const file = positionals[0] ?? path.join(tmpdir(), 'aio-native-bench-mix-5pct.pcap');
const data = readFileSync(file);
const produce = new Set(values.emit.split(',').filter((t) => t !== '') as RecordType[]);
const config = defaultConfig();
const times: number[] = [];
/** --warmup N: a first round over the first N MB only (how much of the cold cost is fixed). */
const warmupBytes = Number(values.warmup) * (1 << 20);
let records = 0;
let bestStages = '';
for (let round = 0; round < Number(values.rounds); round++) {
  records = 0;
  const start = process.cpuUsage();
  const node = buildNode(config, produce, { write: () => void records++ }, undefined, undefined, {
    stageClock: !values['no-stage-clock'],
  });
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  const end = round === 0 && warmupBytes > 0 ? Math.min(warmupBytes, data.length) : data.length;
  for (let off = 0; off < end; off += 1 << 20) reader.push(data.subarray(off, Math.min(end, off + (1 << 20))));
  reader.end();
  node.pipeline.finish();
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000;
  if (ms <= Math.min(...times)) bestStages = stageSummary(countersOf(node).stages) ?? '';
  times.push(ms);
}
console.log(
  `${path.basename(file)} --emit '${values.emit}': ${records} records; CPU ms per round ${times.map((t) => t.toFixed(0)).join(' ')} (best ${Math.min(...times).toFixed(0)})`,
);
if (bestStages !== '') console.log(`best round:${bestStages}`);
