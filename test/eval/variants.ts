/**
 * Does a detected attack stay detected when it is re-spelled by the rules of its own language?
 * (issue 18: the held-out payload collections are full of such spellings.) Every attack value of
 * the corpora (attack-all-points.ts's `attackValues`) that the detector finds in a query argument
 * or a JSON field is re-spelled by each transformation of its class and by the transport
 * encodings (test/eval/variants/transforms.ts, written from the grammars before any result was
 * read), placed at the same point, and scored with models learned without the value's corpus
 * family (leave-one-source-out, as attack-all-points.ts does). The benign values
 * (benign-all-points.ts's: corpora false positives, look-alikes, README prose) get the same
 * transformations, scored with the committed models: a variant flagged whose original is quiet is
 * a false positive the re-spelling made.
 *
 *   npx tsx test/eval/variants.ts [--classes sqli,xss] [--transforms sqli-case,enc-url1] [--show 10] [--per-class 500] [--benign 4000]
 *
 * --per-class N  attack values per class, drawn by a fixed seed (caseHash of `variants|value`);
 *                the run stays a few minutes (default 400)
 * --benign N     benign values drawn the same way (default 6000)
 * --show N       misses (and benign variants flagged) listed per (class, transformation)
 */
import { parseArgs } from 'node:util';
import { AttackDetector } from '../../node/analysis/attacks';
import { DetectionModels } from '../../node/analysis/attacks/models';
import type { AttackClass } from '../../node/records/types';
import { tx } from '../unit/attacks/helpers';
import { attackValues } from './attack-all-points';
import { readmeProse } from './benign';
import { caseHash, type LabeledValue } from './corpus';
import { learnModels, loadCorpora } from './learn';
import { valueRequest } from './requests';
import { TRANSFORMS, type Point, type Transform } from './variants/transforms';

const POINTS: readonly Point[] = ['query', 'json'];

/** The classes `detector` reports for `value` at `point`; `jsonBody` spells the JSON document itself. */
function classesAt(detector: AttackDetector, point: Point, value: string, jsonBody?: (v: string) => string): Set<AttackClass> {
  const spec = valueRequest(point, value)!;
  const body = point === 'json' && jsonBody ? Buffer.from(jsonBody(value), 'utf8') : spec.body;
  const hits = detector.detect(tx({ method: spec.method, target: spec.target, headers: spec.headers, body }))?.hits;
  return new Set((hits ?? []).map((h) => h.class));
}

/** The first `n` values in the order of a seeded hash: the same sample every run. */
function sample<T extends { value: string }>(values: T[], n: number): T[] {
  return [...values].sort((a, b) => caseHash(`variants|${a.value}`) - caseHash(`variants|${b.value}`)).slice(0, n);
}

const family = (source: string): string => source.split('/')[0];

interface Row {
  /** Originals the transformation was tried on (found at the point, for attacks). */
  tried: number;
  /** ... of which it did not apply to (nothing of its kind in the value). */
  notApplied: number;
  made: number;
  /** Attacks: variants found under the expected class; benign: variants flagged (any class). */
  hits: number;
  shown: string[];
}

class Table {
  readonly rows = new Map<string, Row>();
  constructor(private readonly show: number) {}

  row(key: string): Row {
    let r = this.rows.get(key);
    if (r === undefined) this.rows.set(key, (r = { tried: 0, notApplied: 0, made: 0, hits: 0, shown: [] }));
    return r;
  }

  note(key: string, line: string): void {
    const r = this.row(key);
    if (r.shown.length < this.show) r.shown.push(line);
  }

  print(title: string, hitLabel: string): void {
    console.log(
      `\n${title}\n\n| class | transformation | tried | not applied | variants | ${hitLabel} |\n|---|---|---|---|---|---|`,
    );
    for (const [key, r] of [...this.rows].sort()) {
      const [cls, name] = key.split('|');
      const pct = r.made === 0 ? '-' : `${((100 * r.hits) / r.made).toFixed(1)} %`;
      console.log(`| ${cls} | ${name} | ${r.tried} | ${r.notApplied} | ${r.made} | ${pct} (${r.hits}) |`);
    }
    if (this.show === 0) return;
    for (const [key, r] of [...this.rows].sort()) if (r.shown.length > 0) console.log(`== ${key}\n${r.shown.join('\n')}`);
  }
}

