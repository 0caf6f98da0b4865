/**
 * Everything detection learns from the corpora, as functions of the training cases (so the
 * evaluation can learn without one source and score on it): SQLi token-shape fingerprints and
 * known-exploit signatures. test/eval/learn-sqli.ts and learn-exploits.ts write the committed
 * results; test/unit/attacks/learned-models.test.ts checks they match.
 */
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../node/analysis/attacks/budget';
import { decodeVariants } from '../../node/analysis/attacks/decode/variants';
import { fingerprintKeys, isSignificant, sqlFingerprints, SqlLexer } from '../../node/analysis/attacks/detectors/sql-tokens';
import { type ExploitSignature, parameterKeys, signaturePath } from '../../node/analysis/attacks/detectors/exploits';
import type { LearnedModels } from '../../node/analysis/attacks/models';
import { learnScores, type TrainingValue } from './learn-scores-model';
import { extractRequest } from '../../node/analysis/attacks/points/extract';
import type { HttpRequest } from '../../node/http/types';
import { benignValues } from './benign';
import {
  splitOf,
  loadCrs,
  loadFuzzdb,
  loadGotestwaf,
  loadHttpParams,
  loadLibinjection,
  type LabeledRequests,
  type LabeledValue,
  type Split,
} from './corpus';
import { loadNucleiTemplates, templateRequests, type NucleiTemplate } from './nuclei';

/** A fingerprint seen in fewer attack values than this is noise, not a shape. */
const MIN_SUPPORT = Number(process.env.MIN_SUPPORT ?? 2);
/**
 * Shapes made only of words, strings, numbers, logic and comparison are what prose looks like
 * ("D'or blue parfume" is s&nn): they need more evidence.
 */
const MIN_SUPPORT_PROSE_LIKE = Number(process.env.MIN_SUPPORT_PROSE_LIKE ?? 3);
const proseLike = (key: string): boolean => /^[ns&1o$]+$/.test(key);
/** Shapes plain prose has (words, keywords, logic, operators): the detector never lexes prose (sqli.ts isPlainProse), so never learned. */
const PROSE_SHAPE = /^[nkE&oBx]+\$?$/;
/**
 * Shapes of a word followed only by words, punctuation, operators and numbers (`n x o 1`): what
 * identifiers, addresses and measurements look like (`tel:+15551234567`, `http://10.0.0.1/x`,
 * `red.=24`); an injection that opens with a word goes on with a string, keyword, comment,
 * parenthesis or logic. Never learned (a learned `nxo1` flagged them once a URL stopped vetoing it).
 */
const TOKEN_SHAPE = /^n[nxo1]*\$?$/;
/**
 * Distinct whole fingerprints a key must come from (branch i18-learn, docs/detection.md): a key
 * that every injection producing it reaches through the same shape is one payload in several
 * spellings (the corpora repeat a payload with other numbers or names), memorised rather than
 * learned; 2 gave the best leave-one-source-out figures of the rules tried (lines, sources, shapes).
 */
const MIN_SHAPES = Number(process.env.MIN_SHAPES ?? 2);
/** Experiment knobs (env): distinct sources a key needs, and what a source is (`family` or `list`). */
const MIN_SOURCES = Number(process.env.MIN_SOURCES ?? 1);
const SUPPORT_SOURCE = (source: string): string => (process.env.SUPPORT_SOURCE === 'list' ? source : family(source));

/** Every corpus, loaded once: the evaluation and the learning scripts filter it by source and split. */
export interface Corpora {
  values: LabeledValue[];
  gotestwaf: ReturnType<typeof loadGotestwaf>;
  requests: LabeledRequests[];
  templates: Array<{ template: NucleiTemplate; source: string; split: Split }>;
}

export function loadCorpora(): Corpora {
  return {
    values: [...loadLibinjection(), ...loadHttpParams(), ...loadFuzzdb(), ...benignValues()],
    gotestwaf: loadGotestwaf(),
    requests: loadCrs(),
    templates: loadNucleiTemplates().map((template) => ({
      template,
      source: `nuclei/${template.label}`,
      split: splitOf('nuclei' + template.id),
    })),
  };
}

/**
 * Which cases a model may learn from: by source family (`crs`, `nuclei`...) and split; `key` is
 * the nuclei template id (given for templates only), for folds within that corpus.
 */
