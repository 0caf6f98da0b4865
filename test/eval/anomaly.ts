/**
 * npm run eval:anomaly — "anomalous vs normal" on API traffic the code was not shaped on
 * (docs/detection.md, "Parameter profiles"): each OpenAPI document's traffic
 * (test/eval/discovery/synth.ts, several seeds, so that each endpoint is called often) is the
 * normal traffic; beside each normal request an anomalous one is made from another normal request
 * of the same API by one generic mutation of one parameter or of the path (MUTATIONS, written
 * before the profiles were tuned). The two streams are mixed as one (half of it anomalous, as in
 * academic datasets) and replayed through one AttackDetector in order, as a one-worker replay
 * would: the profiles learn from this contaminated traffic itself. Reported: TPR, FPR and balanced
 * accuracy with parameter profiles off and on, per mutation kind, per spec set. Attack payloads are
 * drawn from the http-params corpus and scored with models learned without it (leave one source
 * out). Develop on `--set tuning`; the held-out sets are read as totals only.
 *   --set NAME      one spec set (test/eval/discovery/splits.ts; default: tuning and held-out)
 *   --seeds N       traffic of N seeds per spec (default 6)
 *   --misses N      print N missed anomalies and N flagged normal requests per set (tuning only)
 *   --min-values N, --min-share X   profile settings other than the defaults (docs/configuration.md)
 *   --on-only       skip the run with profiles off
 *   --mutations a,b the mutation kinds drawn (default all; `type,symbol,long,attack,probe` draws the
 *                   same stream as before `param` and `missing` were added, and
 *                   `type,symbol,long,attack,probe,param,missing` as before `short`)
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { AttackDetector } from '../../node/analysis/attacks';
import { DetectionModels } from '../../node/analysis/attacks/models';
import type { HttpExchangeSpec } from '../../node/sample/http-exchange';
import { Rng } from '../../node/sample/rng';
import type { AnomalySettings } from '../../node/analysis/attacks/profile/settings';
import { tx } from '../unit/attacks/helpers';
import { loadHttpParams } from './corpus';
import { learnModels, loadCorpora } from './learn';
import { SPEC_SETS } from './discovery/splits';
import { synthesize } from './discovery/synth';

const SPECS_DIR = path.resolve(__dirname, 'discovery/specs');

/**
 * The mutation kinds: each breaks one thing a parameter's normal values share, or asks for a copy of
 * the app's own file. `param` (a parameter the request never has, added) and `missing` (one of its
 * parameters dropped) were written before the profiles' parameter-set rules were tuned; a dropped
 * parameter that its endpoint takes only sometimes leaves a normal request, so `missing` has a
 * ceiling below 100 %. `short` (the value cut to 1 to a quarter of its characters, or emptied when
 * it has fewer than 4: a truncated id, date, token or code) was written before the profiles' lower length bound.
 */
export const MUTATIONS = ['type', 'symbol', 'long', 'attack', 'probe', 'param', 'missing', 'short'] as const;
type Mutation = (typeof MUTATIONS)[number];

interface Req {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: string;
}

interface Labeled {
  req: Req;
  /** null: normal. */
  mutation: Mutation | null;
  /** The hits of a flagged normal request (for --misses). */
  hits?: string;
}

const SYMBOLS = `!"#$%&'()*+,;<=>?@[\\]^\`{|}~`;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const BACKUP_SUFFIXES = ['.bak', '.old', '~', '.orig', '.swp', '.save', '.tmp', '.copy', '.1', '.backup', '.BAK', '_old'];

/** A parameter of a request that can be changed: a query pair, a form pair or a top-level JSON scalar. */
interface Slot {
  get: () => string;
  set: (v: string) => Req;
  /** The request without this parameter. */
  drop: () => Req;
}

