/**
 * The gates are exact (docs/performance.md, "The attack stage per value"): what AttackDetector
 * skips by a detector's gate (`gate`, `gateWhere`), by the lengths it can match (`minLength`,
 * `longestMatch`), and code injection's pass skipped on the scan's NOT_BASE64 hint, could never
 * have matched. Pinned by comparing the hits of every value with the gates (as detector.ts
 * testForm/testForms apply them) and without any (every applicable detector on every decoded
 * form), on the corpora's values and on random and mutated ones, at every kind of point.
 */
import fs from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DETECTORS, type Detector } from '../../../node/analysis/attacks/detectors/index';
import { GateMask } from '../../../node/analysis/attacks/detectors/gates';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../../node/analysis/attacks/budget';
import { decodeVariants } from '../../../node/analysis/attacks/decode/variants';
import type { RequestContext } from '../../../node/analysis/attacks/detectors/request-context';
import { POINT_KINDS, type RequestValue } from '../../../node/analysis/attacks/points/types';
import { loadGotestwaf, loadHttpParams, loadLibinjection } from '../../eval/corpus';
import { CORPUS_DIR } from '../../eval/corpus-dir';
import { actionContext } from './helpers';

const UNTIMED = { ...DEFAULT_ATTACK_LIMITS, maxMillisPerRequest: Number.POSITIVE_INFINITY };
const gates = new GateMask(DETECTORS);
const ctx = actionContext;

/** Every kind of point, under names some detectors read (a command, a file, a return URL), and the headers that differ. */
function pointsOf(value: string): RequestValue[] {
  const out: RequestValue[] = [];
  for (const kind of POINT_KINDS) out.push({ point: [kind, 'q'], kind, name: 'q', value });
  for (const name of ['cmd', 'file', 'next', 'debug']) out.push({ point: ['query', name], kind: 'query', name, value });
  out.push({ point: ['graphql', 'cmd'], kind: 'json', name: 'cmd', value });
  out.push({ point: ['query', value], kind: 'query', name: value.toLowerCase(), value });
  for (const name of ['user-agent', 'x-file-name', 'accept', 'referer', 'x-custom', 'content-type'])
    out.push({ point: ['header', name], kind: 'header', name, value });
  return out;
}

interface Hit {
  cls: string;
  text: string;
}

/** The gate bit detector.ts uses for `d` at `v`. */
const bitAt = (d: Detector, v: RequestValue): number => gates.bitOf(d.gateWhere?.at(v) === true ? d.gateWhere.gate : d.gate);

/** What AttackDetector.testForms finds: each detector on the forms its gate and lengths let through, with the scan's hints. */
function gatedHits(v: RequestValue, forms: readonly string[], c: RequestContext): Hit[] {
  const raw = gates.of(v.value);
  const masks = forms.map((f, i) => (i === 0 && f !== v.value ? gates.of(f) | (raw & gates.gateBits) : gates.of(f)));
  const hits: Hit[] = [];
  for (const d of DETECTORS) {
    if (!d.applies(v)) continue;
    const bit = bitAt(d, v);
    for (let i = 0; i < forms.length; i++) {
      const n = forms[i].length;
      if ((masks[i] & bit) === 0 || n < (d.minLength ?? 0) || n > (d.longestMatch ?? Infinity)) continue;
      if (n > (d.maxLength ?? Infinity)) continue;
      if (!d.test(forms[i], v, c, i === forms.length - 1, masks[i])) continue;
      hits.push({ cls: d.cls, text: forms[i] });
      break;
    }
  }
  return hits;
}

/**
 * The detectors this gating is about: the eight that had no gate (now a gate, `gateWhere` or
 * lengths). The others keep their one-class gate in the reference: some are necessary for the
 * detector's own hit only (sqli's `[^\w]` lets `xp_cmdshell` through to the database-name
 * detector, which finds the same class), which is what their comments in index.ts say.
 */
const NEWLY_GATED = new Set(
  DETECTORS.filter(
    (d) => d.gateWhere !== undefined || d.minLength !== undefined || d.longestMatch !== undefined || d.gate?.source === '[._]',
  ),
);

/** The reference: the newly gated detectors on every form without gate or hints, the others behind their one-class gate. */
function ungatedHits(v: RequestValue, forms: readonly string[], c: RequestContext): Hit[] {
  const hits: Hit[] = [];
  for (const d of DETECTORS) {
    if (!d.applies(v)) continue;
    const gate = NEWLY_GATED.has(d) ? null : d.gate;
    for (let i = 0; i < forms.length; i++) {
      if (gate !== null && !gate.test(forms[i]) && !(i === 0 && forms[0] !== v.value && gate.test(v.value))) continue;
      if (forms[i].length > (d.maxLength ?? Infinity)) continue;
      if (!d.test(forms[i], v, c, i === forms.length - 1)) continue;
      hits.push({ cls: d.cls, text: forms[i] });
      break;
    }
  }
  return hits;
}