export type Keep = (source: string, split: Split, key?: string) => boolean;

export function learnModels(c: Corpora, keep: Keep): LearnedModels {
  const sqliFingerprints = learnSqliFingerprints(c, keep);
  return {
    sqliFingerprints,
    exploitSignatures: learnExploitSignatures(c, keep),
    scores: learnScoresFromCorpora(c, keep, sqliFingerprints),
  };
}

/** The sqli and xss scores learned from the values of the cases `keep` accepts (learn-scores-model.ts). */
export function learnScoresFromCorpora(c: Corpora, keep: Keep, sqliFingerprints: Iterable<string>): LearnedModels['scores'] {
  return learnScores(trainingValues(c, keep), sqliFingerprints);
}

const family = (source: string): string => source.split('/')[0];

/** Values of the points where an application reads input (query, form, JSON, multipart, cookies). */
function requestValues(r: LabeledRequests['reqs'][number]): string[] {
  const req: HttpRequest = {
    method: r.method,
    target: r.target,
    version: '1.1',
    headers: r.headers,
    body: {
      inspect: Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8'),
      length: Buffer.byteLength(r.body),
      truncated: false,
    },
  } as unknown as HttpRequest;
  const out: string[] = [];
  extractRequest(req, new Budget({ ...DEFAULT_ATTACK_LIMITS, maxMillisPerRequest: 1e9 }), (v) => {
    if (v.kind === 'query' || v.kind === 'form' || v.kind === 'json' || v.kind === 'multipart' || v.kind === 'cookie')
      out.push(v.value);
    return true;
  });
  return out;
}

/**
 * Every fingerprint key (see fingerprintKeys) that at least MIN_SUPPORT injections produce, minus
 * every key that a benign value produces, from the cases `keep` accepts.
 */
export function learnSqliFingerprints(c: Corpora, keep: Keep): string[] {
  const { support, benignKeys } = sqliKeySupport(c, keep);
  return [...support]
    .filter(
      ([key, s]) =>
        s.lines >= (proseLike(key) ? MIN_SUPPORT_PROSE_LIKE : MIN_SUPPORT) &&
        s.sources.size >= MIN_SOURCES &&
        s.shapes.size >= MIN_SHAPES &&
        !benignKeys.has(key) &&
        !PROSE_SHAPE.test(key) &&
        !TOKEN_SHAPE.test(key),
    )
    .map(([key]) => key)
    .sort();
}

/** How much evidence a fingerprint key has: the injections (lines) that produce it and their sources. */
export interface KeySupport {
  lines: number;
  sources: Set<string>;
  /** The injections' whole fingerprints that hold the key: one payload in many spellings is one shape. */
  shapes: Set<string>;
  /** The first injection that produced it (for reports). */
  example: string;
}

/** Every significant key of the injections `keep` accepts, with its support; every key of a benign value. */
export function sqliKeySupport(c: Corpora, keep: Keep): { support: Map<string, KeySupport>; benignKeys: Set<string> } {
  const support = new Map<string, KeySupport>();
  const benignKeys = new Set<string>();
  for (const v of trainingValues(c, keep)) {
    if (v.expect === null) {
      for (const fp of fingerprintsOf(v.value)) for (const key of fingerprintKeys(fp)) benignKeys.add(key);
      continue;
    }
    if (!v.expect.includes('sqli')) continue;
    const keys = new Map<string, string>();
    for (const fp of fingerprintsOf(v.value))
      for (const key of fingerprintKeys(fp)) if (isSignificant(key) && !keys.has(key)) keys.set(key, fp);
    for (const [key, fp] of keys) {
      let s = support.get(key);
      if (s === undefined) support.set(key, (s = { lines: 0, sources: new Set(), shapes: new Set(), example: v.value }));
      s.lines++;
      s.sources.add(SUPPORT_SOURCE(v.source));
      s.shapes.add(fp);
    }
  }
  return { support, benignKeys };
}

const LEXER = new SqlLexer();

/** A training value and the corpus file or list it comes from (`fuzzdb/sqli`, `crs/942100`...). */
interface SourcedValue extends TrainingValue {
  source: string;
}

