/**
 * npm run eval:detection — runs the public corpora through attack detection and writes into
 * docs/detection.md (between the eval markers):
 *  1. leave-one-source-out: for each corpus X, everything learned (SQLi fingerprints, exploit
 *     signatures) is learned again without X and scored on all of X: TPR (any class), TPR with
 *     the expected class, FPR and balanced accuracy. This is the figure to quote.
 *  2. per class and corpus with the committed models (learned from the training split) on the
 *     held-out split, through AttackDetector.detect(), then through the real pipeline (the
 *     requests written into a capture with test/gen and analysed by `native-node replay`).
 *   --direct     skip the pipeline run and leave docs/detection.md alone (for development)
 *   --misses N   print N missed attacks and N false positives per class (for development)
 *   --source X   with --misses: only cases of corpus X, scored with models learned without X
 *                (`all`: every corpus, each scored in its left-out fold)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AttackDetector } from '../../node/analysis/attacks';
import { ATTACK_CLASSES, type AttackClass, type AttackRecord } from '../../node/records/types';
import { buildScenario } from '../../node/sample/scenarios';
import { writePcap } from '../../node/sample/pcap-writer';
import { replayCli } from './replay-cli';
import { tx } from '../unit/attacks/helpers';
import { DetectionModels } from '../../node/analysis/attacks/models';
import { readmeProse } from './benign';
import { benignRequests } from './benign-requests';
import { caseHash, splitOf, type LabeledRequests, type LabeledValue, type Split } from './corpus';
import { learnModels, loadCorpora, TRAINING_SPLIT, type Corpora, type Keep } from './learn';
import { loadNuclei } from './nuclei';
import { encode, gotestwafRequest, requestLineSafe, valueRequest, VALUE_POINTS, type RequestSpec } from './requests';

interface Case {
  id: number;
  expect: AttackClass[] | null;
  split: Split;
  source: string;
  /** One request, or a nuclei template's sequence (an attack is found when any of them is flagged). */
  reqs: RequestSpec[];
  payload: string;
  /** The nuclei template id. */
  key?: string;
}

const family = (source: string): string => source.split('/')[0];

function buildCases(corpora: Corpora): Case[] {
  const cases: Case[] = [];
  const push = (c: Omit<Case, 'id'>): void => {
    cases.push({ ...c, id: cases.length });
  };
  for (const g of corpora.gotestwaf) {
    for (const enc of g.encoders) {
      const encoded = encode(enc, g.payload);
      if (encoded === null) continue;
      for (const ph of g.placeholders) {
        const param = 'p' + (splitOf(g.payload + enc).charCodeAt(0) + (cases.length % 997));
        const req = gotestwafRequest(ph, encoded, param);
        if (req) push({ expect: g.expect, split: g.split, source: g.source, reqs: [req], payload: g.payload });
      }
    }
  }
  const values: LabeledValue[] = [...corpora.values, ...readmeProse()];
  values.forEach((v, i) => {
    const req =
      fuzzdbRequest(v) ?? valueRequest(VALUE_POINTS[i % VALUE_POINTS.length], v.value) ?? valueRequest('form', v.value)!;
    push({ expect: v.expect, split: v.split, source: v.source, reqs: [req], payload: v.value });
  });
  for (const r of [...corpora.requests, ...loadNuclei(), ...benignRequests()]) {
    push({
      expect: r.expect,
      split: r.split,
      source: r.source,
      reqs: r.reqs.map((q) => wholeRequest(q, r.source)),
      payload: r.payload,
      key: r.key,
    });
  }
  return cases;
}

/** fuzzdb lines that are whole request targets (remote file inclusion), and redirect targets in a redirect parameter. */
function fuzzdbRequest(v: LabeledValue): RequestSpec | null {
  if (family(v.source) !== 'fuzzdb') return null;
  if (v.source === 'fuzzdb/rfi' && v.value.startsWith('/')) {
    return {
      method: 'GET',
      target: requestLineSafe(v.value),
      headers: [
        ['Host', 'shop.example'],
        ['User-Agent', 'Mozilla/5.0'],
      ],
      body: Buffer.alloc(0),
      placeholder: 'target',
    };
  }
  if (v.source === 'fuzzdb/redirect') {
    return {
      method: 'GET',
      target: `/login?next=${encodeURIComponent(v.value)}`,
      headers: [
        ['Host', 'shop.example'],
        ['User-Agent', 'Mozilla/5.0'],
      ],
      body: Buffer.alloc(0),
      placeholder: 'query',
    };
  }
  return null;
}

