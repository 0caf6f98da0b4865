import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FingerprintSet, fingerprintKeys, sqlFingerprints } from '../../../node/analysis/attacks/detectors/sql-tokens';
import { SQLI_FINGERPRINTS } from '../../../node/analysis/attacks/detectors/sqli-fingerprints';
import { hasInjectionShape, isPlainProse } from '../../../node/analysis/attacks/detectors/sqli';

// The SQL lexer's shapes for inputs that reach each of its rules (the learned fingerprint set in
// sqli-fingerprints.ts was derived from these shapes: a change here needs test/eval/learn-sqli.ts rerun).
const SHAPES: [string, string[]][] = [
  ["1' OR '1'='1' --", ['1s1s1s', 's&sosc']],
  ['1 UNION ALL SELECT user, pass FROM users--', ['1UEn,nknc']],
  ['unıon select 1', ['UE1']], // dotless ı upper-cases to I, as SQL servers may read it
  ['ſelect * from t', ['Eokn']], // long s upper-cases to S
  ['Select SLEEP(5)', ['Ef(1)']],
  ['x.sleep (1)', ['n(1)']],
  ['SYS.USER()', ['n()']],
  ['a.b.c', ['n']],
  ['1union select', ['1UE']],
  ['0x1F OR 1e5 .5', ['1&11']],
  ["admin'--", ['ns', 'sc']],
  ['1 /*!50000UNION*/ SELECT', ['1UE']],
  ['1/**/OR/**/1', ['1&1']],
  ['@@version @x := 1', ['vvo1']],
  ['a <=> b || c && d', ['non&n&n']],
  ['-1 + -2 * 3 DIV 4', ['1']],
  ["1 mod 2 not like 'x'", ['1os', 'sns']],
  ["`col` [col] \"str\" 'it''s'", ['nns', 'snsns', 'sns']],
  ['order  by 1', ['B1']],
  ['group\tby x', ['Bn']],
  ['ORDER BYx', ['nn']],
  ['1st 10px', ['nn']],
  ['1; DROP TABLE t', ['1;Ekn']],
  ['x # comment\n y', ['nn']],
  ["waitfor delay '0:0:5'", ['Eks', 's1x1x1s']],
  ['é ß ñame', ['nnn']],
  ['the quick brown fox is in the order', ['nnnnoknn']],
  ["a\\'b", ['ns', 's']],
  ['~1 !x', ['1on']],
  ['CURRENT_USER() current_user', ['f()n']],
  ['\u00a0select\u00a0', ['E']],
  ['1 between 2 and 3', ['1o1']],
  ['a'.repeat(40) + ' union select', ['nUE']], // longer than any keyword: a name, looked up no further
];

test('sql lexer: token shapes of each rule', () => {
  for (const [value, shapes] of SHAPES) assert.deepEqual(sqlFingerprints(value), shapes, JSON.stringify(value));
});

test('sql lexer: a word is read the same in any letter case', () => {
  for (const w of ['select', 'union all', 'sleep(1)', 'order by', 'div', 'current_user()', 'not like']) {
    const shape = sqlFingerprints(`1 ${w.toUpperCase()} x`);
    assert.deepEqual(sqlFingerprints(`1 ${w} x`), shape, w);
    assert.deepEqual(sqlFingerprints(`1 ${w.replace(/^./, (c) => c.toUpperCase())} x`), shape, w);
  }
});

test('FingerprintSet.matches(shape) is "one of fingerprintKeys(shape) is in the set"', () => {
  const keys = [...SQLI_FINGERPRINTS];
  const set = new FingerprintSet(keys);
  const known = new Set(keys);
  const letter = fc.constantFrom(...'sn1kUEBf&ocv;(),x'.split(''));
  const shapes = fc.oneof(
    fc.array(letter, { maxLength: 8 }).map((a) => a.join('')),
    // Keys themselves, cut and extended: where matches has to be exact.
    fc
      .tuple(fc.constantFrom(...keys), fc.array(letter, { maxLength: 3 }), fc.nat(6))
      .map(([k, more, cut]) => (k.replace('$', '') + more.join('')).slice(0, cut)),
  );
  fc.assert(
    fc.property(shapes, (shape) => {
      assert.equal(
        set.matches(shape),
        fingerprintKeys(shape).some((k) => known.has(k)),
        JSON.stringify(shape),
      );
    }),
    { numRuns: 20000 },
  );
});

test('plain prose is never an injection shape (the detector skips lexing it)', () => {
  // The claim rests on the learned set: no fingerprint key is made of n, k, E, &, o, B and x only.
  for (const key of SQLI_FINGERPRINTS) assert.ok(!/^[nkE&oBx]+\$?$/.test(key), key);
  const words = [
    'select',
    'DELETE',
    'drop',
    'table',
    'from',
    'where',
    'and',
    'OR',
    'not',
    'like',
    'order',
    'by',
    'group',
    'having',
    'limit',
    'into',
    'values',
    'insert',
    'update',
    'set',
    'exec',
    'waitfor',
    'delay',
    'sleep',
    'users',
    'admin',
    'a.b',
    '.',
    ' ',
    '\n',
    'x',
    // What prose may not hold: the prefilter must send these to the lexer.
    'union',
    'Union all',
    'intersect',
    'except',
    'null',
    'TRUE',
    'false',
    '1',
    "'",
    '"',
    ',',
    '(',
    ')',
    ';',
    '--',
    '#',
    '@v',
  ];
  const text = fc.oneof(
    fc
      .array(fc.constantFrom(...words), { maxLength: 12 })
      .chain((ws) => fc.constantFrom(' ', '', '\t').map((sep) => ws.join(sep))),
    // Around the lexer's 48-token cap: what follows it is never read.
    fc
      .tuple(fc.integer({ min: 40, max: 52 }), fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }))
      .map(([n, tail]) => `${'word '.repeat(n)}${tail.join(' ')}`),
  );
  let prose = 0;
  fc.assert(
    fc.property(text, (value) => {
      if (!isPlainProse(value)) return;
      prose++;
      assert.equal(hasInjectionShape(value), false, JSON.stringify(value));
    }),
    { numRuns: 30000 },
  );
  assert.ok(prose > 1000, `only ${prose} prose values generated`);
  assert.ok(!isPlainProse('1 union select') && !isPlainProse('a null b') && !isPlainProse("it's") && !isPlainProse('a, b'));
});
