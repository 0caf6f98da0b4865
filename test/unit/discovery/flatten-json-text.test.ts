import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { flattenJsonText } from '../../../node/analysis/discovery/json-fields';
import { extractFacts, type ObservedValue } from '../../../node/analysis/discovery/extract';
import { tx } from './tx';
import { flattenByDefinition } from './json-reference';

// flattenJsonText reads a response body's text instead of JSON.parse + flattenJson: for any text,
// JSON or not, it must give exactly what the two give (nothing when JSON.parse throws).

function fromText(text: string): ObservedValue[] | null {
  const out: ObservedValue[] = [];
  return flattenJsonText(text, out) ? out : null;
}

function same(text: string): void {
  assert.deepEqual(fromText(text), flattenByDefinition(text), `text: ${JSON.stringify(text.slice(0, 300))}`);
}

const ws = fc.constantFrom('', '', '', ' ', '\n', '\t ', '\r\n  ');
// Numbers in every spelling JSON allows (and the ones whose type is decided by their value).
const number = fc.oneof(
  fc.constantFrom('0', '-0', '1', '-1', '1.5', '1e2', '1E+2', '2e-1', '1.0', '-0.0', '12345678901234567890', '1e400', '-1e-400'),
  fc.constantFrom('9007199254740993', '4111111111111111', '0.1', '100', '5e0', '1'.repeat(320), `${'9'.repeat(320)}.5`),
  // Past 15 digits String writes the value with other digits: a card number by its text, none by its value.
  fc.constantFrom('41162162968871192', '435620146908998440', '-41162162968871192', '999999999999999', '-999999999999999'),
  // Fractions String writes otherwise (a trailing zero, below 1e-6, past 15 digits) and as written.
  fc.constantFrom('1.50', '12.340000', '0.10', '0.0000001', '0.0000009', '-0.00000050', '0.000001', '-0.5', '0.000123'),
  fc.constantFrom('123456789.012345', '123456789.0123456', '99999999999999.9', '4111111111.111111', '1.000000001'),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);
// Strings plain, with escapes of every kind, and values that have formats or are sensitive.
const chars = fc.string({
  maxLength: 10,
  unit: fc.constantFrom('a', 'Z', '0', ' ', '.', '@', '"', '\\', '/', '\n', '\u00e9', '\ud83d', '\u2028'),
});
const stringText = fc.oneof(
  chars.map((s) => JSON.stringify(s)),
  chars.map((s) => JSON.stringify(s).replace(/a/g, '\\u0061').replace(/\//g, '\\/')),
  fc
    .constantFrom(
      'jane@example.org',
      '4111111111111111',
      '2024-01-02',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig',
      '10.0.0.1',
      'DE89370400440532013000',
    )
    .map((s) => JSON.stringify(s)),
);
const literal = fc.constantFrom('true', 'false', 'null');
// Keys that repeat in one object, look like array indexes, or are path syntax.
const keyText = fc
  .oneof(
    fc.constantFrom(
      'a',
      'b',
      'id',
      'a.b',
      '[]',
      'password',
      'api_key',
      'email',
      'card',
      '__proto__',
      'constructor',
      '0',
      '1',
      '10',
      '01',
      '-1',
      '4294967295',
      '2x',
    ),
    chars,
  )
  .map((k) => JSON.stringify(k));

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, number, stringText, literal, tie('array'), tie('object')),
  array: fc
    .tuple(fc.array(fc.tuple(ws, tie('value'), ws), { maxLength: 25 }), ws)
    .map(([items, w]) => `[${w}${items.map(([a, v, b]) => a + (v as string) + b).join(',')}]`),
  object: fc
    .tuple(fc.array(fc.tuple(keyText, ws, ws, tie('value')), { maxLength: 8 }), ws)
    .map(([members, w]) => `{${w}${members.map(([k, a, b, v]) => `${k}${a}:${b}${v as string}`).join(',')}}`),
}));
const document = fc.tuple(ws, value, ws).map(([a, v, b]) => a + (v as string) + b);

// Small edits that make most texts invalid JSON (or, now and then, other valid JSON).
const edited = fc
  .tuple(
    document,
    fc.nat(),
    fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', 'e', '.', 'x', '\u0000', ' ', 'nul', 'tru'),
    fc.boolean(),
  )
  .map(([text, n, insert, cut]) => {
    const i = text.length === 0 ? 0 : n % text.length;
    return cut ? text.slice(0, i) + insert : text.slice(0, i) + insert + text.slice(i + 1);
  });