function wholeRequest(q: LabeledRequests['reqs'][number], source: string): RequestSpec {
  const headers = q.headers.some(([n]) => n.toLowerCase() === 'host')
    ? q.headers
    : [['Host', 'shop.example'] as [string, string], ...q.headers];
  return {
    method: q.method,
    target: requestLineSafe(q.target),
    headers,
    body: Buffer.isBuffer(q.body) ? q.body : Buffer.from(q.body, 'utf8'),
    placeholder: family(source),
  };
}

function detectDirect(cases: Case[], models?: DetectionModels): Map<number, Set<AttackClass>> {
  // Cases are independent requests, not one site's traffic: parameter profiles (class `anomaly`)
  // would learn the corpora's mixture at `/search`. They are measured by eval:anomaly and
  // eval:benign-replay instead (docs/detection.md "Parameter profiles").
  const detector = new AttackDetector({ maxMillisPerRequest: 1000, anomaly: { enabled: false }, ...(models && { models }) });
  const found = new Map<number, Set<AttackClass>>();
  for (const c of cases) {
    const hits = new Set<AttackClass>();
    for (const q of c.reqs) {
      const r = detector.detect(
        tx({ method: q.method, target: q.target, headers: q.headers, body: q.body, response: { status: 200, body: 'ok' } }),
      );
      for (const h of r?.hits ?? []) hits.add(h.class);
    }
    found.set(c.id, hits);
  }
  return found;
}

interface FoldResult {
  source: string;
  attacks: number;
  detected: number;
  detectedAsExpected: number;
  benign: number;
  flagged: number;
}

/**
 * Folds within the nuclei corpus: its signatures are learned from templates, so scoring it with
 * none of them (leave the corpus out) says nothing about how they generalise, and scoring a
 * template with its own signature says too much. Each template is scored with the signatures of
 * the other folds' templates (and every other corpus).
 */
const NUCLEI_FOLDS = 5;
const nucleiFold = (key: string | undefined): number => caseHash('fold' + (key ?? '')) % NUCLEI_FOLDS;

/**
 * Scores each corpus with models learned from every other corpus (all their cases, both splits);
 * nuclei by template folds (NUCLEI_FOLDS).
 */
function leaveOneSourceOut(corpora: Corpora, cases: Case[]): { folds: FoldResult[]; found: Map<number, Set<AttackClass>> } {
  const folds: FoldResult[] = [];
  const found = new Map<number, Set<AttackClass>>();
  for (const source of [...new Set(cases.map((c) => family(c.source)))].sort()) {
    const mine = cases.filter((c) => family(c.source) === source);
    const f = new Map<number, Set<AttackClass>>();
    if (source === 'nuclei') {
      for (let k = 0; k < NUCLEI_FOLDS; k++) {
        const keep: Keep = (s, _split, key) => s !== 'nuclei' || nucleiFold(key) !== k;
        const models = new DetectionModels(learnModels(corpora, keep));
        for (const [id, hits] of detectDirect(
          mine.filter((c) => nucleiFold(c.key) === k),
          models,
        ))
          f.set(id, hits);
      }
    } else {
      const models = new DetectionModels(learnModels(corpora, (s) => s !== source));
      for (const [id, hits] of detectDirect(mine, models)) f.set(id, hits);
    }
    const r: FoldResult = { source, attacks: 0, detected: 0, detectedAsExpected: 0, benign: 0, flagged: 0 };
    for (const c of mine) {
      const hits = f.get(c.id)!;
      found.set(c.id, hits);
      if (c.expect === null) {
        r.benign++;
        if (hits.size > 0) r.flagged++;
      } else {
        r.attacks++;
        if (hits.size > 0) r.detected++;
        if (c.expect.some((e) => hits.has(e))) r.detectedAsExpected++;
      }
    }
    folds.push(r);
  }
  return { folds, found };
}