function assertSameHits(value: string): void {
  const forms = decodeVariants(value, new Budget(UNTIMED));
  for (const v of pointsOf(value))
    // Only the whole path's probe test reads the context (whether the client is a tool).
    for (const c of v.kind === 'path' ? [ctx(false), ctx(true)] : [ctx(false)])
      assert.deepEqual(gatedHits(v, forms, c), ungatedHits(v, forms, c), `${v.kind} ${v.name}: ${JSON.stringify(value)}`);
}

/** The shortest and typical texts each gated-by-length detector matches, and their neighbours. */
const EDGES = [
  'msdb',
  'msd',
  ' msdb ',
  'information_schema.tables',
  'xp_cmdshell',
  'id',
  'ls -la',
  'cat /etc/passwd',
  'PHPRC',
  'LD_PRELOAD',
  'NODE_OPTIONS',
  '2130706433',
  '0x7f000001',
  '017700000001',
  '7f000001',
  'a9fea9fe',
  'x.php',
  'x.asa',
  'sess_abcdefgh1',
  'AAAA%n',
  '%x%x%x',
  '%n',
  'A'.repeat(300),
  'phpinfo',
  '__proto__',
  'rO0ABXNyABdqYXZhLnV0aWwuUHJpb3JpdHlRdWV1ZQ==',
  'java.lang.Runtime',
  'InvokerTransformer',
  '{"__proto__":{"x":1}}',
  '${jndi:ldap://x.oast.fun/a}',
  'sqlmap/1.7',
  'Nikto',
  '/.env',
  '/wp-admin/',
  'x.oast.pro',
  'require-cfg.js',
  'XDEBUG_SESSION_START',
  'command',
];

test('the eight detectors that had no gate are the ones gated here', () => {
  assert.equal(NEWLY_GATED.size, 8);
});

// The public corpora sit beside the repository (test/eval/corpus-dir.ts), not in it: a clone elsewhere
// has none, and the random and mutated values below still pin the gates.
const haveCorpora = fs.existsSync(CORPUS_DIR);

test(
  'gates are exact: the corpora values find the same hits with the gates as without, at every point',
  { skip: haveCorpora ? false : `no corpora at ${CORPUS_DIR}` },
  () => {
    const values = [
      ...EDGES,
      ...loadLibinjection().map((l) => l.value),
      ...loadHttpParams().map((l) => l.value),
      ...loadGotestwaf().map((g) => g.payload),
    ];
    // One value in 16 (every kind of value is there), so the test stays short under load.
    for (let i = 0; i < values.length; i++) if (i < EDGES.length || i % 16 === 0) assertSameHits(values[i]);
  },
);

test('gates are exact on random and mutated values (lengths at the bounds, `_`, `%`, `.`, non-ASCII)', () => {
  const chars = fc.constantFrom(...'aZmsdbx09_.%/\\:;|&$`\n\t (){}<>!#=\'"*+-@,~\u00e9\uff0e\u0000'.split(''));
  const mutate = (s: string, at: number, insert: string, drop: number): string => {
    const i = s.length === 0 ? 0 : at % (s.length + 1);
    return s.slice(0, i) + insert + s.slice(i + drop);
  };
  const text = fc.oneof(
    fc.array(chars, { maxLength: 40 }).map((a) => a.join('')),
    fc
      .tuple(fc.constantFrom(...EDGES), fc.nat(), fc.array(chars, { maxLength: 3 }), fc.nat(3))
      .map(([s, at, ins, drop]) => mutate(s, at, ins.join(''), drop)),
    fc.tuple(fc.constantFrom(...EDGES), fc.boolean()).map(([s, upper]) => (upper ? s.toUpperCase() : encodeURIComponent(s))),
    fc.string({ maxLength: 80 }),
  );
  fc.assert(fc.property(text, assertSameHits), { numRuns: 1500 });
});

test("code injection's pass is skipped only where it would find punctuation (the scan's NOT_BASE64 hint)", () => {
  const i = DETECTORS.findIndex((d) => d.cls === 'rce' && d.gate === null && d.minLength === 5);
  assert.ok(i >= 0, 'the code injection detector');
  const v: RequestValue = { point: ['query', 'q'], kind: 'query', name: 'q', value: '' };
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom(...EDGES)), (t) => {
      assert.equal(
        DETECTORS[i].test(t, v, ctx(false), true, gates.of(t)),
        DETECTORS[i].test(t, v, ctx(false), true),
        JSON.stringify(t),
      );
    }),
    { numRuns: 3000 },
  );
});