/** The values of every case `keep` accepts: bare values, gotestwaf payloads, the values of CRS requests. */
function trainingValues(c: Corpora, keep: Keep): SourcedValue[] {
  const out: SourcedValue[] = [];
  for (const v of c.values) if (keep(family(v.source), v.split)) out.push({ value: v.value, expect: v.expect, source: v.source });
  for (const g of c.gotestwaf)
    if (keep(family(g.source), g.split)) out.push({ value: g.payload, expect: g.expect, source: g.source });
  for (const r of c.requests) {
    if (!keep(family(r.source), r.split)) continue;
    // A request's class is its first (the rule family): its other values are no evidence of the others.
    const expect = r.expect === null ? null : [r.expect[0]];
    for (const q of r.reqs) for (const value of cachedRequestValues(q)) out.push({ value, expect, source: r.source });
  }
  return out;
}

const requestValuesCache = new WeakMap<object, string[]>();
function cachedRequestValues(q: LabeledRequests['reqs'][number]): string[] {
  let v = requestValuesCache.get(q);
  if (v === undefined) requestValuesCache.set(q, (v = requestValues(q)));
  return v;
}

function fingerprintsOf(value: string): Set<string> {
  const fps = new Set<string>();
  const budget = new Budget({ ...DEFAULT_ATTACK_LIMITS, maxMillisPerRequest: 1e9 });
  for (const v of decodeVariants(value, budget)) for (const fp of sqlFingerprints(v, LEXER)) fps.add(fp);
  return fps;
}

/** Pages every site has (and logins, the first step of many templates): they identify no exploit alone. */
const COMMON_PAGE =
  /^(?:index|default|home|main|login|logon|signin|sign-in|logout|admin|dashboard|api|search|upload|console)(?:\.\w{2,5})?$/;
/** A path shared by this many templates is a product's ordinary endpoint: its signatures need parameters. */
const SHARED_PATH_TEMPLATES = 3;
/** Parameter values kept in a signature (`action=revslider_show_image`): short literal names, not payloads or numbers. */
const LITERAL_VALUE = /^(?=[\w.-]{0,39}[a-z])[\w.-]{3,40}$/;
const ORDINARY_VALUE =
  /^(?:true|false|null|yes|no|admin|test|user|login|submit|save|update|edit|view|list|show|search|default|index|home)$/;

/**
 * Signatures of the requests in the nuclei templates `keep` accepts: method, path and the
 * parameters the request carries (`name=value` for literal values, `name` for payloads and
 * placeholders). A path every site has, or that several templates share, needs parameters; a
 * signature that a benign request of the kept corpora matches is dropped.
 */
