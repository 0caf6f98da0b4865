/**
 * npm run eval:detection — runs the public corpora through attack detection and writes per-class
 * true-positive and false-positive rates, for the training and the held-out split, into
 * docs/detection.md (between the eval markers): through AttackDetector.detect(), then through the
 * real pipeline (the requests written into a capture with test/gen and analysed by
 * `native-node replay`).
 *   --direct     skip the pipeline run and leave docs/detection.md alone (for development)
 *   --misses N   print N missed attacks and N false positives per class (for development)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AttackDetector } from '../../node/analysis/attacks';
import { ATTACK_CLASSES, type AttackClass, type AttackRecord } from '../../node/records/types';
import { buildScenario } from '../../node/sample/scenarios';
import { writePcap } from '../../node/sample/pcap-writer';
import { tx } from '../unit/attacks/helpers';
import { benignValues, readmeProse } from './benign';
import { loadGotestwaf, loadHttpParams, loadLibinjection, splitOf, type Split } from './corpus';
import { encode, gotestwafRequest, valueRequest, VALUE_POINTS, type RequestSpec } from './requests';

interface Case {
  id: number;
  expect: AttackClass[] | null;
  split: Split;
  source: string;
  req: RequestSpec;
  payload: string;
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  const push = (c: Omit<Case, 'id'>): void => {
    cases.push({ ...c, id: cases.length });
  };
  for (const g of loadGotestwaf()) {
    for (const enc of g.encoders) {
      const encoded = encode(enc, g.payload);
      if (encoded === null) continue;
      for (const ph of g.placeholders) {
        const param = 'p' + (splitOf(g.payload + enc).charCodeAt(0) + cases.length % 997);
        const req = gotestwafRequest(ph, encoded, param);
        if (req) push({ expect: g.expect, split: g.split, source: g.source, req, payload: g.payload });
      }
    }
  }
  const values = [...loadLibinjection(), ...loadHttpParams(), ...benignValues(), ...readmeProse()];
  values.forEach((v, i) => {
    const point = VALUE_POINTS[i % VALUE_POINTS.length];
    const req = valueRequest(point, v.value) ?? valueRequest('form', v.value)!;
    push({ expect: v.expect, split: v.split, source: v.source, req, payload: v.value });
  });
  return cases;
}

function detectDirect(cases: Case[]): Map<number, Set<AttackClass>> {
  const detector = new AttackDetector({ maxMillisPerRequest: 1000 });
  const found = new Map<number, Set<AttackClass>>();
  for (const c of cases) {
    const r = detector.detect(tx({ method: c.req.method, target: c.req.target, headers: c.req.headers, body: c.req.body, response: { status: 200, body: 'ok' } }));
    found.set(c.id, new Set(r?.hits.map((h) => h.class) ?? []));
  }
  return found;
}

/** Every request into one capture (keep-alive conversations of 100), replayed by the CLI. */
function detectPipeline(cases: Case[]): Map<number, Set<AttackClass>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-detection-'));
  const pcap = path.join(dir, 'eval.pcap');
  const plans = [];
  for (let k = 0; k < cases.length; k += 100) {
    const part = cases.slice(k, k + 100);
    plans.push({
      opts: { client: '10.20.0.1', server: '10.20.0.2', clientPort: 20000 + plans.length, serverPort: 80, seed: plans.length + 1 },
      exchanges: part.map((c) => ({
        method: c.req.method,
        target: c.req.target,
        host: 'shop.example',
        requestHeaders: [...c.req.headers.filter(([n]) => n.toLowerCase() !== 'host'), ['X-Eval-Case', String(c.id)]] as Array<[string, string]>,
        requestBody: c.req.body,
        responseBody: 'ok',
      })),
    });
  }
  fs.writeFileSync(pcap, writePcap(buildScenario('eval', plans).packets));
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../node/cli/main.ts'), 'replay', pcap, '--emit', 'attack'], { maxBuffer: 1 << 30, encoding: 'utf8' });
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

interface Tally { n: number; tp: number }

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
    const p = perPoint.get(c.req.placeholder) ?? { n: 0, tp: 0 };
    p.n++;
    if (ok) p.tp++;
    perPoint.set(c.req.placeholder, p);
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
    lines.push(`| ${cls} | ${pct(a.tp, a.n)} | ${a.n} | ${pct(b.tp, b.n)} | ${b.n} | ${pct(te.fpClass.get(cls) ?? 0, te.benign)} |`);
  }
  lines.push(`| **all attacks** | **${pct(allTp, allN)}** | ${allN} | | | |`);
  lines.push('', `Benign requests flagged (any class): held-out **${pct(te.fp, te.benign)}** of ${te.benign}; train ${pct(tr.fp, tr.benign)} of ${tr.benign}.`, '');
  lines.push('Held-out benign requests flagged, by corpus:', '', '| corpus | flagged | n |', '|---|---|---|');
  for (const [k, t] of [...te.benignBySource].sort()) lines.push(`| ${k} | ${pct(t.tp, t.n)} | ${t.n} |`);
  lines.push('', 'Held-out true positives by corpus:', '', '| class | corpus | TP | n |', '|---|---|---|---|');
  for (const [k, t] of [...te.perSource].sort()) lines.push(`| ${k} | ${pct(t.tp, t.n)} | ${t.n} |`);
  lines.push('', 'Held-out true positives by request point (gotestwaf placeholders in CamelCase, rotated corpus values in lower case):', '', '| point | TP | n |', '|---|---|---|');
  for (const [p, t] of [...te.perPoint].sort()) lines.push(`| ${p} | ${pct(t.tp, t.n)} | ${t.n} |`);
  lines.push('');
  return lines.join('\n');
}

function printMisses(cases: Case[], found: Map<number, Set<AttackClass>>, n: number): void {
  const miss = new Map<string, string[]>();
  for (const c of cases) {
    const hits = found.get(c.id) ?? new Set();
    const key = c.expect === null ? (hits.size ? 'FP ' + [...hits].join(',') : '') : c.expect.some((e) => hits.has(e)) ? '' : 'MISS ' + c.expect[0];
    if (!key) continue;
    const list = miss.get(key) ?? [];
    list.push(`[${c.split} ${c.source} ${c.req.placeholder}] ${JSON.stringify(c.payload.slice(0, 160))}`);
    miss.set(key, list);
  }
  for (const [k, list] of miss) console.log(`== ${k} (${list.length})\n${list.slice(0, n).join('\n')}`);
}

function main(): void {
  const { values } = parseArgs({ options: { direct: { type: 'boolean' }, misses: { type: 'string' } } });
  const cases = buildCases();
  const started = Date.now();
  const direct = detectDirect(cases);
  const directMs = Date.now() - started;
  let report = `Generated by \`npm run eval:detection\` on ${new Date().toISOString().slice(0, 10)}: ${cases.length} requests ` +
    `(${cases.filter((c) => c.expect === null).length} benign), ${directMs} ms through AttackDetector.detect().\n\n` +
    table(cases, direct, 'Through AttackDetector.detect() (requests built as HttpTransaction objects)');
  if (!values.direct) {
    const t0 = Date.now();
    const piped = detectPipeline(cases);
    report += `\n${table(cases, piped, `Through the real pipeline (capture written with test/gen, \`native-node replay\`, ${Date.now() - t0} ms)`)}`;
  }
  console.log(report);
  if (values.misses) printMisses(cases, direct, Number(values.misses));
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