/** The `name=value` pairs of urlencoded text as slots; `rebuild` puts the changed text back into the request. */
function pairSlots(text: string, rebuild: (text: string) => Req): Slot[] {
  const pairs = text.split('&');
  const slots: Slot[] = [];
  pairs.forEach((p, i) => {
    const eq = p.indexOf('=');
    if (eq < 0) return;
    slots.push({
      get: () => safeDecode(p.slice(eq + 1)),
      set: (v) => {
        const copy = [...pairs];
        copy[i] = p.slice(0, eq + 1) + encodeURIComponent(v);
        return rebuild(copy.join('&'));
      },
      drop: () => rebuild(pairs.filter((_, j) => j !== i).join('&')),
    });
  });
  return slots;
}

function slotsOf(r: Req): Slot[] {
  const slots: Slot[] = [];
  const q = r.target.indexOf('?');
  if (q >= 0) {
    slots.push(...pairSlots(r.target.slice(q + 1), (text) => ({ ...r, target: r.target.slice(0, q + 1) + text })));
  }
  const ct = r.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  if (ct.includes('x-www-form-urlencoded') && r.body !== '') {
    slots.push(...pairSlots(r.body, (text) => ({ ...r, body: text })));
  } else if (ct.includes('json') && r.body.startsWith('{')) {
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(r.body) as Record<string, unknown>;
    } catch {
      return slots;
    }
    for (const [k, x] of Object.entries(doc)) {
      if (x === null || typeof x === 'object') continue;
      slots.push({
        get: () => String(x),
        set: (v) => ({ ...r, body: JSON.stringify({ ...doc, [k]: v }) }),
        drop: () => ({ ...r, body: JSON.stringify(Object.fromEntries(Object.entries(doc).filter(([j]) => j !== k))) }),
      });
    }
  }
  return slots;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng.next() * xs.length)];
}

/** A value of another character class than the value's own: letters in a number, digits and symbols in a word. */
function typeBreak(v: string, rng: Rng): string {
  if (/^[\d.+-]*$/.test(v)) {
    const i = Math.floor(rng.next() * (v.length + 1));
    return v.slice(0, i) + pick(rng, ['abc', 'x', 'one', 'A1b', 'null', 'e']) + v.slice(i);
  }
  if (!/\d/.test(v)) return v.slice(0, Math.max(1, v.length - 2)) + String(Math.floor(rng.next() * 900) + 100);
  return v.replace(/\d/g, (d) => LETTERS[Number(d) + 3]);
}

function symbolInject(v: string, rng: Rng): string {
  let out = v;
  const n = 1 + Math.floor(rng.next() * 3);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rng.next() * (out.length + 1));
    out = out.slice(0, i) + pick(rng, [...SYMBOLS]) + out.slice(i);
  }
  return out;
}

function overLong(v: string, rng: Rng): string {
  const alphabet = v.length > 0 ? v : 'a';
  const n = 200 + Math.floor(rng.next() * 800) + v.length * 10;
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rng.next() * alphabet.length)];
  return out;
}

/** The value cut to a prefix of 1 to a quarter of its length (empty when it has fewer than 4 characters). */
function truncated(v: string, rng: Rng): string {
  const quarter = Math.floor(v.length / 4);
  return quarter === 0 ? '' : v.slice(0, 1 + Math.floor(rng.next() * quarter));
}

function probe(r: Req, rng: Rng): Req {
  const q = r.target.indexOf('?');
  const p = q < 0 ? r.target : r.target.slice(0, q);
  const base = p.endsWith('/') && p.length > 1 ? p.slice(0, -1) : p;
  return { method: 'GET', target: base + pick(rng, BACKUP_SUFFIXES), headers: r.headers, body: '' };
}

/** A word of random letters: a parameter name no API of the sets has on purpose. */
function randomName(rng: Rng): string {
  let out = '';
  const n = 3 + Math.floor(rng.next() * 6);
  for (let i = 0; i < n; i++) out += LETTERS[Math.floor(rng.next() * LETTERS.length)];
  return out;
}