function losoTable(folds: FoldResult[]): string {
  const lines = [
    '### Leave-one-source-out (learned without the corpus, scored on all of it)',
    '',
    '| corpus | attacks | TPR (any class) | TPR (expected class) | benign | FPR | balanced accuracy |',
    '|---|---|---|---|---|---|---|',
  ];
  const total: FoldResult = { source: 'all', attacks: 0, detected: 0, detectedAsExpected: 0, benign: 0, flagged: 0 };
  for (const f of [...folds, total]) {
    if (f !== total) {
      total.attacks += f.attacks;
      total.detected += f.detected;
      total.detectedAsExpected += f.detectedAsExpected;
      total.benign += f.benign;
      total.flagged += f.flagged;
    }
    const tpr = f.attacks ? f.detected / f.attacks : NaN;
    const tnr = f.benign ? 1 - f.flagged / f.benign : NaN;
    const bal = Number.isNaN(tpr) || Number.isNaN(tnr) ? '-' : ((tpr + tnr) / 2).toFixed(4);
    const name = f === total ? '**all (pooled)**' : f.source;
    lines.push(
      `| ${name} | ${f.attacks} | ${pct(f.detected, f.attacks)} | ${pct(f.detectedAsExpected, f.attacks)} | ${f.benign} | ${pct(f.flagged, f.benign)} | ${bal} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * Per class, the leave-one-source-out result: each attack scored with models learned without its
 * corpus, detected with its expected class; one column per corpus family (cases of that class).
 */
function losoClassTable(cases: Case[], found: Map<number, Set<AttackClass>>): string {
  const sources = [...new Set(cases.filter((c) => c.expect !== null).map((c) => family(c.source)))].sort();
  const tally = new Map<string, Tally>();
  const add = (key: string, ok: boolean): void => {
    const t = tally.get(key) ?? { n: 0, tp: 0 };
    t.n++;
    if (ok) t.tp++;
    tally.set(key, t);
  };
  for (const c of cases) {
    if (c.expect === null) continue;
    const ok = c.expect.some((e) => found.get(c.id)?.has(e));
    add(c.expect[0], ok);
    add(`${c.expect[0]}|${family(c.source)}`, ok);
  }
  const cell = (t: Tally | undefined): string => (t ? `${pct(t.tp, t.n)} (${t.n})` : '-');
  const lines = [
    '### Leave-one-source-out per class (expected class; each corpus scored with models learned without it)',
    '',
    `| class | all | ${sources.join(' | ')} |`,
    `|---|---|${sources.map(() => '---|').join('')}`,
  ];
  for (const cls of ATTACK_CLASSES) {
    if (!tally.has(cls)) continue;
    lines.push(`| ${cls} | ${cell(tally.get(cls))} | ${sources.map((s) => cell(tally.get(`${cls}|${s}`))).join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}

/** Every request into one capture (keep-alive conversations of 100), replayed by the CLI. */
function detectPipeline(cases: Case[]): Map<number, Set<AttackClass>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-detection-'));
  const pcap = path.join(dir, 'eval.pcap');
  const plans = [];
  for (let k = 0; k < cases.length; k += 100) {
    const part = cases.slice(k, k + 100);
    plans.push({
      opts: {
        client: '10.20.0.1',
        server: '10.20.0.2',
        clientPort: 20000 + plans.length,
        serverPort: 80,
        seed: plans.length + 1,
      },
      exchanges: part.flatMap((c) =>
        c.reqs.map((req) => ({
          method: req.method,
          target: req.target,
          host: 'shop.example',
          requestHeaders: [...req.headers.filter(([n]) => n.toLowerCase() !== 'host'), ['X-Eval-Case', String(c.id)]] as Array<
            [string, string]
          >,
          requestBody: req.body,
          responseBody: 'ok',
        })),
      ),
    });
  }
  fs.writeFileSync(pcap, writePcap(buildScenario('eval', plans).packets));
  // As detectDirect: profiles off, the cases are not one site's traffic.
  const config = path.join(dir, 'go-node.yaml');
  fs.writeFileSync(config, 'mode: tcp-capture\nanomaly_detection:\n  enabled: false\n');
  const out = replayCli(pcap, ['--config', config, '--emit', 'attack']);
  fs.rmSync(dir, { recursive: true, force: true });
  const found = new Map<number, Set<AttackClass>>(cases.map((c) => [c.id, new Set()]));
  for (const line of out.split('\n')) {
    if (!line) continue;
    const rec = JSON.parse(line) as AttackRecord;
    const id = Number(rec.request.headers.find(([n]) => n === 'X-Eval-Case')?.[1]);
    for (const h of rec.hits) found.get(id)?.add(h.class);
  }
  return found;
}

interface Tally {
  n: number;
  tp: number;
}

function figures(cases: Case[], found: Map<number, Set<AttackClass>>, split: Split) {
  const perClass = new Map<AttackClass, Tally>();
  const perPoint = new Map<string, Tally>();
  const perSource = new Map<string, Tally>();
  const benignBySource = new Map<string, Tally>();
  let benign = 0;
  let fp = 0;
  const fpClass = new Map<AttackClass, number>();
  for (const c of cases) {
    if (c.split !== split) continue;
    const hits = found.get(c.id) ?? new Set();
    if (c.expect === null) {
      benign++;
      if (hits.size > 0) fp++;
      const b = benignBySource.get(c.source.split('/')[0]) ?? { n: 0, tp: 0 };
      b.n++;
      if (hits.size > 0) b.tp++;
      benignBySource.set(c.source.split('/')[0], b);
      for (const h of hits) fpClass.set(h, (fpClass.get(h) ?? 0) + 1);
      continue;
    }
    const ok = c.expect.some((e) => hits.has(e));
    const cls = c.expect[0];
    const t = perClass.get(cls) ?? { n: 0, tp: 0 };
    t.n++;
    if (ok) t.tp++;
    perClass.set(cls, t);
    const sourceKey = `${cls} | ${c.source.split('/')[0]}`;
    const s = perSource.get(sourceKey) ?? { n: 0, tp: 0 };
    s.n++;
    if (ok) s.tp++;
    perSource.set(sourceKey, s);
    const p = perPoint.get(c.reqs[0].placeholder) ?? { n: 0, tp: 0 };
    p.n++;
    if (ok) p.tp++;
    perPoint.set(c.reqs[0].placeholder, p);
  }
  return { perClass, perPoint, perSource, benignBySource, benign, fp, fpClass };
}

const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(2)} %`);

function table(cases: Case[], found: Map<number, Set<AttackClass>>, title: string): string {
  const lines = [`### ${title}`, ''];
  const tr = figures(cases, found, 'train');
  const te = figures(cases, found, 'test');
  lines.push('| class | held-out TP | held-out n | train TP | train n | FP on benign (held-out) |', '|---|---|---|---|---|---|');
  let allN = 0;
  let allTp = 0;
  for (const cls of ATTACK_CLASSES) {
    const a = te.perClass.get(cls) ?? { n: 0, tp: 0 };
    const b = tr.perClass.get(cls) ?? { n: 0, tp: 0 };
    allN += a.n;
    allTp += a.tp;
    lines.push(
      `| ${cls} | ${pct(a.tp, a.n)} | ${a.n} | ${pct(b.tp, b.n)} | ${b.n} | ${pct(te.fpClass.get(cls) ?? 0, te.benign)} |`,
    );
  }
  lines.push(`| **all attacks** | **${pct(allTp, allN)}** | ${allN} | | | |`);
  lines.push(
    '',
    `Benign requests flagged (any class): held-out **${pct(te.fp, te.benign)}** of ${te.benign}; train ${pct(tr.fp, tr.benign)} of ${tr.benign}.`,
    '',
  );
  lines.push('Held-out benign requests flagged, by corpus:', '', '| corpus | flagged | n |', '|---|---|---|');
  for (const [k, t] of [...te.benignBySource].sort()) lines.push(`| ${k} | ${pct(t.tp, t.n)} | ${t.n} |`);
  lines.push('', 'Held-out true positives by corpus:', '', '| class | corpus | TP | n |', '|---|---|---|---|');
  for (const [k, t] of [...te.perSource].sort()) lines.push(`| ${k} | ${pct(t.tp, t.n)} | ${t.n} |`);
  lines.push(
    '',
    'Held-out true positives by request point (gotestwaf placeholders in CamelCase, rotated corpus values in lower case):',
    '',
    '| point | TP | n |',
    '|---|---|---|',
  );
  for (const [p, t] of [...te.perPoint].sort()) lines.push(`| ${p} | ${pct(t.tp, t.n)} | ${t.n} |`);
  lines.push('');
  return lines.join('\n');
}

