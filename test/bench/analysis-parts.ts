/**
 * Issue 22's shared extraction and body memory, in process, each against its absence in the same
 * tree (docs/performance.md "One view of the request, bodies checked once"): a capture's
 * transactions are collected once, then passes over them alternate the two modes (A B, B A, ...)
 * and print CPU ms per pass.
 *
 *   npx tsx test/bench/analysis-parts.ts [FILE.pcap] [--passes 10]
 *
 * extraction: attack extraction then discovery's facts per transaction, the request view shared
 * (as the pipeline runs them) vs a new view for each. vulnerabilities: VulnerabilityDetector.inspect
 * with its body memory vs without (BodyCheckMemo with no entries).
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PcapStreamReader } from '../../node/capture/pcap-reader';
import { buildNode } from '../../node/node-builder';
import { defaultConfig } from '../../node/config/load';
import type { HttpTransaction } from '../../node/http/types';
import type { RecordType } from '../../node/records/types';
import { extractRequest } from '../../node/analysis/attacks/points/extract';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../node/analysis/attacks/budget';
import { extractFacts, type TxFacts } from '../../node/analysis/discovery/extract';
import { forgetRequestViews } from '../../node/analysis/shared/request-view';
import { BodyCheckMemo, VulnerabilityDetector } from '../../node/analysis/vulnerabilities/detector';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { passes: { type: 'string', default: '10' } } });
const file = positionals[0] ?? path.join(tmpdir(), 'aio-native-bench-api-5pct.pcap');
const txs: HttpTransaction[] = [];
// Transaction records on: bodies are digested, as in the every-record run the body memory is for.
const produce = new Set<RecordType>(['transaction', 'api_endpoint', 'attack']);
const node = buildNode(defaultConfig(), produce, { write: () => {} }, undefined, (tx) => void txs.push(tx), {
  stageClock: false,
});
const data = readFileSync(file);
const reader = new PcapStreamReader(node.pipeline.onFrame);
for (let off = 0; off < data.length; off += 1 << 20) reader.push(data.subarray(off, Math.min(data.length, off + (1 << 20))));
reader.end();
node.pipeline.finish();

const limits = { decompressBytes: defaultConfig().limits.decompressBytes };
const attackLimits = { ...DEFAULT_ATTACK_LIMITS, maxDecodedBytes: limits.decompressBytes, maxMillisPerRequest: Infinity };
let extracted = 0;
const count = (): boolean => (extracted++, true);

function extraction(shared: boolean): void {
  for (const tx of txs) {
    extractRequest(tx.request, new Budget(attackLimits), count);
    if (!shared) forgetRequestViews();
    extractFacts(tx, limits);
  }
}

const facts: TxFacts[] = txs.map((tx) => extractFacts(tx, limits));
function vulnerabilities(memory: boolean): void {
  const d = new VulnerabilityDetector({ maxRemembered: 10000, rereportAfterUs: 0, maxUnlistedPathsPerFinding: 100, limits });
  if (!memory) (d as unknown as { bodies: BodyCheckMemo }).bodies = new BodyCheckMemo(0);
  for (let i = 0; i < txs.length; i++)
    d.inspect({ tx: txs[i], facts: facts[i], method: 'GET', template: '/t', knownEndpoint: true, attack: null }, 'h', 'ts');
}

function compare(name: string, run: (on: boolean) => void, off: string, on: string): void {
  const ms: Record<string, number[]> = { [off]: [], [on]: [] };
  for (let p = 0; p < Number(values.passes); p++) {
    for (const mode of p % 2 === 0 ? [false, true] : [true, false]) {
      const start = process.cpuUsage();
      run(mode);
      const used = process.cpuUsage(start);
      ms[mode ? on : off].push((used.user + used.system) / 1000);
    }
  }
  for (const [label, list] of Object.entries(ms)) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(
      `${name}, ${label}: CPU ms per pass ${list.map((t) => t.toFixed(0)).join(' ')}; min ${sorted[0].toFixed(0)}, median ${sorted[sorted.length >> 1].toFixed(0)} (${((sorted[0] * 1000) / txs.length).toFixed(2)} µs per transaction, min)`,
    );
  }
}

console.log(`${path.basename(file)}: ${txs.length} transactions`);
compare('extraction', extraction, 'a view each', 'the view shared');
compare('vulnerabilities', vulnerabilities, 'no body memory', 'body memory');
console.log(`(${extracted} values extracted in all)`);