test('flattenJsonText: JSON.parse + flattenJson for any JSON text (every spelling, repeated and index-like keys)', () => {
  fc.assert(
    fc.property(document, (text) => same(text)),
    { numRuns: 3000 },
  );
});

test('flattenJsonText: a number described from its text only where String writes its value so (every spelling, names whose kinds read the text)', () => {
  // Sensitive kinds are judged on the value as String writes it: under these names its length and
  // digits decide (api_key from 8 characters, cards by Luhn, phones and ids by shape).
  const spellings = [
    ['0', '-0', '7', '-7', '123456789012345', '-123456789012345', '1234567890123456', '9199385038701219', '41162162968871192'],
    ['1.5', '1.50', '12.340000', '0.10', '-0.5', '-0.50', '0.000001', '0.0000010', '0.0000001', '0.0000009', '-0.00000050'],
    ['0.000123', '123456789.012345', '123456789.0123456', '99999999999999.9', '4111111111.111111', '1.000000001', '1.0', '-0.0'],
    ['1e2', '1E+2', '2e-1', '5e0', '1e400', '12345678.90'],
  ].flat();
  for (const name of ['api_key', 'password', 'phone', 'card', 'ssn', 'secret', 'x'])
    for (const n of spellings) same(`{"${name}": ${n}, "items": [${n}, 1.25]}`);
});

test('flattenJsonText: nothing for texts JSON.parse refuses, the same as it for edited texts it accepts', () => {
  fc.assert(
    fc.property(edited, (text) => same(text)),
    { numRuns: 3000 },
  );
});

test('flattenJsonText: documents read one after another share the path tree as flattenJson does', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(document, edited), { minLength: 2, maxLength: 8 }), (texts) => {
      for (const text of texts) same(text);
    }),
    { numRuns: 500 },
  );
});

test('flattenJsonText: caps (values, depth, items) and deep nesting as flattenJson', () => {
  const wide = JSON.stringify({
    items: Array.from({ length: 40 }, (_, i) => ({ [`f${i % 30}`]: i, [`g${i}`]: { h: [i, `${i}`] } })),
  });
  let deep = '"leaf"';
  for (let i = 0; i < 12; i++) deep = `{"k":[${deep},{"n":${i}}]}`;
  const nested = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
  const many = `{${Array.from({ length: 300 }, (_, i) => `"k${i}":${i}`).join(',')},"k3":"again"}`;
  const manyLateIndex = `{${Array.from({ length: 300 }, (_, i) => `"k${i}":${i}`).join(',')},"7":1}`;
  const wideItems = `[${Array.from({ length: 30 }, (_, i) => (i === 25 ? '{"a":1,"a":2}' : `{"a":${i}}`)).join(',')}]`;
  const bench = JSON.stringify({
    id: 7,
    items: Array.from({ length: 40 }, (_, i) => ({ sku: `SKU-${i}`, name: 'lorem ipsum', price: i / 4 })),
  });
  for (const text of [wide, deep, nested, `${nested}]`, many, manyLateIndex, wideItems, bench, bench.slice(0, -1)]) same(text);
  // The observations themselves (not only agreement): the bench's response shape.
  assert.deepEqual(
    fromText(bench)?.map((f) => `${f.name} ${f.type}`),
    [
      '$ object',
      '$.id integer',
      '$.items array',
      '$.items[] object',
      '$.items[].sku string',
      '$.items[].name string',
      '$.items[].price integer',
      '$.items[].price number',
    ],
  );
});

/** The definition of a JSON request body parameter's value (extract.ts scalarAt): the path's keys split on dots. */
function scalarBySplit(doc: unknown, name: string, type: string): string {
  if (type === 'object' || type === 'array' || name.includes('[')) return '';
  let v: unknown = doc;
  for (const key of name.slice(2).split('.')) {
    if (key === '' || typeof v !== 'object' || v === null) return '';
    v = (v as Record<string, unknown>)[key];
  }
  return v === undefined || v === null ? '' : String(v);
}

test('extractFacts: a JSON body parameter has the value at its path (first occurrence, scalars only), as split by dots', () => {
  fc.assert(
    fc.property(document, (text) => {
      let doc: unknown;
      try {
        doc = JSON.parse(text) as unknown;
      } catch {
        return;
      }
      const facts = extractFacts(
        tx({ method: 'POST', target: '/x', headers: [['Content-Type', 'application/json']], body: text }),
        { decompressBytes: 1 << 20 },
      );
      for (const p of facts.params) if (p.loc === 'body') assert.equal(p.value, scalarBySplit(doc, p.name, p.type), p.name);
    }),
    { numRuns: 1000 },
  );
});
