/**
 * Every attack VALUE of the corpora in every request point (VALUE_POINTS of requests.ts: query,
 * form, JSON, multipart, header, cookie, XML element, path segment), not only the one point the
 * evaluation's rotation gives it: the true-positive rate per (class, point), and the values the
 * query finds that another point loses. A value means the same wherever it arrives, so a point that
 * loses what the query finds is an extraction or decoding error (docs/detection.md, Evaluation).
 * The benign side is benign-all-points.ts.
 *
 * The values: the value corpora (libinjection, http-params, fuzzdb) and gotestwaf payloads sent as
 * values (a placeholder other than whole bodies); not fuzzdb's `rfi` lines that are whole targets,
 * nor `redir` (an open redirect is a property of the parameter's name, not of the value alone).
 * Learned models score only values they were not learned from: each corpus family with models
 * learned from every other (leave-one-source-out, test/eval/learn.ts), or with `--split` the
 * committed models' recipe (training split) on the held-out split only.
 *
 *   npx tsx test/eval/attack-all-points.ts [--split] [--classes sqli,xss] [--points json,form+] [--show 20] [--list FILE]
 *
 * --show N     values found in the query but lost at another point, N per (point, class)
 * --list FILE  every (point, class, source, value) missed, one a line, sorted (to compare runs)
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AttackDetector } from '../../node/analysis/attacks';
import { DetectionModels } from '../../node/analysis/attacks/models';
import type { LabeledValue } from './corpus';
import { learnModels, loadCorpora, TRAINING_SPLIT, type Corpora, type Keep } from './learn';
import { classesAt, SPELLED_POINTS, VALUE_POINTS, type AnyPoint } from './requests';

const ALL_POINTS: readonly AnyPoint[] = [...VALUE_POINTS, ...SPELLED_POINTS];

/** gotestwaf placeholders that carry the payload as one value (not a whole body or a User-Agent). */
const VALUE_PLACEHOLDERS = new Set(['URLParam', 'HTMLForm', 'HTMLMultipartForm', 'JSONRequest', 'Header', 'URLPath', 'SOAPBody']);

const family = (source: string): string => source.split('/')[0];

/** The attack values: value corpora, and gotestwaf payloads sent as values (one each). */
export function attackValues(corpora: Corpora): LabeledValue[] {
  const out: LabeledValue[] = [];
  for (const v of corpora.values) {
    if (v.expect === null || v.expect.includes('redir')) continue;
    if (v.source === 'fuzzdb/rfi' && v.value.startsWith('/')) continue;
    out.push(v);
  }
  const seen = new Set<string>();
  for (const g of corpora.gotestwaf) {
    if (g.expect === null || !g.placeholders.some((p) => typeof p === 'string' && VALUE_PLACEHOLDERS.has(p))) continue;
    if (seen.has(g.payload)) continue;
    seen.add(g.payload);
    out.push({ expect: g.expect, value: g.payload, source: g.source, split: g.split });
  }
  return out;
}

interface Tally {
  n: number;
  tp: number;
}

function main(): void {
  const { values: opts } = parseArgs({
    options: {
      split: { type: 'boolean' },
      classes: { type: 'string' },
      show: { type: 'string' },
      list: { type: 'string' },
      points: { type: 'string' },
    },
  });
  // The query is always scored: it is what the other points are compared with.
  const POINTS = opts.points ? ALL_POINTS.filter((p) => p === 'query' || opts.points!.split(',').includes(p)) : ALL_POINTS;
  const only = opts.classes ? new Set(opts.classes.split(',')) : null;
  const show = Number(opts.show ?? 0);
  const corpora = loadCorpora();
  const all = attackValues(corpora).filter((v) => only === null || only.has(v.expect![0]));
  // One detector per fold: the models a value is scored with never saw it.
  const folds: Array<{ keep: Keep; values: LabeledValue[] }> = opts.split
    ? [{ keep: TRAINING_SPLIT, values: all.filter((v) => v.split === 'test') }]
    : [...new Set(all.map((v) => family(v.source)))].sort().map((f) => ({
        keep: (s: string) => family(s) !== f,
        values: all.filter((v) => family(v.source) === f),
      }));
  const tally = new Map<string, Tally>();
  const add = (key: string, ok: boolean): void => {
    let t = tally.get(key);
    if (t === undefined) tally.set(key, (t = { n: 0, tp: 0 }));
    t.n++;
    if (ok) t.tp++;
  };
  const lost = new Map<string, string[]>();
  const missed: string[] = [];
  let requests = 0;
  const t0 = Date.now();
  for (const fold of folds) {
    const models = new DetectionModels(learnModels(corpora, fold.keep));
    const detector = new AttackDetector({ maxMillisPerRequest: 1000, anomaly: { enabled: false }, models });
    for (const v of fold.values) {
      const cls = v.expect![0];
      const found = new Map<AnyPoint, boolean>();
      for (const point of POINTS) {
        const classes = classesAt(detector, point, v.value);
        if (classes === null) continue;
        requests++;
        const ok = v.expect!.some((e) => classes.has(e));
        found.set(point, ok);
        add(`${cls}|${point}`, ok);
        add(`all|${point}`, ok);
        if (!ok) missed.push(`${point} ${cls} ${v.source} ${JSON.stringify(v.value.slice(0, 200))}`);
      }
      if (found.get('query') !== true) continue;
      for (const [point, ok] of found) {
        if (ok) continue;
        const key = `${point} ${cls}`;
        let list = lost.get(key);
        if (list === undefined) lost.set(key, (list = []));
        list.push(`[${v.source}] ${JSON.stringify(v.value.slice(0, 200))}`);
      }
    }
  }
  const classes = [...new Set([...tally.keys()].map((k) => k.split('|')[0]))].filter((c) => c !== 'all').sort();
  const cell = (t: Tally | undefined): string => (t === undefined ? '-' : `${((100 * t.tp) / t.n).toFixed(2)} % (${t.n})`);
  console.log(
    `${folds.reduce((k, f) => k + f.values.length, 0)} attack values, ${requests} requests, ${Date.now() - t0} ms, ${opts.split ? 'held-out split, committed recipe' : 'each corpus family scored with models learned without it'}`,
  );
  console.log(`\n| class | ${POINTS.join(' | ')} |\n|---|${POINTS.map(() => '---|').join('')}`);
  for (const c of [...classes, 'all']) console.log(`| ${c} | ${POINTS.map((p) => cell(tally.get(`${c}|${p}`))).join(' | ')} |`);
  console.log('\nFound in the query, lost at the point (values):');
  for (const [key, list] of [...lost].sort()) {
    console.log(`== ${key} (${list.length})`);
    if (show > 0) console.log(list.slice(0, show).join('\n'));
  }
  if (opts.list) fs.writeFileSync(opts.list, missed.sort().join('\n') + '\n');
}

if (process.argv[1]?.endsWith('attack-all-points.ts')) main();