export function learnExploitSignatures(c: Corpora, keep: Keep): ExploitSignature[] {
  const kept = c.templates.filter((t) => keep(family(t.source), t.split, t.template.id));
  const candidates: ExploitSignature[] = [];
  const templatesByPath = new Map<string, Set<string>>();
  for (const { template } of kept) {
    const id = template.cve ?? template.id;
    const reqs = templateRequests(template);
    for (const r of reqs) {
      // In a sequence, requests without parameters or body are the steps around the exploit
      // (the product's login or dashboard page a real user opens too), not the exploit.
      if (reqs.length > 1 && !r.target.includes('?') && r.body === '') continue;
      const q = r.target.indexOf('?');
      const path = signaturePath(q < 0 ? r.target : r.target.slice(0, q));
      if (RANDOM_PART.test(path) || /[^\x21-\x7e]/.test(path)) continue; // random parts never repeat
      const form = r.headers.some(([n, v]) => n.toLowerCase() === 'content-type' && /x-www-form-urlencoded/i.test(v));
      const body = form || /^[\w.[\]-]+=[^&]*(?:&[\w.[\]-]+=[^&]*)*$/.test(r.body) ? r.body : '';
      const finalParams = signatureParams(q < 0 ? '' : r.target.slice(q + 1), body);
      candidates.push({ id, method: r.method, path, params: finalParams });
      let ids = templatesByPath.get(path);
      if (!ids) templatesByPath.set(path, (ids = new Set()));
      ids.add(template.id);
    }
  }
  const benign = benignRequests(c, keep);
  const seen = new Set<string>();
  const out: ExploitSignature[] = [];
  for (const s of candidates) {
    const last = s.path.slice(s.path.lastIndexOf('/') + 1);
    const generic = s.path === '/' || COMMON_PAGE.test(last) || (templatesByPath.get(s.path)?.size ?? 0) >= SHARED_PATH_TEMPLATES;
    if (generic && !s.params.some((p) => p.includes('='))) continue;
    if (s.path.split('/').length < 4 && s.params.length === 0 && !/\.\w{2,5}$/.test(last)) continue;
    const key = `${s.method} ${s.path} ${s.params.join('&')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (benign.some((b) => matches(s, b))) continue;
    out.push(s);
  }
  return out.sort((a, b) =>
    a.path < b.path
      ? -1
      : a.path > b.path
        ? 1
        : a.id < b.id
          ? -1
          : a.id > b.id
            ? 1
            : a.params.join('&') < b.params.join('&')
              ? -1
              : 1,
  );
}

/** `name=value` for a literal value, else `name` (payloads and placeholders vary), each once, sorted. */
function signatureParams(query: string, body: string): string[] {
  const out = new Set<string>();
  for (const text of [query, body]) {
    if (text === '') continue;
    const keys = new Set<string>();
    parameterKeys(text, keys);
    for (const k of keys) {
      if (RANDOM_PART.test(k)) continue;
      const eq = k.indexOf('=');
      if (eq < 0) continue;
      out.add(LITERAL_VALUE.test(k.slice(eq + 1)) && !ORDINARY_VALUE.test(k.slice(eq + 1)) ? k : k.slice(0, eq));
    }
    for (const k of keys)
      if (!k.includes('=') && !RANDOM_PART.test(k) && ![...out].some((o) => o === k || o.startsWith(k + '='))) out.add(k);
  }
  return [...out].sort();
}

/** What the template expansion (nuclei.ts) puts in for random strings and numbers: never part of a signature. */
const RANDOM_PART = /k3x9qz7w|4271/;

interface PlainRequest {
  method: string;
  path: string;
  params: Set<string>;
}

function benignRequests(c: Corpora, keep: Keep): PlainRequest[] {
  const out: PlainRequest[] = [];
  for (const r of c.requests) {
    if (r.expect !== null || !keep(family(r.source), r.split)) continue;
    for (const q of r.reqs) {
      const i = q.target.indexOf('?');
      const params = new Set<string>();
      parameterKeys(i < 0 ? '' : q.target.slice(i + 1), params);
      if (typeof q.body === 'string') parameterKeys(q.body, params);
      out.push({ method: q.method, path: signaturePath(i < 0 ? q.target : q.target.slice(0, i)), params });
    }
  }
  return out;
}

function matches(s: ExploitSignature, r: PlainRequest): boolean {
  return (s.method === '*' || s.method === r.method) && s.path === r.path && s.params.every((p) => r.params.has(p));
}

/** The generated TypeScript of the signatures (exploit-signatures.ts). */
export function exploitSignaturesSource(signatures: ExploitSignature[], templates: number): string {
  const rows = signatures.map((s) => JSON.stringify([s.id, s.method, s.path, s.params.join('&')]));
  return `/**
 * Known-exploit signatures (see exploits.ts), generated by test/eval/learn-exploits.ts from the
 * training split of ../shared/corpus/nuclei-templates-requests (${templates} templates): ${signatures.length} signatures.
 * Do not edit by hand; rerun the script.
 */
import type { ExploitSignature } from './exploits';

const ROWS: Array<[string, string, string, string]> = [
${rows.map((r) => '  ' + r + ',').join('\n')}
];

export const EXPLOIT_SIGNATURES: readonly ExploitSignature[] = ROWS.map(([id, method, path, params]) => ({ id, method, path, params: params === '' ? [] : params.split('&') }));
`;
}

/** The generated TypeScript of the fingerprints (sqli-fingerprints.ts). */
export function sqliFingerprintsSource(keys: string[]): string {
  return `/**
 * SQLi token-shape fingerprints (see sql-tokens.ts), generated by test/eval/learn-sqli.ts from the
 * training split of ../shared/corpus. Do not edit by hand; rerun the script after changing the tokenizer.
 */
export const SQLI_FINGERPRINTS: ReadonlySet<string> = new Set(${JSON.stringify(keys.join(' '))}.split(' '));
`;
}

/** The committed models' training cases: the training split of every corpus. */
export const TRAINING_SPLIT: Keep = (_source, split) => split === 'train';