const appliesTo = (t: Transform, cls: string): boolean => t.cls === null || t.cls === cls;
const pointsOf = (t: Transform): readonly Point[] => t.points ?? POINTS;
const shown = (s: string): string => JSON.stringify(s.slice(0, 160));

function main(): void {
  const { values: opts } = parseArgs({
    options: {
      classes: { type: 'string' },
      transforms: { type: 'string' },
      show: { type: 'string' },
      'per-class': { type: 'string' },
      benign: { type: 'string' },
    },
  });
  const onlyClasses = opts.classes ? new Set(opts.classes.split(',')) : null;
  const transforms = opts.transforms ? TRANSFORMS.filter((t) => opts.transforms!.split(',').includes(t.name)) : TRANSFORMS;
  const show = Number(opts.show ?? 0);
  const perClass = Number(opts['per-class'] ?? 400);
  const t0 = Date.now();
  const corpora = loadCorpora();

  const byClass = new Map<string, LabeledValue[]>();
  for (const v of attackValues(corpora)) {
    const cls = v.expect![0];
    if (onlyClasses !== null && !onlyClasses.has(cls)) continue;
    byClass.set(cls, [...(byClass.get(cls) ?? []), v]);
  }
  const attacks = [...byClass.values()].flatMap((vs) => sample(vs, perClass));
  const attackTable = new Table(show);
  for (const f of [...new Set(attacks.map((v) => family(v.source)))].sort()) {
    const models = new DetectionModels(learnModels(corpora, (s) => family(s) !== f));
    const detector = new AttackDetector({ maxMillisPerRequest: 1000, anomaly: { enabled: false }, models });
    for (const v of attacks.filter((a) => family(a.source) === f)) scoreAttack(detector, v, transforms, attackTable);
  }
  const benignTable = new Table(show);
  const detector = new AttackDetector({ maxMillisPerRequest: 1000, anomaly: { enabled: false } });
  const benign = sample(
    [...corpora.values, ...readmeProse()].filter((v) => v.expect === null),
    Number(opts.benign ?? 6000),
  );
  for (const v of benign) scoreBenign(detector, v, transforms, benignTable);

  console.log(
    `${attacks.length} attack values (<= ${perClass} per class), ${benign.length} benign values, ${Date.now() - t0} ms`,
  );
  attackTable.print(
    'Attack variants (originals found at the point; each corpus family with models learned without it)',
    'detected',
  );
  benignTable.print('Benign variants (originals quiet at the point; committed models)', 'flagged');
}

/** The variant t makes of value, counted in row (tried, then made or not applied); null when t does not apply. */
function countedVariant(t: Transform, value: string, row: Row): string | null {
  row.tried++;
  const variant = t.apply(value);
  if (variant === null) row.notApplied++;
  else row.made++;
  return variant;
}

/** Each point where the original is found: the variants made there, and how many are found. */
function scoreAttack(detector: AttackDetector, v: LabeledValue, transforms: readonly Transform[], table: Table): void {
  const cls = v.expect![0];
  const found = (classes: Set<AttackClass>): boolean => v.expect!.some((e) => classes.has(e));
  for (const point of POINTS) {
    if (!found(classesAt(detector, point, v.value))) continue;
    for (const t of transforms) {
      if (!appliesTo(t, cls) || !pointsOf(t).includes(point)) continue;
      const key = `${cls}|${t.name}`;
      const row = table.row(key);
      const variant = countedVariant(t, v.value, row);
      if (variant === null) continue;
      if (found(classesAt(detector, point, variant, t.jsonBody))) row.hits++;
      else table.note(key, `${point} [${v.source}] ${shown(variant)}  <-  ${shown(v.value)}`);
    }
  }
}

/** Each point where the original is quiet: the variants made there, and how many are flagged. */
function scoreBenign(detector: AttackDetector, v: LabeledValue, transforms: readonly Transform[], table: Table): void {
  for (const point of POINTS) {
    if (classesAt(detector, point, v.value).size > 0) continue;
    for (const t of transforms) {
      if (!pointsOf(t).includes(point)) continue;
      const key = `${t.cls ?? 'any'}|${t.name}`;
      const row = table.row(key);
      const variant = countedVariant(t, v.value, row);
      if (variant === null) continue;
      const classes = classesAt(detector, point, variant, t.jsonBody);
      if (classes.size === 0) continue;
      row.hits++;
      table.note(key, `${point} [${v.source}] ${[...classes].join(',')} ${shown(variant)}  <-  ${shown(v.value)}`);
    }
  }
}

main();