/** The request with one parameter more: in its JSON or form body when it has one, else in its query. */
function addParameter(r: Req, rng: Rng): Req {
  const name = randomName(rng);
  const value = rng.next() < 0.5 ? String(Math.floor(rng.next() * 10000)) : randomName(rng);
  const ct = r.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  if (ct.includes('json') && r.body.startsWith('{')) {
    try {
      return { ...r, body: JSON.stringify({ ...(JSON.parse(r.body) as Record<string, unknown>), [name]: value }) };
    } catch {
      // not JSON after all: the query takes it
    }
  }
  if (ct.includes('x-www-form-urlencoded') && r.body !== '') return { ...r, body: `${r.body}&${name}=${value}` };
  return { ...r, target: `${r.target}${r.target.includes('?') ? '&' : '?'}${name}=${value}` };
}

/** One anomalous request made from a normal one; null when the mutation needs a parameter it has not. */
function mutate(r: Req, m: Mutation, rng: Rng, attacks: readonly string[]): Req | null {
  if (m === 'probe') return probe(r, rng);
  if (m === 'param') return addParameter(r, rng);
  const slots = slotsOf(r);
  if (slots.length === 0) return null;
  const s = pick(rng, slots);
  const v = s.get();
  switch (m) {
    case 'type':
      return s.set(typeBreak(v, rng));
    case 'symbol':
      return s.set(symbolInject(v, rng));
    case 'long':
      return s.set(overLong(v, rng));
    case 'missing':
      return s.drop();
    case 'short':
      return s.set(truncated(v, rng));
    default:
      return s.set(pick(rng, attacks));
  }
}

function requestOf(ex: HttpExchangeSpec): Req {
  const headers: Array<[string, string]> = [['Host', ex.host ?? 'api.test'], ...(ex.requestHeaders ?? [])];
  const body = ex.requestBody === undefined ? '' : String(ex.requestBody);
  return { method: ex.method ?? 'GET', target: ex.target ?? '/', headers, body };
}

/** The mixed stream of one API: its normal requests in order, each followed by an anomalous copy of another. */
function streamOf(api: string, seeds: number, attacks: readonly string[], kinds: readonly Mutation[]): Labeled[] {
  const spec = JSON.parse(fs.readFileSync(path.join(SPECS_DIR, `${api}.json`), 'utf8')) as Record<string, unknown>;
  const normal: Req[] = [];
  for (let s = 1; s <= seeds; s++) {
    const t = synthesize(api, spec, s * 7919);
    for (const plan of t.plans) for (const ex of plan.exchanges) if ((ex.status ?? 200) !== 404) normal.push(requestOf(ex));
  }
  const rng = new Rng(0x5eed ^ normal.length);
  rng.shuffle(normal);
  const out: Labeled[] = [];
  for (const r of normal) {
    out.push({ req: r, mutation: null });
    for (let tries = 0; tries < 8; tries++) {
      const m = pick(rng, kinds);
      const a = mutate(pick(rng, normal), m, rng, attacks);
      if (a === null) continue;
      out.push({ req: a, mutation: m });
      break;
    }
  }
  return out;
}

interface Tally {
  normal: number;
  flagged: number;
  anomalous: Record<Mutation, [number, number]>;
}

function newTally(): Tally {
  return { normal: 0, flagged: 0, anomalous: Object.fromEntries(MUTATIONS.map((m) => [m, [0, 0]])) as Tally['anomalous'] };
}

function run(
  stream: Labeled[],
  models: DetectionModels,
  anomaly: Partial<AnomalySettings>,
  t: Tally,
  misses: Labeled[],
  extras: Labeled[],
): void {
  const detector = new AttackDetector({ models, maxMillisPerRequest: Number.POSITIVE_INFINITY, anomaly });
  for (const c of stream) {
    const r = detector.detect(
      tx({
        method: c.req.method,
        target: c.req.target,
        headers: c.req.headers,
        body: c.req.body,
        response: { status: 200, body: 'ok' },
      }),
    );
    const hit = r !== null;
    if (c.mutation === null) {
      t.normal++;
      if (hit) {
        t.flagged++;
        extras.push({ ...c, hits: r.hits.map((h) => `${h.class} ${JSON.stringify(h.point)} ${h.rule ?? ''}`).join('; ') });
      }
    } else {
      t.anomalous[c.mutation][1]++;
      if (hit) t.anomalous[c.mutation][0]++;
      else misses.push(c);
    }
  }
}