function printMisses(cases: Case[], found: Map<number, Set<AttackClass>>, n: number): void {
  const miss = new Map<string, string[]>();
  for (const c of cases) {
    const hits = found.get(c.id) ?? new Set();
    const key =
      c.expect === null
        ? hits.size
          ? 'FP ' + [...hits].join(',')
          : ''
        : c.expect.some((e) => hits.has(e))
          ? ''
          : 'MISS ' + c.expect[0];
    if (!key) continue;
    const list = miss.get(key) ?? [];
    list.push(`[${c.split} ${c.source} ${c.reqs[0].placeholder}] ${JSON.stringify(c.payload.slice(0, 200))}`);
    miss.set(key, list);
  }
  for (const [k, list] of miss) console.log(`== ${k} (${list.length})\n${list.slice(0, n).join('\n')}`);
}

function main(): void {
  const { values } = parseArgs({
    options: { direct: { type: 'boolean' }, misses: { type: 'string' }, source: { type: 'string' } },
  });
  const corpora = loadCorpora();
  const cases = buildCases(corpora);
  const t0 = Date.now();
  const loso = leaveOneSourceOut(corpora, cases);
  const losoMs = Date.now() - t0;
  const models = new DetectionModels(learnModels(corpora, TRAINING_SPLIT));
  const started = Date.now();
  const direct = detectDirect(cases, models);
  const directMs = Date.now() - started;
  let report =
    `Generated by \`npm run eval:detection\` on ${new Date().toISOString().slice(0, 10)}: ${cases.length} cases ` +
    `(${cases.filter((c) => c.expect === null).length} benign; a nuclei case is a template's requests), ${directMs} ms through AttackDetector.detect(), ` +
    `${losoMs} ms for the leave-one-source-out folds (learning included).\n\n` +
    losoTable(loso.folds) +
    '\n' +
    losoClassTable(cases, loso.found) +
    '\n' +
    table(cases, direct, 'Committed models (learned from the training split), per class, through AttackDetector.detect()');
  if (!values.direct) {
    const t1 = Date.now();
    const piped = detectPipeline(cases);
    report += `\n${table(cases, piped, `Through the real pipeline (capture written with test/gen, \`native-node replay\`, ${Date.now() - t1} ms)`)}`;
  }
  console.log(report);
  if (values.misses) {
    const only = values.source;
    const mine = only === 'all' ? cases : only ? cases.filter((c) => family(c.source) === only) : cases;
    printMisses(mine, only ? loso.found : direct, Number(values.misses));
  }
  // Only a full run (both paths) is published.
  const doc = path.resolve(__dirname, '../../docs/detection.md');
  if (!values.direct && fs.existsSync(doc)) {
    const text = fs.readFileSync(doc, 'utf8');
    const begin = '<!-- eval:begin -->';
    const end = '<!-- eval:end -->';
    const a = text.indexOf(begin);
    const b = text.indexOf(end);
    if (a >= 0 && b > a) fs.writeFileSync(doc, text.slice(0, a + begin.length) + '\n' + report + '\n' + text.slice(b));
  }
}

main();