const pct = (a: number, b: number): string => (b === 0 ? '–' : ((100 * a) / b).toFixed(1));

function row(name: string, t: Tally, kinds: readonly Mutation[]): string {
  const caught = kinds.reduce((a, m) => a + t.anomalous[m][0], 0);
  const all = kinds.reduce((a, m) => a + t.anomalous[m][1], 0);
  const tpr = all === 0 ? 0 : caught / all;
  const fpr = t.normal === 0 ? 0 : t.flagged / t.normal;
  const perKind = kinds.map((m) => pct(...t.anomalous[m])).join(' | ');
  return `| ${name} | ${all} / ${t.normal} | ${(100 * tpr).toFixed(1)} | ${(100 * fpr).toFixed(2)} | ${((tpr + 1 - fpr) / 2).toFixed(3)} | ${perKind} |`;
}

function main(): void {
  const args = parseArgs({
    options: {
      set: { type: 'string' },
      seeds: { type: 'string', default: '6' },
      misses: { type: 'string', default: '0' },
      'min-values': { type: 'string' },
      'min-share': { type: 'string' },
      'on-only': { type: 'boolean', default: false },
      mutations: { type: 'string' },
    },
  });
  const kinds = (args.values.mutations?.split(',') ?? MUTATIONS) as Mutation[];
  for (const k of kinds) if (!MUTATIONS.includes(k)) throw new Error(`unknown mutation ${k}: one of ${MUTATIONS.join(', ')}`);
  const seeds = Number(args.values.seeds);
  const misses = Number(args.values.misses);
  const sets = args.values.set !== undefined ? [args.values.set] : ['tuning', 'held-out'];
  const attacks = loadHttpParams()
    .filter((v) => v.expect !== null && v.value.length <= 400)
    .map((v) => v.value);
  const models = new DetectionModels(learnModels(loadCorpora(), (s) => !s.startsWith('http-params')));
  console.log(
    `| set, profiles | anomalous / normal | TPR % | FPR % | balanced accuracy | ${kinds.map((m) => `${m} %`).join(' | ')} |\n|---|---|---|---|---|${kinds.map(() => '---|').join('')}`,
  );
  for (const set of sets) {
    const apis = SPEC_SETS[set];
    if (apis === undefined) throw new Error(`unknown --set ${set}: one of ${Object.keys(SPEC_SETS).join(', ')}`);
    const streams = apis.map((api) => streamOf(api, seeds, attacks, kinds));
    const tuned: Partial<AnomalySettings> = {
      ...(args.values['min-values'] !== undefined && { minValues: Number(args.values['min-values']) }),
      ...(args.values['min-share'] !== undefined && { minShare: Number(args.values['min-share']) }),
    };
    for (const on of args.values['on-only'] ? [true] : [false, true]) {
      const t = newTally();
      const missed: Labeled[] = [];
      const flagged: Labeled[] = [];
      for (const s of streams) run(s, models, { ...tuned, enabled: on }, t, missed, flagged);
      console.log(row(`${set}, ${on ? 'on' : 'off'}`, t, kinds));
      if (on && misses > 0 && set === 'tuning') {
        for (const c of missed.slice(0, misses))
          console.log(`  missed ${c.mutation} ${c.req.method} ${c.req.target} ${c.req.body.slice(0, 200)}`);
        for (const c of flagged.slice(0, misses))
          console.log(`  flagged ${c.hits} <- ${c.req.method} ${c.req.target} ${c.req.body.slice(0, 120)}`);
      }
    }
  }
}

main();
